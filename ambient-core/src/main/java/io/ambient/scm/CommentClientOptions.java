package io.ambient.scm;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link CommentClient} behaves.
 *
 * @param allowForks     write comments on changes that come from a fork; off by default, because a fork's code
 *                       may have produced what the comment shows (see docs/scm.md, "Fork policy")
 * @param maxAttempts    attempts per request, the first included (at least 1)
 * @param initialBackoff the wait after the first failed attempt; doubled after each further one
 * @param maxBackoff     the longest computed wait between attempts
 * @param maxWait        the longest wait a {@code Retry-After} or {@code x-ratelimit-reset} may ask for; when the
 *                       host asks for more, the call fails at once instead of blocking the build
 * @param callTimeout    per HTTP call: connect, send, read the answer
 * @param sleeper        how to wait (tests record the waits instead)
 * @param clock          for {@code x-ratelimit-reset}, an epoch-seconds instant
 */
public record CommentClientOptions(boolean allowForks, int maxAttempts, Duration initialBackoff,
        Duration maxBackoff, Duration maxWait, Duration callTimeout, Sleeper sleeper, Clock clock) {

    /** Forks refused, 5 attempts, 1 s doubling to 30 s, waits up to 2 minutes, 30 s per call. */
    public static final CommentClientOptions DEFAULT = new CommentClientOptions(false, 5, Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(30), Sleeper.REAL, Clock.systemUTC());

    public CommentClientOptions {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(clock, "clock");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || maxWait.isNegative()) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff and maxWait >= 0");
        }
    }

    public CommentClientOptions withAllowForks(boolean allow) {
        return new CommentClientOptions(allow, maxAttempts, initialBackoff, maxBackoff, maxWait, callTimeout,
                sleeper, clock);
    }

    public CommentClientOptions withSleeper(Sleeper newSleeper) {
        return new CommentClientOptions(allowForks, maxAttempts, initialBackoff, maxBackoff, maxWait, callTimeout,
                newSleeper, clock);
    }

    public CommentClientOptions withClock(Clock newClock) {
        return new CommentClientOptions(allowForks, maxAttempts, initialBackoff, maxBackoff, maxWait, callTimeout,
                sleeper, newClock);
    }

    public CommentClientOptions withMaxAttempts(int attempts) {
        return new CommentClientOptions(allowForks, attempts, initialBackoff, maxBackoff, maxWait, callTimeout,
                sleeper, clock);
    }

    /** Waits between attempts. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }
}
