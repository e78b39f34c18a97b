package io.ambient.exec;

/**
 * One line of agent output, without its line terminator.
 *
 * @param stream    the stream it was written to
 * @param index     0-based position of this line within its stream; what {@link LogCursor} counts
 * @param text      the line; lines longer than {@link #MAX_LENGTH} characters arrive split into several lines
 * @param continues this is a piece of a longer line, which goes on in the next line of the same stream
 */
public record OutputLine(StdStream stream, long index, String text, boolean continues) {
    /** Longest line delivered in one piece; bounds memory whatever the agent prints. */
    public static final int MAX_LENGTH = 64 * 1024;

    /** A complete line. */
    public OutputLine(StdStream stream, long index, String text) {
        this(stream, index, text, false);
    }
}
