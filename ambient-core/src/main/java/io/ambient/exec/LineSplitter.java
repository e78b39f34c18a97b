package io.ambient.exec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Turns the raw bytes of one stream, in chunks of any size, into numbered {@link OutputLine}s. Memory is bounded by
 * {@link OutputLine#MAX_LENGTH}: a longer line is delivered in pieces. UTF-8 sequences split across chunks are kept
 * whole. Lines already covered by the starting cursor are counted but not delivered. Not thread-safe: one per stream.
 */
public final class LineSplitter {
    private final StdStream stream;
    private final long skip;
    private final OutputSink sink;
    private byte[] pending = new byte[256];
    private int pendingLength;
    private long next;
    private Instant time;

    /**
     * @param stream the stream these bytes belong to
     * @param skip   lines to count without delivering (the cursor's position in this stream)
     * @param sink   where complete lines go
     */
    public LineSplitter(StdStream stream, long skip, OutputSink sink) {
        this.stream = stream;
        this.skip = skip;
        this.sink = sink;
    }

    /** Bytes written now. */
    public void write(byte[] bytes, int offset, int length) {
        write(bytes, offset, length, Instant.now());
    }

    /** Bytes written at {@code at}: a line takes the time of the bytes that end it. */
    public void write(byte[] bytes, int offset, int length, Instant at) {
        time = at;
        int start = offset;
        int end = offset + length;
        while (start < end) {
            int newline = start;
            while (newline < end && bytes[newline] != '\n') {
                newline++;
            }
            append(bytes, start, newline - start);
            if (newline == end) {
                return;
            }
            emitPending();
            start = newline + 1;
        }
    }

    public void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    /** Delivers a last line that had no terminator. Call once, at the end of the stream. */
    public void finish() {
        if (pendingLength > 0) {
            emitPending();
        }
    }

    /** Lines seen so far, delivered or skipped. */
    public long lineCount() {
        return next;
    }

    /** Adds bytes of the current line; a full buffer that gets more is delivered as a piece first. */
    private void append(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (pendingLength == OutputLine.MAX_LENGTH) {
                emitLongPiece();
            }
            int count = Math.min(length, OutputLine.MAX_LENGTH - pendingLength);
            if (pendingLength + count > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.min(OutputLine.MAX_LENGTH,
                        Math.max(pending.length * 2, pendingLength + count)));
            }
            System.arraycopy(bytes, offset, pending, pendingLength, count);
            pendingLength += count;
            offset += count;
            length -= count;
        }
    }

    private void emitPending() {
        int length = pendingLength;
        if (length > 0 && pending[length - 1] == '\r') {
            length--;
        }
        pendingLength = 0;
        deliver(new String(pending, 0, length, StandardCharsets.UTF_8), false);
    }

    /** Emits the pending bytes up to the last complete UTF-8 sequence, keeping the rest pending. */
    private void emitLongPiece() {
        int cut = pendingLength;
        // Back off over continuation bytes (10xxxxxx) and the lead byte they belong to.
        int back = cut - 1;
        while (back > 0 && (pending[back] & 0xC0) == 0x80) {
            back--;
        }
        if ((pending[back] & 0x80) != 0 && cut - back < utf8Length(pending[back])) {
            cut = back;
        }
        String piece = new String(pending, 0, cut, StandardCharsets.UTF_8);
        System.arraycopy(pending, cut, pending, 0, pendingLength - cut);
        pendingLength -= cut;
        deliver(piece, true);
    }

    private static int utf8Length(byte lead) {
        if ((lead & 0xE0) == 0xC0) {
            return 2;
        }
        if ((lead & 0xF0) == 0xE0) {
            return 3;
        }
        return (lead & 0xF8) == 0xF0 ? 4 : 1;
    }

    private void deliver(String text, boolean continues) {
        long index = next++;
        if (index >= skip) {
            sink.accept(new OutputLine(stream, index, text, continues, time));
        }
    }
}
