package io.ambient.jenkins.steps;

import io.ambient.Json;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The files a fan-out keeps in its directory on the node, beside ambient-core's {@code fanout.json}: they are how the
 * step follows and stops it from the controller, also after a restart. Files, not objects in memory: the classes a
 * controller sends are loaded again for each connection (remoting's class loaders belong to the channel), so after an
 * agent reconnects nothing of the first connection's static state is visible, while the files and the JVM's file locks
 * are. Three states: running (its lock is held in the node's JVM), ended (the end marker is there), lost (neither: the
 * JVM that ran it is gone).
 */
final class FanOutFiles {
    /** The fan-out's output as the build log shows it: prefixed, masked, appended and flushed line by line. */
    static final String LOG = "fanout.log";
    /** The id of every run the fan-out starts, one a line, written before the run starts. */
    static final String STARTED_RUNS = "started-runs.txt";
    /** Locked by the fan-out's thread from its start until the end marker is written; the lock dies with the JVM. */
    static final String LOCK = "fanout.lock";
    /** Asks the running fan-out to stop. */
    static final String CANCEL = "fanout.cancel";
    /** Written atomically and last, when the fan-out's thread has finished: {@code fanout.json} is final then. */
    static final String END = "fanout-end.json";

    private FanOutFiles() {
    }

    /**
     * How the fan-out's thread ended.
     *
     * @param error why it failed (one line, secrets masked), or {@code null} when {@code fanout.json} was written
     */
    record End(String error) {
    }

    /** Takes the fan-out's lock for as long as the returned channel is open. */
    static FileChannel lock(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.lock();
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether a JVM on this machine holds the fan-out's lock: this one (any class loader) or another. */
    static boolean isRunning(Path dir) throws IOException {
        Path lock = dir.resolve(LOCK);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock free = channel.tryLock();
            if (free == null) {
                return true;
            }
            free.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    static void writeEnd(Path dir, String error) throws IOException {
        Json.writeAtomically(new End(error), dir.resolve(END));
    }

    /** The end marker, or {@code null} while there is none. */
    static End readEnd(Path dir) throws IOException {
        Path file = dir.resolve(END);
        return Files.isRegularFile(file) ? Json.MAPPER.readValue(file.toFile(), End.class) : null;
    }

    static void requestCancel(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CANCEL), "cancel\n");
    }

    static boolean cancelRequested(Path dir) {
        return Files.exists(dir.resolve(CANCEL));
    }
}
