package io.ambient.tracking;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to publish run records.
 *
 * @param endpoint       base URL of the receiver; records go to {@code {endpoint}/runs/{runId}}
 * @param token          bearer token; kept in memory only, never written to the outbox or printed
 * @param outbox         the outbox directory; see {@link #defaultOutbox()}
 * @param maxRecords     the most records the outbox keeps
 * @param connectTimeout for opening a connection
 * @param callTimeout    for one whole delivery attempt
 * @param retry          backoff between attempts
 */
public record TrackingConfig(
        URI endpoint,
        String token,
        Path outbox,
        int maxRecords,
        Duration connectTimeout,
        Duration callTimeout,
        RetryPolicy retry) {

    public TrackingConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(retry, "retry");
        String scheme = endpoint.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("tracking endpoint must be an http(s) URL: " + endpoint);
        }
        if (endpoint.getUserInfo() != null) {
            // Credentials in the URL would end up in every log line that names the endpoint.
            throw new IllegalArgumentException("tracking endpoint must not carry credentials; use the token");
        }
    }

    /** The defaults: the outbox in {@link #defaultOutbox()}, 1000 records, 5 s to connect, 10 s per attempt. */
    public static TrackingConfig of(URI endpoint, String token) {
        return new TrackingConfig(endpoint, token, defaultOutbox(), Outbox.DEFAULT_MAX_RECORDS,
                Duration.ofSeconds(5), Duration.ofSeconds(10), RetryPolicy.DEFAULT);
    }

    /** {@code $AMBIENT_HOME/tracking-outbox}, or {@code ~/.ambient/tracking-outbox}. */
    public static Path defaultOutbox() {
        String home = System.getenv("AMBIENT_HOME");
        Path base = home != null && !home.isBlank()
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".ambient");
        return base.resolve("tracking-outbox");
    }

    /** This configuration with another outbox directory. */
    public TrackingConfig withOutbox(Path dir, int max) {
        return new TrackingConfig(endpoint, token, dir, max, connectTimeout, callTimeout, retry);
    }

    /** Leaves the token out: configurations get logged. */
    @Override
    public String toString() {
        return "TrackingConfig[endpoint=" + endpoint + ", token=****, outbox=" + outbox + ", maxRecords="
                + maxRecords + ", connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout
                + ", retry=" + retry + "]";
    }
}
