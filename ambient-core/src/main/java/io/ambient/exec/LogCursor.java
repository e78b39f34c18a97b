package io.ambient.exec;

import java.io.Serializable;

/**
 * How far a reader has got in a run's output: the number of complete lines already delivered, per stream.
 * A caller that persists the cursor after handling line N and follows again from it receives line N+1 next,
 * with nothing lost or repeated, also from a new process (this is what a Jenkins step keeps across a
 * controller restart).
 *
 * @param stdoutLines lines of stdout already delivered
 * @param stderrLines lines of stderr already delivered
 */
public record LogCursor(long stdoutLines, long stderrLines) implements Serializable {
    /** Nothing read yet. */
    public static final LogCursor START = new LogCursor(0, 0);

    public LogCursor {
        if (stdoutLines < 0 || stderrLines < 0) {
            throw new IllegalArgumentException("line counts cannot be negative");
        }
    }

    /** The cursor just after {@code line}. */
    public LogCursor after(OutputLine line) {
        return line.stream() == StdStream.STDOUT
                ? new LogCursor(Math.max(stdoutLines, line.index() + 1), stderrLines)
                : new LogCursor(stdoutLines, Math.max(stderrLines, line.index() + 1));
    }

    /** Whether {@code line} was already delivered to the reader that holds this cursor. */
    public boolean hasDelivered(OutputLine line) {
        return line.index() < (line.stream() == StdStream.STDOUT ? stdoutLines : stderrLines);
    }
}
