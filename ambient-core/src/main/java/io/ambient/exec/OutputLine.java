package io.ambient.exec;

import java.time.Instant;

/**
 * One line of agent output, without its line terminator.
 *
 * @param stream    the stream it was written to
 * @param index     0-based position of this line within its stream; what {@link LogCursor} counts
 * @param text      the line; lines longer than {@link #MAX_LENGTH} characters arrive split into several lines
 * @param continues this is a piece of a longer line, which goes on in the next line of the same stream
 * @param time      when the agent wrote it: the engine's log time in a container, when it was read from a local
 *                  process. The same line read again later (a follower that re-attaches) has the same time in a
 *                  container, on the engine's clock, like the run's start and end
 */
public record OutputLine(StdStream stream, long index, String text, boolean continues, Instant time) {
    /** Longest line delivered in one piece; bounds memory whatever the agent prints. */
    public static final int MAX_LENGTH = 64 * 1024;

    /** A complete line written now. */
    public OutputLine(StdStream stream, long index, String text) {
        this(stream, index, text, false, Instant.now());
    }

    /** This line with another text, e.g. masked. */
    public OutputLine withText(String other) {
        return new OutputLine(stream, index, other, continues, time);
    }
}
