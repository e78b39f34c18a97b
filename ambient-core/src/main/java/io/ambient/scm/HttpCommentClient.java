package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the GitHub and GitLab clients share: fork policy, retries with backoff, pagination, sticky upsert.
 * Subclasses give the URLs, the authentication headers and the one-line hints for refusals.
 */
abstract class HttpCommentClient implements CommentClient, AutoCloseable {
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** A change with more than this many pages of comments is not searched further. */
    static final int MAX_PAGES = 100;
    static final int PER_PAGE = 100;
    private static final int SNIPPET = 200;
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*?rel=\"?next\"?");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String token;
    final CommentClientOptions options;
    private final OkHttpClient http;

    HttpCommentClient(String token, CommentClientOptions options) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // Never echo the value: it is a secret.
            throw new IllegalArgumentException(kind().displayName()
                    + " token is empty or contains spaces or control characters");
        }
        this.token = token;
        this.options = Objects.requireNonNull(options, "options");
        long timeout = options.callTimeout().toMillis();
        this.http = new OkHttpClient.Builder()
                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .writeTimeout(timeout, TimeUnit.MILLISECONDS)
                .callTimeout(timeout, TimeUnit.MILLISECONDS)
                // A redirect could carry the token elsewhere; the API roots are final URLs.
                .followRedirects(false)
                .followSslRedirects(false)
                // Retrying is ours, with backoff and re-listing before a create; OkHttp's silent retry would
                // double it up.
                .retryOnConnectionFailure(false)
                .build();
    }

    // ---- what a host defines ----

    abstract HostKind kind();

    /** Adds the authentication and API headers. */
    abstract Request.Builder authorise(Request.Builder builder, String secret);

    abstract HttpUrl listUrl(ChangeRef change);

    abstract HttpUrl createUrl(ChangeRef change);

    abstract HttpUrl updateUrl(ChangeRef change, long commentId);

    /** PATCH (GitHub) or PUT (GitLab). */
    abstract String updateMethod();

    /** The one-line fix for a refused request (4xx other than rate limiting). */
    abstract String hint(int status, ChangeRef change);

    /** Whether a non-429 answer is a rate limit that will lift (GitHub: 403 with no requests left). */
    boolean rateLimited(Response response) {
        return false;
    }

    /** The next page when the answer has no {@code Link: rel="next"} (GitLab: {@code X-Next-Page}). */
    HttpUrl nextPageFallback(Response response, HttpUrl current) {
        return null;
    }

    // ---- CommentClient ----

    @Override
    public Result post(ChangeRef change, String markdown) {
        check(change);
        Objects.requireNonNull(markdown, "markdown");
        JsonNode created = call(change, "POST", createUrl(change), bodyJson(markdown)).json();
        return new Result(idOf(created, change), Action.CREATED);
    }

    @Override
    public Result upsertSticky(ChangeRef change, String key, String markdown) {
        check(change);
        String body = CommentClient.stickyBody(key, markdown);
        String json = bodyJson(body);
        for (int attempt = 1; ; attempt++) {
            Long existing = findSticky(change, key);
            if (existing != null) {
                // Editing in place is idempotent: retrying it cannot duplicate anything.
                call(change, updateMethod(), updateUrl(change, existing), json);
                return new Result(existing, Action.UPDATED);
            }
            // Creating is not idempotent: one attempt here, and after a failure list again before trying again,
            // in case the create reached the host before the error.
            Answer answer = once("POST", createUrl(change), json);
            if (answer.ok()) {
                return new Result(idOf(answer.json(), change), Action.CREATED);
            }
            pauseOrThrow(change, "POST", createUrl(change), answer, attempt);
        }
    }

    /** The id of the comment carrying the marker of {@code key} (the oldest if several), or null. */
    Long findSticky(ChangeRef change, String key) {
        HttpUrl url = listUrl(change);
        HttpUrl base = HttpUrl.get(change.apiBaseUrl());
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            Answer answer = call(change, "GET", url, null);
            JsonNode items = answer.json();
            if (items == null || !items.isArray()) {
                throw new ScmException(kind().displayName() + " answered GET " + path(url)
                        + " with something that is not a list of comments", answer.status());
            }
            for (JsonNode item : items) {
                if (CommentClient.hasMarker(item.path("body").asText(null), key) && item.hasNonNull("id")) {
                    return item.get("id").asLong();
                }
            }
            HttpUrl next = answer.next();
            if (next != null && !sameOrigin(next, base)) {
                throw new ScmException(kind().displayName() + " pagination points to another host (" + next.host()
                        + "): refusing to send the token there", answer.status());
            }
            url = next;
        }
        return null;
    }

    // ---- HTTP with retries ----

    /** One request, retried on 429, 5xx, rate limits and transport errors; throws on refusal or exhaustion. */
    Answer call(ChangeRef change, String method, HttpUrl url, String json) {
        for (int attempt = 1; ; attempt++) {
            Answer answer = once(method, url, json);
            if (answer.ok()) {
                return answer;
            }
            pauseOrThrow(change, method, url, answer, attempt);
        }
    }

    /** Throws when {@code answer} is final or the attempts are used up; otherwise waits before the next one. */
    private void pauseOrThrow(ChangeRef change, String method, HttpUrl url, Answer answer, int attempt) {
        String what = kind().displayName() + " " + method + " " + path(url);
        if (!answer.retryable()) {
            throw new ScmException(scrub(what + " refused (" + answer.describe() + "): "
                    + hint(answer.status(), change)), answer.status());
        }
        if (attempt >= options.maxAttempts()) {
            throw new ScmException(scrub(what + " failed " + attempt + " times, last " + answer.describe()
                    + ": the host is unavailable or rate limiting, try again later"), answer.status());
        }
        Duration wait;
        if (answer.requestedWait() != null) {
            wait = answer.requestedWait();
            if (wait.compareTo(options.maxWait()) > 0) {
                throw new ScmException(scrub(what + " is rate limited (" + answer.describe() + ") for another "
                        + wait.toSeconds() + " s, longer than the " + options.maxWait().toSeconds()
                        + " s this client waits: try again later"), answer.status());
            }
        } else {
            wait = backoff(attempt);
        }
        try {
            options.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScmException(what + " interrupted while waiting to retry", answer.status());
        }
    }

    private Duration backoff(int attempt) {
        Duration wait = options.initialBackoff();
        for (int i = 1; i < attempt && wait.compareTo(options.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : wait;
    }

    /** One HTTP exchange, never retried here. */
    Answer once(String method, HttpUrl url, String json) {
        Request.Builder builder = new Request.Builder().url(url).header("User-Agent", "ambient-agents");
        authorise(builder, token);
        RequestBody body = json == null ? null : RequestBody.create(json, JSON);
        builder.method(method, body);
        Call call = http.newCall(builder.build());
        try (Response response = call.execute()) {
            int status = response.code();
            String text = readBody(response);
            if (status >= 200 && status < 300) {
                JsonNode node = text.isBlank() ? null : MAPPER.readTree(text);
                return new Answer(status, response.message(), node, null, false, null, next(response, url));
            }
            boolean retryable = status == 429 || status >= 500 || rateLimited(response);
            return new Answer(status, response.message(), null, snippet(text), retryable,
                    retryable ? requestedWait(response) : null, null);
        } catch (InterruptedIOException e) {
            return new Answer(0, "no answer within " + options.callTimeout().toMillis() + " ms", null, null, true,
                    null, null);
        } catch (IOException e) {
            return new Answer(0, "cannot reach " + url.host() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null, null, true, null, null);
        }
    }

    private HttpUrl next(Response response, HttpUrl current) {
        for (String link : response.headers("Link")) {
            Matcher m = LINK_NEXT.matcher(link);
            if (m.find()) {
                HttpUrl next = current.resolve(m.group(1));
                if (next != null) {
                    return next;
                }
            }
        }
        return nextPageFallback(response, current);
    }

    /** {@code Retry-After} (seconds or a date), else {@code x-ratelimit-reset} when no requests are left. */
    Duration requestedWait(Response response) {
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
            } catch (NumberFormatException e) {
                Date date = response.headers().getDate("Retry-After");
                if (date != null) {
                    Duration d = Duration.between(options.clock().instant(), date.toInstant());
                    return d.isNegative() ? Duration.ZERO : d;
                }
            }
        }
        String remaining = response.header("x-ratelimit-remaining");
        String reset = response.header("x-ratelimit-reset");
        if ("0".equals(remaining == null ? null : remaining.trim()) && reset != null) {
            try {
                Instant at = Instant.ofEpochSecond(Long.parseLong(reset.trim()));
                Duration d = Duration.between(options.clock().instant(), at).plusSeconds(1);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    // ---- helpers ----

    private void check(ChangeRef change) {
        Objects.requireNonNull(change, "change");
        if (change.host() != kind()) {
            throw new IllegalArgumentException(kind().displayName() + " client given a " + change.host() + " change ("
                    + change.display() + ")");
        }
        if (change.fork() && !options.allowForks()) {
            throw new ForkRefusedException("not writing a comment on " + change.display() + ": the change comes"
                    + " from a fork and writing for forks was not explicitly allowed (enable allowForks only if"
                    + " the token and the comment content are safe to expose to fork authors; see docs/scm.md)");
        }
    }

    private long idOf(JsonNode created, ChangeRef change) {
        if (created == null || !created.hasNonNull("id")) {
            throw new ScmException(kind().displayName() + " created a comment on " + change.display()
                    + " but its answer has no id", 0);
        }
        return created.get("id").asLong();
    }

    static String bodyJson(String body) {
        return MAPPER.createObjectNode().put("body", body).toString();
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    static String path(HttpUrl url) {
        return url.encodedPath();
    }

    private static String readBody(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? "" : body.string();
    }

    /** The host's own explanation, short: the {@code message} of a JSON error, else the start of the text. */
    private static String snippet(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String out = text;
        try {
            JsonNode node = MAPPER.readTree(text);
            JsonNode message = node.has("message") ? node.get("message") : node.get("error");
            if (message != null) {
                out = message.isTextual() ? message.asText() : message.toString();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: keep the text
        }
        out = out.strip().replaceAll("\\s+", " ");
        return out.length() > SNIPPET ? out.substring(0, SNIPPET) + "..." : out;
    }

    /** Belt and braces: a host that echoes the token back must not get it into a message. */
    private String scrub(String message) {
        return message.replace(token, "****");
    }

    @Override
    public void close() {
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[token=****, allowForks=" + options.allowForks() + "]";
    }

    /** One answer: a success with its JSON and next page, or a failure and whether it may be retried. */
    record Answer(int status, String reason, JsonNode json, String snippet, boolean retryable,
            Duration requestedWait, HttpUrl next) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String describe() {
            String head = status == 0 ? reason : "HTTP " + status + (reason == null || reason.isBlank() ? ""
                    : " " + reason);
            return snippet == null ? head : head + ": " + snippet;
        }
    }
}
