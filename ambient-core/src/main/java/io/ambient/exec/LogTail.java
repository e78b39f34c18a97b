package io.ambient.exec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Reads a growing log file incrementally into a {@link LineSplitter}: a fixed buffer, never the whole file, and a
 * bounded amount per call, so a caller between calls can act (kill at a deadline) however fast the file grows.
 */
final class LogTail implements AutoCloseable {
    private static final int MAX_READS_PER_POLL = 16;
    private final Path file;
    private final LineSplitter lines;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private FileChannel channel;

    LogTail(Path file, LineSplitter lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads what was appended since the last call, up to 1 MiB; returns whether there was anything. */
    boolean poll() throws IOException {
        if (channel == null) {
            if (!Files.exists(file)) {
                return false;
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        boolean read = false;
        for (int reads = 0; reads < MAX_READS_PER_POLL && channel.read(buffer.clear()) > 0; reads++) {
            lines.write(buffer.array(), 0, buffer.position());
            read = true;
        }
        return read;
    }

    /** Reads to the file's end or until {@code until} passes; returns whether it got to the end. */
    boolean drain(Instant until) throws IOException {
        while (poll()) {
            if (Instant.now().isAfter(until)) {
                return channel.position() >= channel.size();
            }
        }
        return true;
    }

    void finish() {
        lines.finish();
    }

    long lines() {
        return lines.lineCount();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
