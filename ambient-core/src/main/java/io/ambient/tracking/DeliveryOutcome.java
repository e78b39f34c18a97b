package io.ambient.tracking;

import java.time.Duration;

/** What became of one delivery attempt; decided by the HTTP status alone, never by the response body. */
public sealed interface DeliveryOutcome {

    /** The receiver took the record (2xx): remove it from the outbox. */
    record Delivered(int status) implements DeliveryOutcome {
    }

    /**
     * Worth trying again later: no connection, a timeout, a malformed response, 408, 429 or 5xx.
     *
     * @param reason     what happened, for logs
     * @param retryAfter the receiver's {@code Retry-After}, or null when it gave none
     */
    record Retry(String reason, Duration retryAfter) implements DeliveryOutcome {
    }

    /**
     * The receiver refused the record in a way that retrying will not fix (other 4xx, or a redirect): keep the
     * record but stop sending it, so that a wrong token or URL does not become a retry storm.
     *
     * @param status the HTTP status
     * @param reason what happened and what to check, naming the status
     */
    record Rejected(int status, String reason) implements DeliveryOutcome {
    }
}
