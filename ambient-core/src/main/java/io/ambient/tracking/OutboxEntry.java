package io.ambient.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The delivery state of one pending record, kept in a small file beside the record so that retries survive a
 * restart and can be updated without rewriting the (possibly large) record.
 *
 * @param runId         the record's run id
 * @param enqueuedAt    when the record was (last) written; the outbox drops the oldest first
 * @param attempts      failed delivery attempts so far
 * @param nextAttemptAt not before this time
 * @param parked        the receiver refused the record for good (a 4xx other than 408/429); it is kept but not
 *                      retried until {@link Publisher#retryParked()}
 * @param lastError     why the last attempt failed, if it did; never contains the bearer token
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutboxEntry(
        String runId,
        Instant enqueuedAt,
        int attempts,
        Instant nextAttemptAt,
        boolean parked,
        String lastError) {

    /** A record just written: due now. */
    static OutboxEntry fresh(String runId, Instant now) {
        return new OutboxEntry(runId, now, 0, now, false, null);
    }

    /** This entry after a failed attempt that is to be retried at {@code next}. */
    OutboxEntry failed(String error, Instant next) {
        return new OutboxEntry(runId, enqueuedAt, attempts + 1, next, false, error);
    }

    /** This entry after the receiver refused it for good. */
    OutboxEntry park(String error) {
        return new OutboxEntry(runId, enqueuedAt, attempts + 1, nextAttemptAt, true, error);
    }

    /** This entry made due again at {@code now}. */
    OutboxEntry unpark(Instant now) {
        return new OutboxEntry(runId, enqueuedAt, attempts, now, false, lastError);
    }

    /** Whether a delivery should be attempted at {@code now}. */
    public boolean dueAt(Instant now) {
        return !parked && !nextAttemptAt.isAfter(now);
    }
}
