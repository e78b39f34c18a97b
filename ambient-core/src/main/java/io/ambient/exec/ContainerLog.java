package io.ambient.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.ambient.AmbientException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One follower's read of a container's log through the engine's log endpoint, which replays the log from its start
 * and then streams it live; lines before the cursor are counted, not delivered. The engine keeps at most the run's
 * log limit ({@link ResourceLimits#logBytes()}), so a replay is bounded too.
 * <p>
 * Once the container has ended, what is left is read for at most {@link Executor#OUTPUT_DRAIN}: a flooding agent's
 * backlog cannot hold its follower past its deadline. Output left unread then is reported {@link #cut()}, and so is
 * output past the point where the engine starts discarding the oldest of it: once one log file is full, the next
 * rotation drops it, and a replay no longer starts at the run's first line.
 */
final class ContainerLog {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often a follower asks the engine whether the container still runs. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final DockerClient client;
    private final String id;
    private final OutputSink sink;
    private final long rotateBytes;
    private long loggedBytes;
    private LogCursor cursor;
    private Instant drainUntil;
    private Instant nextCheck = Instant.MIN;
    private boolean cut;

    /**
     * @param rotateBytes the size of one of the engine's log files for this container (its json-file
     *                    {@code max-size}), or 0 when unknown
     */
    ContainerLog(DockerClient client, String id, LogCursor from, OutputSink sink, long rotateBytes) {
        this.client = client;
        this.id = id;
        this.cursor = from;
        this.sink = sink;
        this.rotateBytes = rotateBytes;
    }

    /**
     * Reads the whole log, then live, until the log ends, the container's end is {@link Executor#OUTPUT_DRAIN}
     * behind, or {@code maxWait} ({@code null}: no limit) passes.
     *
     * @return false when {@code maxWait} passed first: the run goes on, and nothing more reaches the sink
     */
    boolean follow(Duration maxWait) {
        return read(true, maxWait == null ? null : System.nanoTime() + Math.max(0, maxWait.toNanos()));
    }

    /**
     * After the container ended: reads what a followed read missed (Docker 20.10's json-file driver can end a
     * followed stream before the log when the reader is behind), unfollowed, so a last line without a newline is
     * delivered too. The endpoint has no line position to start at, so this reads from the start again, skipping what
     * was delivered: bounded by the log limit and by the same {@link Executor#OUTPUT_DRAIN}, and skipped once that
     * has passed.
     */
    void readRest() {
        if (!cut()) {
            read(false, null);
        }
    }

    /** Where the sink got to. */
    LogCursor cursor() {
        return cursor;
    }

    /** Whether output was left unread when the drain bound passed, or the engine's log rotated under the run. */
    boolean cut() {
        return cut || rotateBytes > 0 && loggedBytes >= rotateBytes;
    }

    /** @param stopAt {@link System#nanoTime()} to give up at, or {@code null} to read to the log's end */
    private boolean read(boolean follow, Long stopAt) {
        LineSplitter out = new LineSplitter(StdStream.STDOUT, cursor.stdoutLines(), sink);
        LineSplitter err = new LineSplitter(StdStream.STDERR, cursor.stderrLines(), sink);
        long[] logged = {0};
        // Frames arrive on docker-java's stream thread: a read that gives up must not return while a frame is being
        // handed to the sink, nor let one through afterwards (the caller's cursor would miss or repeat its lines).
        Object handing = new Object();
        AtomicBoolean stopped = new AtomicBoolean();
        // Waited for by this latch, not awaitCompletion(timeout), which closes the stream when it returns.
        CountDownLatch ended = new CountDownLatch(1);
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onComplete() {
                super.onComplete();
                ended.countDown();
            }

            @Override
            public void onError(Throwable error) {
                super.onError(error);
                ended.countDown();
            }

            @Override
            public void onNext(Frame frame) {
                synchronized (handing) {
                    if (!stopped.get()) {
                        byte[] payload = frame.getPayload();
                        (frame.getStreamType() == StreamType.STDERR ? err : out).write(payload, 0, payload.length);
                        logged[0] += JsonFileLog.storedBytes(payload);
                    }
                }
            }
        };
        try {
            client.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(follow).exec(callback);
            while (!ended.await(stopAt == null ? SLICE_NANOS
                    : Math.min(SLICE_NANOS, Math.max(0, stopAt - System.nanoTime())), TimeUnit.NANOSECONDS)) {
                boolean drained = drainOver();
                if (drained || stopAt != null && System.nanoTime() - stopAt >= 0) {
                    synchronized (handing) {
                        stopped.set(true);
                    }
                    cut = drained;
                    cursor = furthest(out, err);
                    loggedBytes = Math.max(loggedBytes, logged[0]);
                    return drained;
                }
            }
            callback.awaitCompletion(); // raises the stream's error, if it failed
            if (!follow) {
                // Only an unfollowed read sees the log's true end: a last line without a newline is complete.
                out.finish();
                err.finish();
            }
            cursor = furthest(out, err);
            loggedBytes = Math.max(loggedBytes, logged[0]);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmbientException("interrupted while following container " + id, e);
        } finally {
            try {
                callback.close();
            } catch (Exception e) {
                // The stream is finished; nothing left to release.
            }
        }
    }

    /** The cursor after what {@code out} and {@code err} saw; never behind the one they started from. */
    private LogCursor furthest(LineSplitter out, LineSplitter err) {
        return new LogCursor(Math.max(cursor.stdoutLines(), out.lineCount()),
                Math.max(cursor.stderrLines(), err.lineCount()));
    }

    /** Whether the container ended more than {@link Executor#OUTPUT_DRAIN} ago, as far as this follower saw. */
    private boolean drainOver() {
        Instant now = Instant.now();
        if (drainUntil == null && now.isAfter(nextCheck)) {
            nextCheck = now.plus(CHECK_EVERY);
            if (!running()) {
                drainUntil = now.plus(Executor.OUTPUT_DRAIN);
            }
        }
        return drainUntil != null && now.isAfter(drainUntil);
    }

    private boolean running() {
        try {
            return Boolean.TRUE.equals(client.inspectContainerCmd(id).exec().getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }
}
