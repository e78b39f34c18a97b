package io.ambient.tracking;

import io.ambient.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * A durable queue of records waiting for delivery: a directory with, per run, {@code <runId>.record.json} (the
 * exact bytes to send) and {@code <runId>.state.json} (an {@link OutboxEntry}: attempts, next attempt time).
 *
 * <p>Why files: a record is written before any delivery is tried, so a process killed at any point loses nothing;
 * the next publisher over the same directory delivers it. Both files are written atomically (temporary file and
 * rename), so a reader never sees half a record, and {@link #put} syncs the record to disk (file and directory) before
 * it returns, so a power loss loses nothing either. A record without its state file (killed between the two writes,
 * or the state lost with the power) counts as freshly enqueued.
 *
 * <p>Putting a record for a run id that is already pending replaces it: one run, one record. The outbox holds at
 * most {@code maxRecords}; when full, the oldest record is dropped, each drop announced by a warning first.
 *
 * <p>Safe for use by several threads of one process, and by several processes. Whoever delivers first
 * {@link #claim claims} the outbox: one deliverer at a time, so two publishers never send the same record twice. The
 * claim is an OS lock on a file of the directory, not a marker on each record: the OS releases it when its process
 * dies, so a crashed publisher strands nothing and no claim ever needs to expire. Delivery stays at least once: a
 * publisher killed after the receiver took a record but before removing it leaves it for the next one, and the
 * receiver's PUT by run id makes that repeat harmless.
 */
public final class Outbox {
    /** Records kept when the caller does not say. */
    public static final int DEFAULT_MAX_RECORDS = 1000;

    static final String RECORD_SUFFIX = ".record.json";
    /** Locked by whoever delivers; hidden, like the temporary files that {@link #entries()} skips. */
    static final String CLAIM_FILE = ".delivery.lock";
    private static final long CLAIM_RETRY_MILLIS = 50;
    // An OS file lock is the process's: a second one from this JVM would throw, so threads take turns here first.
    private static final ConcurrentMap<Path, ReentrantLock> CLAIMED_HERE = new ConcurrentHashMap<>();
    static final String STATE_SUFFIX = ".state.json";
    // Valid run ids (RunIds) are already safe file names; anything else is hashed rather than trusted as a path.
    private static final Pattern SAFE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    private final Path dir;
    private final int maxRecords;
    private final TrackingListener listener;
    private final Clock clock;

    /**
     * @param dir        the outbox directory, created when missing
     * @param maxRecords the most records kept, at least 1
     * @param listener   told (loudly) about dropped records
     * @param clock      for enqueue times
     */
    public Outbox(Path dir, int maxRecords, TrackingListener listener, Clock clock) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1: " + maxRecords);
        }
        this.dir = Objects.requireNonNull(dir, "dir");
        this.maxRecords = maxRecords;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /** The most records kept. */
    public int maxRecords() {
        return maxRecords;
    }

    /**
     * Writes {@code record} for delivery, replacing a pending record of the same run. Makes room first when the
     * outbox is full, dropping the oldest records with a warning each.
     *
     * @return the entry written
     */
    public synchronized OutboxEntry put(TrackingRecord record) throws IOException {
        String key = key(record.runId());
        Files.createDirectories(dir);
        if (!Files.exists(recordFile(key)) && recordCount() >= maxRecords) {
            makeRoom();
        }
        // Record first, then state: a crash in between leaves a record that entries() treats as fresh. So only the
        // record needs syncing; a state lost with the power is rebuilt the same way.
        Json.writeDurably(record, recordFile(key));
        OutboxEntry entry = OutboxEntry.fresh(record.runId(), clock.instant());
        Json.writeAtomically(entry, stateFile(key));
        return entry;
    }

    /**
     * Claims the outbox for delivering its records, waiting up to {@code wait} while another publisher, in this
     * process or another, has it.
     *
     * @return the claim, to close when done; empty when it is still someone else's after {@code wait}
     */
    public Optional<Claim> claim(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        ReentrantLock here = CLAIMED_HERE.computeIfAbsent(dir.toAbsolutePath().normalize(), key -> new ReentrantLock());
        try {
            if (!here.tryLock(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(CLAIM_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                for (FileLock lock = channel.tryLock(); ; lock = channel.tryLock()) {
                    if (lock != null) {
                        return Optional.of(new Claim(channel, here));
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        break;
                    }
                    Thread.sleep(CLAIM_RETRY_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.close();
        } catch (IOException | RuntimeException e) {
            here.unlock();
            throw e;
        }
        here.unlock();
        return Optional.empty();
    }

    /** Every pending record's state, oldest first; parked ones included. */
    public synchronized List<OutboxEntry> entries() throws IOException {
        List<OutboxEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // temporary files of atomic writes
                }
                if (name.endsWith(STATE_SUFFIX)) {
                    String key = name.substring(0, name.length() - STATE_SUFFIX.length());
                    if (!Files.exists(recordFile(key))) {
                        Files.deleteIfExists(file); // killed between the two deletes of remove()
                    }
                } else if (name.endsWith(RECORD_SUFFIX)) {
                    readEntry(name.substring(0, name.length() - RECORD_SUFFIX.length())).ifPresent(entries::add);
                }
            }
        }
        entries.sort(Comparator.comparing(OutboxEntry::enqueuedAt).thenComparing(OutboxEntry::runId));
        return entries;
    }

    /** How many records are pending. */
    public int size() throws IOException {
        return entries().size();
    }

    /**
     * The bytes to send for {@code entry}, if the record is still the one {@code entry} describes (not delivered,
     * dropped or replaced meanwhile).
     */
    public synchronized Optional<byte[]> body(OutboxEntry entry) throws IOException {
        if (!isCurrent(entry)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(recordFile(key(entry.runId()))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Records the outcome of an attempt. Ignored when the record was replaced or removed since {@code previous}
     * was read: the new record has its own, fresh state.
     */
    public synchronized void update(OutboxEntry previous, OutboxEntry updated) throws IOException {
        if (isCurrent(previous)) {
            Json.writeAtomically(updated, stateFile(key(updated.runId())));
        }
    }

    /**
     * Removes a delivered record, unless it was replaced since {@code delivered} was read: the newer record still
     * has to go out.
     *
     * @return whether it was removed
     */
    public synchronized boolean remove(OutboxEntry delivered) throws IOException {
        if (!isCurrent(delivered)) {
            return false;
        }
        delete(key(delivered.runId()));
        return true;
    }

    private boolean isCurrent(OutboxEntry entry) throws IOException {
        String key = key(entry.runId());
        if (!Files.exists(recordFile(key))) {
            return false;
        }
        return readEntry(key).map(current -> current.enqueuedAt().equals(entry.enqueuedAt())).orElse(false);
    }

    /** Record files, counted by name: cheap, unlike {@link #entries()}, which reads every state file. */
    private int recordCount() throws IOException {
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + RECORD_SUFFIX)) {
            for (Path ignored : files) {
                count++;
            }
        }
        return count;
    }

    private void makeRoom() throws IOException {
        List<OutboxEntry> entries = entries();
        for (int i = 0; entries.size() - i >= maxRecords; i++) {
            OutboxEntry oldest = entries.get(i);
            // Warn before dropping: losing a record must never be silent.
            listener.warning("tracking outbox " + dir.toAbsolutePath() + " is full (" + maxRecords
                    + " records): dropping the oldest undelivered record, run " + oldest.runId() + " (enqueued "
                    + oldest.enqueuedAt() + ", " + oldest.attempts() + " failed attempt(s)"
                    + (oldest.parked() ? ", parked" : "")
                    + (oldest.lastError() == null ? "" : ", last error: " + oldest.lastError())
                    + "). Run records are being lost: check that the tracking endpoint is reachable and accepts"
                    + " the token, or raise the outbox limit.");
            delete(key(oldest.runId()));
        }
    }

    private void delete(String key) throws IOException {
        // Record first: a crash in between leaves an orphan state file, which entries() cleans up.
        Files.deleteIfExists(recordFile(key));
        Files.deleteIfExists(stateFile(key));
    }

    private Optional<OutboxEntry> readEntry(String key) throws IOException {
        Path record = recordFile(key);
        Path state = stateFile(key);
        try {
            return Optional.of(Json.MAPPER.readValue(state.toFile(), OutboxEntry.class));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            // fall through: a record whose state was never written
        } catch (IOException e) {
            listener.warning("tracking outbox: unreadable state file " + state + " (" + e.getMessage()
                    + "); retrying its record from scratch");
        }
        try {
            String runId = Json.MAPPER.readTree(record.toFile()).path("runId").asText(key);
            return Optional.of(orphan(runId, record));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A record that is not JSON cannot come from put(); send it anyway and let the receiver judge.
            return Optional.of(orphan(key, record));
        }
    }

    // A record without state: as old as its file, and due at once (whatever the clock says).
    private static OutboxEntry orphan(String runId, Path record) throws IOException {
        return new OutboxEntry(runId, Files.getLastModifiedTime(record).toInstant(), 0, Instant.EPOCH, false, null);
    }

    private Path recordFile(String key) {
        return dir.resolve(key + RECORD_SUFFIX);
    }

    private Path stateFile(String key) {
        return dir.resolve(key + STATE_SUFFIX);
    }

    /** The outbox claimed for delivery; closing releases it (so does the end of the process). */
    public static final class Claim implements AutoCloseable {
        private final FileChannel channel;
        private final ReentrantLock here;

        private Claim(FileChannel channel, ReentrantLock here) {
            this.channel = channel;
            this.here = here;
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close(); // releases the lock
            } finally {
                here.unlock();
            }
        }
    }

    static String key(String runId) {
        Objects.requireNonNull(runId, "runId");
        if (SAFE.matcher(runId).matches()) {
            return runId;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(runId.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("no SHA-256", e));
        }
    }
}
