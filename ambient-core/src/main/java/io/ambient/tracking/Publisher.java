package io.ambient.tracking;

import io.ambient.report.RunReport;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes run records to the tracking endpoint through the {@link Outbox}.
 *
 * <p>{@link #enqueue(RunReport)} only writes the record to disk and returns: the agent run never waits on the
 * network. Delivery happens in {@link #flush(Duration)} (bounded by the caller's time) or, after {@link #start()},
 * on a background daemon thread that the caller never waits for. Records that are not delivered stay in the
 * outbox and are retried, with backoff, by this or any later publisher over the same directory.
 */
public final class Publisher implements AutoCloseable {
    // The background thread also rescans this often, to pick up records other processes left in the outbox.
    private static final Duration MAX_IDLE = Duration.ofSeconds(30);

    private final Outbox outbox;
    private final TrackingClient client;
    private final RetryPolicy retry;
    private final TrackingListener listener;
    private final Clock clock;
    // One sender at a time, so flush() and the background thread never send the same record twice at once.
    private final ReentrantLock sending = new ReentrantLock();
    private final Object wakeUp = new Object();
    private boolean woken;
    private volatile boolean closed;
    private Thread worker;

    /**
     * @param outbox   where records wait
     * @param client   sends them
     * @param retry    when to try again after a failure
     * @param listener told about deliveries, retries, parked and dropped records
     * @param clock    for due times
     */
    public Publisher(Outbox outbox, TrackingClient client, RetryPolicy retry, TrackingListener listener,
                     Clock clock) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.client = Objects.requireNonNull(client, "client");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A publisher for {@code config}, on the system clock; not started. */
    public static Publisher create(TrackingConfig config, TrackingListener listener) {
        return new Publisher(new Outbox(config.outbox(), config.maxRecords(), listener, Clock.systemUTC()),
                new TrackingClient(config.endpoint(), config.token(), config.connectTimeout(), config.callTimeout()),
                config.retry(), listener, Clock.systemUTC());
    }

    /** The outbox. */
    public Outbox outbox() {
        return outbox;
    }

    /**
     * Writes the record of {@code report} to the outbox and returns; never touches the network. A pending record
     * of the same run is replaced.
     *
     * @return whether the record is safely on disk; when not, a warning says why (a tracking problem must not
     *         fail the run)
     */
    public boolean enqueue(RunReport report) {
        try {
            outbox.put(TrackingRecord.of(report));
        } catch (IOException | RuntimeException e) {
            listener.warning("cannot write the tracking record of run " + report.runId() + " to "
                    + outbox.directory() + ": " + e + "; it will not be published");
            return false;
        }
        wake();
        return true;
    }

    /**
     * Sends the records that are due, oldest first, until none is left or {@code max} has passed. Each attempt is
     * cut to the time left, so this returns within about {@code max}.
     */
    public FlushResult flush(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            if (!sending.tryLock(max.toNanos(), TimeUnit.NANOSECONDS)) {
                return new FlushResult(0, 0, 0, pendingCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FlushResult(0, 0, 0, pendingCount());
        }
        try {
            return sendDue(deadline);
        } finally {
            sending.unlock();
        }
    }

    /**
     * Makes parked records (refused by the receiver, e.g. for a wrong token) due again; for after the cause has
     * been fixed.
     *
     * @return how many were unparked
     */
    public int retryParked() throws IOException {
        int count = 0;
        for (OutboxEntry entry : outbox.entries()) {
            if (entry.parked()) {
                outbox.update(entry, entry.unpark(clock.instant()));
                count++;
            }
        }
        if (count > 0) {
            wake();
        }
        return count;
    }

    /**
     * Makes records waiting for their backoff due now, for when someone asks to publish at once; parked records stay
     * parked (see {@link #retryParked()}).
     *
     * @return how many were made due
     */
    public int retryWaitingNow() throws IOException {
        int count = 0;
        Instant now = clock.instant();
        for (OutboxEntry entry : outbox.entries()) {
            if (!entry.parked() && entry.nextAttemptAt().isAfter(now)) {
                outbox.update(entry, new OutboxEntry(entry.runId(), entry.enqueuedAt(), entry.attempts(), now, false,
                        entry.lastError()));
                count++;
            }
        }
        return count;
    }

    /**
     * Starts delivering in the background, on a daemon thread: records are sent as they are enqueued and retried
     * when due. The caller never waits for it.
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("publisher closed");
        }
        if (worker == null) {
            worker = new Thread(this::runInBackground, "ambient-tracking-publisher");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /**
     * Stops the background thread, cancelling a delivery in flight; undelivered records stay in the outbox for the
     * next publisher. Call {@link #flush(Duration)} first to give them a last chance.
     */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            closed = true;
            thread = worker;
        }
        wake();
        client.cancelAll();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }

    private void runInBackground() {
        while (!closed) {
            Duration idle = MAX_IDLE;
            sending.lock();
            try {
                sendDue(System.nanoTime() + MAX_IDLE.toNanos());
                idle = untilNextDue();
            } catch (RuntimeException e) {
                listener.warning("tracking publisher: " + e);
            } finally {
                sending.unlock();
            }
            sleep(idle);
        }
    }

    private FlushResult sendDue(long deadline) {
        // Listed only once the outbox is ours: another publisher may have delivered records meanwhile.
        try (Outbox.Claim claim = outbox.claim(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
                .orElse(null)) {
            return claim == null ? new FlushResult(0, 0, 0, pendingCount()) : sendClaimed(deadline);
        } catch (IOException e) {
            listener.warning("cannot claim tracking outbox " + outbox.directory() + " for delivery: " + e);
            return new FlushResult(0, 0, 0, pendingCount());
        }
    }

    private FlushResult sendClaimed(long deadline) {
        int delivered = 0;
        int retrying = 0;
        int parked = 0;
        List<OutboxEntry> entries;
        try {
            entries = outbox.entries();
        } catch (IOException e) {
            listener.warning("cannot read tracking outbox " + outbox.directory() + ": " + e);
            return new FlushResult(0, 0, 0, -1);
        }
        for (OutboxEntry entry : entries) {
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                break;
            }
            if (!entry.dueAt(clock.instant())) {
                continue;
            }
            try {
                Optional<byte[]> body = outbox.body(entry);
                if (body.isEmpty()) {
                    continue; // delivered, dropped or replaced since the listing
                }
                DeliveryOutcome outcome = client.send(entry.runId(), body.get(), Duration.ofNanos(left));
                if (outcome instanceof DeliveryOutcome.Delivered d) {
                    outbox.remove(entry);
                    delivered++;
                    listener.info("published run " + entry.runId() + " (HTTP " + d.status() + ")");
                } else if (outcome instanceof DeliveryOutcome.Retry r) {
                    if (closed) {
                        break; // cancelled by close(): not the receiver's fault, do not count it
                    }
                    Duration delay = retry.delay(entry.attempts() + 1, ThreadLocalRandom.current().nextDouble(),
                            r.retryAfter());
                    Instant next = clock.instant().plus(delay);
                    outbox.update(entry, entry.failed(r.reason(), next));
                    retrying++;
                    listener.info("tracking: run " + entry.runId() + " not delivered (" + r.reason()
                            + "); attempt " + (entry.attempts() + 2) + " at " + next);
                } else if (outcome instanceof DeliveryOutcome.Rejected j) {
                    outbox.update(entry, entry.park(j.reason()));
                    parked++;
                    listener.warning("tracking endpoint refused run " + entry.runId() + ": " + j.reason()
                            + ". The record stays in " + outbox.directory()
                            + " and is not retried until the cause is fixed (Publisher.retryParked).");
                }
            } catch (IOException e) {
                listener.warning("tracking outbox " + outbox.directory() + ": " + e);
            }
        }
        return new FlushResult(delivered, retrying, parked, pendingCount());
    }

    private Duration untilNextDue() {
        try {
            Instant now = clock.instant();
            return outbox.entries().stream()
                    .filter(e -> !e.parked())
                    .map(e -> Duration.between(now, e.nextAttemptAt()))
                    .map(d -> d.isNegative() ? Duration.ZERO : d)
                    .min(Duration::compareTo)
                    .map(d -> d.compareTo(MAX_IDLE) > 0 ? MAX_IDLE : d)
                    .orElse(MAX_IDLE);
        } catch (IOException e) {
            return MAX_IDLE;
        }
    }

    private void sleep(Duration idle) {
        synchronized (wakeUp) {
            long until = System.nanoTime() + idle.toNanos();
            try {
                while (!woken && !closed) {
                    long left = until - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(wakeUp, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
            woken = false;
        }
    }

    private void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    private int pendingCount() {
        try {
            return outbox.size();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * What one {@link #flush(Duration)} did.
     *
     * @param delivered records the receiver took
     * @param retrying  records that failed and will be retried
     * @param parked    records the receiver refused, now parked
     * @param pending   records left in the outbox (parked included), -1 when the outbox could not be read
     */
    public record FlushResult(int delivered, int retrying, int parked, int pending) {
    }
}
