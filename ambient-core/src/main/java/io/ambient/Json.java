package io.ambient;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The one JSON mapping of the project's documents (reports, run tickets, process-run state). */
public final class Json {
    /**
     * ISO-8601 instants; enums as lower-case names ({@code timed_out}); unknown properties ignored on read, so an
     * older reader survives a newer document; indented, because people read these files.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private Json() {
    }

    /** Writes {@code value} to {@code target} through a temporary file and a rename: readers never see half a file. */
    public static void writeAtomically(Object value, Path target) throws IOException {
        write(value, target, false);
    }

    /**
     * Like {@link #writeAtomically}, and on disk before it returns: the file's data and the directory entry are
     * synced, so the file survives a power loss too (the tracking outbox's promise).
     */
    public static void writeDurably(Object value, Path target) throws IOException {
        write(value, target, true);
    }

    private static void write(Object value, Path target, boolean sync) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(value);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                if (sync) {
                    channel.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (sync) {
                // The rename is durable once the directory is: Linux syncs a directory opened for reading.
                try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                    directory.force(true);
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
