package io.ambient.tracking;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try a failed delivery again: exponential backoff with jitter, capped, and a cap on how long a
 * {@code Retry-After} from the receiver may postpone a record.
 *
 * @param initial       delay after the first failure (before jitter)
 * @param max           the longest computed delay
 * @param maxRetryAfter the longest delay a {@code Retry-After} header may ask for; longer ones are cut to it
 */
public record RetryPolicy(Duration initial, Duration max, Duration maxRetryAfter) {

    /** 5 s, doubling up to 15 min; a receiver may ask for at most 1 h. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofHours(1));

    public RetryPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (initial.isNegative() || max.compareTo(initial) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("need 0 <= initial <= max and maxRetryAfter >= 0");
        }
    }

    /**
     * The delay after failed attempt number {@code attempts} (1 for the first failure).
     *
     * @param attempts failed attempts so far, at least 1
     * @param random   a number in [0, 1); the jitter. Half of the delay is random so that many publishers that
     *                 failed together (an endpoint outage) do not come back together
     * @param retryAfter the receiver's {@code Retry-After}, or null; honoured (up to {@code maxRetryAfter})
     *                   instead of the backoff, since the receiver knows best when it can take the record
     */
    public Duration delay(int attempts, double random, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.isNegative() ? Duration.ZERO
                    : retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        long maxMillis = max.toMillis();
        long computed = initial.toMillis();
        for (int i = 1; i < attempts && computed < maxMillis; i++) {
            computed *= 2;
        }
        computed = Math.min(computed, maxMillis);
        long half = computed / 2;
        return Duration.ofMillis(half + (long) (random * (computed - half)));
    }
}
