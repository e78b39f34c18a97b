package io.ambient.tracking;

import io.ambient.NoDelaySockets;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Sends one record to the tracking endpoint: {@code PUT {endpoint}/runs/{runId}} with
 * {@code Authorization: Bearer <token>} and the record as JSON. PUT by run id lets the receiver store each run once
 * however often it is sent. See {@code docs/tracking-api.yaml}.
 *
 * <p>Only the status decides the outcome (see {@link DeliveryOutcome}); the response body is never parsed, so a
 * receiver that answers 2xx with garbage has still taken the record. Redirects are not followed: they would
 * re-send the token to wherever they point, and a PUT endpoint that moved should be configured by its new address.
 *
 * <p>The token is held only in memory and only put on the wire; {@link #toString()} and every message leave it
 * out.
 */
public final class TrackingClient implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int SNIPPET = 200;

    private final HttpUrl endpoint;
    private final String token;
    private final OkHttpClient http;
    private final Duration callTimeout;

    /**
     * @param endpoint       base URL; {@code /runs/{runId}} is appended
     * @param token          the bearer token
     * @param connectTimeout for opening a connection
     * @param callTimeout    for a whole call: connect, send, and read the answer
     */
    public TrackingClient(URI endpoint, String token, Duration connectTimeout, Duration callTimeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        this.endpoint = HttpUrl.get(endpoint.toString());
        this.token = Objects.requireNonNull(token, "token");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        this.http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySockets())
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .followSslRedirects(false)
                // Retrying is the outbox's job, with backoff; OkHttp's silent retry would double it up.
                .retryOnConnectionFailure(false)
                .build();
    }

    /** The URL a record of {@code runId} is PUT to. */
    public HttpUrl urlFor(String runId) {
        return endpoint.newBuilder().addPathSegment("runs").addPathSegment(runId).build();
    }

    /** Sends {@code body} (a record's JSON) for {@code runId}, within the configured call timeout. */
    public DeliveryOutcome send(String runId, byte[] body) {
        return send(runId, body, callTimeout);
    }

    /**
     * Sends {@code body} (a record's JSON) for {@code runId}, giving up after {@code timeout} (or the configured
     * call timeout, whichever is shorter).
     */
    public DeliveryOutcome send(String runId, byte[] body, Duration timeout) {
        Request request = new Request.Builder()
                .url(urlFor(runId))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .put(RequestBody.create(body, JSON))
                .build();
        Call call = http.newCall(request);
        long millis = Math.max(1, Math.min(timeout.toMillis(), callTimeout.toMillis()));
        call.timeout().timeout(millis, TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            return outcome(response);
        } catch (InterruptedIOException e) {
            return new DeliveryOutcome.Retry("no answer from " + urlFor(runId) + " within " + millis + " ms"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), null);
        } catch (IOException e) {
            // No connection, or an answer that is not HTTP: the receiver may be down or restarting.
            return new DeliveryOutcome.Retry("cannot deliver to " + urlFor(runId) + ": " + e, null);
        }
    }

    private static DeliveryOutcome outcome(Response response) {
        int status = response.code();
        if (status >= 200 && status < 300) {
            return new DeliveryOutcome.Delivered(status);
        }
        String what = "HTTP " + status + (response.message().isBlank() ? "" : " " + response.message())
                + " from " + response.request().url() + snippet(response);
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryOutcome.Retry(what, retryAfter(response));
        }
        String hint = switch (status) {
            case 401, 403 -> ": check the tracking token";
            case 404 -> ": check the tracking endpoint URL";
            default -> status >= 300 && status < 400
                    ? ": redirects are not followed, configure the endpoint's final URL"
                    + (response.header("Location") == null ? "" : " (Location: " + response.header("Location") + ")")
                    : ": the receiver refused the record";
        };
        return new DeliveryOutcome.Rejected(status, what + hint);
    }

    // A bit of the receiver's explanation helps whoever reads the warning; a bit only, and never required.
    private static String snippet(Response response) {
        try {
            ResponseBody peek = response.peekBody(SNIPPET);
            String text = peek.string().strip().replaceAll("\\s+", " ");
            return text.isEmpty() ? "" : " (" + text + (text.length() >= SNIPPET ? "..." : "") + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Response response) {
        String value = response.header("Retry-After");
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            Date date = response.headers().getDate("Retry-After");
            return date == null ? null : Duration.between(Instant.now(), date.toInstant());
        }
    }

    /** Cancels calls in flight, e.g. when the publisher stops; their records stay in the outbox. */
    public void cancelAll() {
        http.dispatcher().cancelAll();
    }

    @Override
    public void close() {
        cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "TrackingClient[endpoint=" + endpoint + ", token=****]";
    }
}
