package io.ambient.exec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One stream of a container's log read with the engine's timestamps: takes the time off each entry and gives it to
 * the entry's bytes, so lines carry the time the agent wrote them, on the engine's clock like the run's start and
 * end, however late they are read.
 * <p>
 * The engine keeps a line as one entry, or a line longer than its buffer ({@value #ENTRY_MAX} bytes for the json-file
 * driver every run uses) as entries of exactly that size and a last one, and sends each entry in a frame of its own
 * after {@code 2006-01-02T15:04:05.000000000Z} and a space. docker-java hands a frame over in as many pieces as its
 * reads return, so a piece may end inside the time or start inside the text: the next entry's time is read after a
 * line's end or after a full entry, never elsewhere, so a time the agent prints is its text. A start that holds no
 * time is written as it came, at the time it was read.
 */
final class TimedLogStream {
    /** The json-file driver's buffer: a longer line arrives in entries of this many bytes. */
    static final int ENTRY_MAX = 16 * 1024;
    /** Longest time the engine writes, {@code 2006-01-02T15:04:05.000000000+07:00}, and its space. */
    private static final int MAX_PREFIX = 36;

    private final LineSplitter lines;
    private final byte[] prefix = new byte[MAX_PREFIX];
    private int prefixLength;
    private boolean atEntry = true;
    private int entryLength;
    private Instant time;
    private Instant first;
    private Instant last;
    private long storedBytes;

    TimedLogStream(LineSplitter lines) {
        this.lines = lines;
    }

    /** Writes one piece of the engine's frames. */
    void write(byte[] piece) {
        int at = 0;
        while (at < piece.length) {
            if (atEntry) {
                at = readPrefix(piece, at);
                continue;
            }
            int end = at;
            while (end < piece.length && piece[end] != '\n' && entryLength + end - at < ENTRY_MAX) {
                end++;
            }
            boolean newline = end < piece.length && piece[end] == '\n';
            end = newline ? end + 1 : end;
            lines.write(piece, at, end - at, time);
            storedBytes += JsonFileLog.textBytes(piece, at, end - at);
            entryLength += end - at;
            atEntry = newline || entryLength >= ENTRY_MAX;
            at = end;
        }
    }

    /** The line splitter's end of stream. */
    void finish() {
        if (prefixLength > 0) {
            lines.write(prefix, 0, prefixLength, Instant.now());
            prefixLength = 0;
        }
        lines.finish();
    }

    /** What the entries read so far take in the engine's json-file log ({@link JsonFileLog}). */
    long storedBytes() {
        return storedBytes;
    }

    /** The engine's time of the first entry read, or {@code null} before one. */
    Instant first() {
        return first;
    }

    /** The engine's time of the last entry read, or {@code null} before one. */
    Instant last() {
        return last;
    }

    /** Gathers the entry's time from {@code at}; returns where the entry's text starts, or the piece's end. */
    private int readPrefix(byte[] piece, int at) {
        while (at < piece.length && prefixLength < MAX_PREFIX) {
            byte next = piece[at++];
            prefix[prefixLength++] = next;
            if (next == ' ') {
                Instant parsed = parse(prefix, prefixLength - 1);
                if (parsed != null) {
                    first = first == null ? parsed : first;
                    last = parsed;
                    startEntry(parsed);
                    prefixLength = 0;
                    return at;
                }
                break;
            }
        }
        if (at == piece.length && prefixLength < MAX_PREFIX && prefix[prefixLength - 1] != ' ') {
            return at; // the time goes on in the next piece
        }
        // No time where one belongs: the bytes are the agent's, read now.
        startEntry(Instant.now());
        lines.write(prefix, 0, prefixLength, time);
        storedBytes += JsonFileLog.textBytes(prefix, 0, prefixLength);
        entryLength = prefixLength;
        prefixLength = 0;
        return at;
    }

    private void startEntry(Instant at) {
        storedBytes += JsonFileLog.ENTRY_OVERHEAD;
        time = at;
        atEntry = false;
        entryLength = 0;
    }

    private static Instant parse(byte[] bytes, int length) {
        if (length < 20 || bytes[0] < '0' || bytes[0] > '9') {
            return null;
        }
        try {
            return Instant.parse(new String(bytes, 0, length, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
