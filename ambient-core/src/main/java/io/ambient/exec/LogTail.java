package io.ambient.exec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads a growing log file incrementally into a {@link LineSplitter}: a fixed buffer, never the whole file. */
final class LogTail implements AutoCloseable {
    private final Path file;
    private final LineSplitter lines;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private FileChannel channel;

    LogTail(Path file, LineSplitter lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads what was appended since the last call; returns whether there was anything. */
    boolean poll() throws IOException {
        if (channel == null) {
            if (!Files.exists(file)) {
                return false;
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        boolean read = false;
        while (channel.read(buffer.clear()) > 0) {
            lines.write(buffer.array(), 0, buffer.position());
            read = true;
        }
        return read;
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
