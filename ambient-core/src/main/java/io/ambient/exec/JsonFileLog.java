package io.ambient.exec;

/**
 * How much of the engine's disk Docker's {@code json-file} log driver uses for a run's output: each entry (a line, or
 * a {@value TimedLogStream#ENTRY_MAX}-byte piece of a longer one) becomes a JSON object
 * ({@code {"log":"...\n","stream":"stdout","time":"2026-12-07T15:42:00.123456789Z"}}) with the text escaped. Its
 * rotation ({@code max-size}) counts these bytes, not the output's.
 */
final class JsonFileLog {
    /**
     * The object around one entry's text, the file's newline included: keys, stream name, the longest timestamp.
     * (Invalid UTF-8, which becomes {@code \ufffd}, is not counted: an estimate from below there.)
     */
    static final int ENTRY_OVERHEAD = 69;

    private JsonFileLog() {
    }

    /** The stored size of an entry's text: its bytes and their escapes. */
    static long textBytes(byte[] text, int offset, int length) {
        long bytes = length;
        for (int i = offset; i < offset + length; i++) {
            byte b = text[i];
            if (b == '\n' || b == '"' || b == '\\' || b == '\r') {
                bytes += 1;
            } else if (b >= 0 && b < 0x20 || b == '<' || b == '>' || b == '&') {
                bytes += 5; // \\u00XX: Docker's encoder escapes other control characters, and <, > and & as in HTML
            }
        }
        return bytes;
    }
}
