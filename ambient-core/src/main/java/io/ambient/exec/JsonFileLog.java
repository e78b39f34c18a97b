package io.ambient.exec;

/**
 * How much of the engine's disk Docker's {@code json-file} log driver uses for a piece of output: each line becomes a
 * JSON object ({@code {"log":"...\n","stream":"stdout","time":"2026-12-07T15:42:00.123456789Z"}}) with the text
 * escaped. Its rotation ({@code max-size}) counts these bytes, not the output's.
 */
final class JsonFileLog {
    /**
     * The object around one line, its newline included: keys, stream name, the longest timestamp, the escaped newline
     * and the file's own. (Invalid UTF-8, which becomes {@code \ufffd}, is not counted: an estimate from below there.)
     */
    static final int LINE_OVERHEAD = 71;

    private JsonFileLog() {
    }

    /** The stored size of {@code payload}: its bytes, their escapes, and the overhead of each line it ends. */
    static long storedBytes(byte[] payload) {
        long bytes = payload.length;
        for (byte b : payload) {
            if (b == '\n') {
                bytes += LINE_OVERHEAD - 1;
            } else if (b == '"' || b == '\\' || b == '\r') {
                bytes += 1;
            } else if (b >= 0 && b < 0x20 || b == '<' || b == '>' || b == '&') {
                bytes += 5; // \\u00XX: Docker's encoder escapes other control characters, and <, > and & as in HTML
            }
        }
        return bytes;
    }
}
