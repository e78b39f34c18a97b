package io.ambient.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw bytes of one stream, in chunks of any size, into numbered {@link OutputLine}s. Memory is bounded by
 * {@link OutputLine#MAX_LENGTH}: a longer line is delivered in pieces. UTF-8 sequences split across chunks are kept
 * whole. Lines already covered by the starting cursor are counted but not delivered. Not thread-safe: one per stream.
 */
public final class LineSplitter {
    private final StdStream stream;
    private final long skip;
    private final OutputSink sink;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
    private long next;

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

    public void write(byte[] bytes, int offset, int length) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                emitPending();
                start = i + 1;
            } else if (pending.size() + (i - start) >= OutputLine.MAX_LENGTH) {
                pending.write(bytes, start, i - start);
                start = i;
                emitLongPiece();
            }
        }
        pending.write(bytes, start, end - start);
    }

    public void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    /** Delivers a last line that had no terminator. Call once, at the end of the stream. */
    public void finish() {
        if (pending.size() > 0) {
            emitPending();
        }
    }

    /** Lines seen so far, delivered or skipped. */
    public long lineCount() {
        return next;
    }

    private void emitPending() {
        byte[] line = pending.toByteArray();
        pending.reset();
        int length = line.length;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        deliver(new String(line, 0, length, StandardCharsets.UTF_8), false);
    }

    /** Emits the pending bytes up to the last complete UTF-8 sequence, keeping the rest pending. */
    private void emitLongPiece() {
        byte[] bytes = pending.toByteArray();
        int cut = bytes.length;
        // Back off over continuation bytes (10xxxxxx) and the lead byte they belong to.
        int back = cut - 1;
        while (back > 0 && (bytes[back] & 0xC0) == 0x80) {
            back--;
        }
        if ((bytes[back] & 0x80) != 0 && cut - back < utf8Length(bytes[back])) {
            cut = back;
        }
        pending.reset();
        pending.write(bytes, cut, bytes.length - cut);
        deliver(new String(bytes, 0, cut, StandardCharsets.UTF_8), true);
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
            sink.accept(new OutputLine(stream, index, text, continues));
        }
    }
}
