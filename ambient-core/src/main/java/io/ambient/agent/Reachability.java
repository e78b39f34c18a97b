package io.ambient.agent;

/**
 * What a parser saw of the model endpoint: failed attempts in a row to reach it, until the model first answered.
 * Retries after an HTTP error (a 429, a 500) mean the endpoint is there, so they end the row.
 */
final class Reachability {
    private boolean answered;
    private int failures;

    /** The model answered: from now on the endpoint is known to work. */
    void answered() {
        answered = true;
        failures = 0;
    }

    /** An attempt got no HTTP answer at all (refused, no route, DNS, TLS). */
    void failedToConnect() {
        if (!answered) {
            failures++;
        }
    }

    /** The endpoint answered with an HTTP error: it can be reached. */
    void replied() {
        failures = 0;
    }

    /** See {@link OutputParser#connectionFailures()}. */
    int failures() {
        return failures;
    }
}
