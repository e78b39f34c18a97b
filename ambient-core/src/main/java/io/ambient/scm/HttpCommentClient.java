package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the GitHub and GitLab clients share: fork policy, retries with backoff, pagination, create-once upserts.
 * Subclasses give the URLs, the authentication headers and the one-line hints for refusals; the review and pull
 * request clients of a host send their requests through the same machinery.
 */
abstract class HttpCommentClient implements ScmClient {
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** A change with more than this many pages of comments is not searched further. */
    static final int MAX_PAGES = 100;
    static final int PER_PAGE = 100;
    private static final int SNIPPET = 200;
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*?rel=\"?next\"?");
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final String token;
    final CommentClientOptions options;
    private final OkHttpClient http;

    HttpCommentClient(String token, CommentClientOptions options) {
        Objects.requireNonNull(token, "token");
        if (!ScmClient.isUsableToken(token)) {
            // Never echo the value: it is a secret.
            throw new IllegalArgumentException(kind().displayName()
                    + " token is empty or contains spaces or control characters");
        }
        this.token = token;
        this.options = Objects.requireNonNull(options, "options");
        long timeout = options.callTimeout().toMillis();
        this.http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySockets())
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

    /** The one-line fix for a refused comment request (4xx other than rate limiting). */
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
        JsonNode created = call(s -> hint(s, change), "POST", createUrl(change), bodyJson(markdown)).json();
        return new Result(idOf(created, change), Action.CREATED);
    }

    @Override
    public Result upsertSticky(ChangeRef change, String key, String markdown) {
        check(change);
        String body = CommentClient.stickyBody(key, markdown);
        String json = bodyJson(body);
        IntFunction<String> hint = s -> hint(s, change);
        return createOnce(hint, () -> {
            JsonNode existing = first(listUrl(change), hint, "comments",
                    item -> CommentClient.hasMarker(item.path("body").asText(null), key) && item.hasNonNull("id"));
            if (existing == null) {
                return null;
            }
            long id = existing.get("id").asLong();
            call(hint, updateMethod(), updateUrl(change, id), json);
            return new Result(id, Action.UPDATED);
        }, createUrl(change), json, created -> new Result(idOf(created, change), Action.CREATED));
    }

    // ---- shared by the comment, review and pull request clients ----

    /**
     * Updates what exists or creates it, never creating twice. {@code findAndUpdate} looks for the existing item
     * and, when there is one, edits it (idempotent, so retried directly) and returns the result; it returns null
     * when there is nothing to edit. Creating is not idempotent: it is attempted once, and after a failure
     * {@code findAndUpdate} runs again before the next attempt, in case the create reached the host before the
     * error.
     */
    <R> R createOnce(IntFunction<String> hint, Supplier<R> findAndUpdate, HttpUrl createUrl, String json,
            Function<JsonNode, R> created) {
        for (int attempt = 1; ; attempt++) {
            R updated = findAndUpdate.get();
            if (updated != null) {
                return updated;
            }
            Answer answer = once("POST", createUrl, json);
            if (answer.ok()) {
                return created.apply(answer.json());
            }
            pauseOrThrow(hint, "POST", createUrl, answer, attempt);
        }
    }

    /** The first item of a paginated list that {@code wanted} accepts (at most {@link #MAX_PAGES} pages), or null. */
    JsonNode first(HttpUrl url, IntFunction<String> hint, String what, Predicate<JsonNode> wanted) {
        HttpUrl base = url;
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            Answer answer = call(hint, "GET", url, null);
            JsonNode items = answer.json();
            if (items == null || !items.isArray()) {
                throw new ScmException(kind().displayName() + " answered GET " + path(url)
                        + " with something that is not a list of " + what, answer.status());
            }
            for (JsonNode item : items) {
                if (wanted.test(item)) {
                    return item;
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

    /** Every item of a paginated list (at most {@link #MAX_PAGES} pages). */
    List<JsonNode> all(HttpUrl url, IntFunction<String> hint, String what) {
        List<JsonNode> items = new ArrayList<>();
        first(url, hint, what, item -> !items.add(item));
        return items;
    }

    /**
     * The usual fix for a refusal: 401 a bad token, 403 a missing permission, 404 a target this token cannot see,
     * 3xx a wrong API root; null for any other status, which the caller explains.
     *
     * @param action what was refused, as a verb phrase ({@code "open pull requests"})
     * @param target what it was refused on, for the message ({@code "o/r"})
     * @param needs  the permission or scope that allows it
     */
    String standardHint(int status, String action, String target, String needs, String apiBaseUrl) {
        String host = kind().displayName();
        return switch (status) {
            case 401 -> "the " + host + " token is invalid, expired or revoked; " + needs;
            case 403 -> "the " + host + " token may not " + action + " on " + target + ": " + needs;
            case 404 -> host + " cannot find " + target + " for this token (it answers 404 for what the token cannot"
                    + " see): check it exists; " + needs;
            default -> status >= 300 && status < 400
                    ? "redirects are not followed: check the API URL " + apiBaseUrl : null;
        };
    }

    // ---- HTTP with retries ----

    /** One request, retried on 429, 5xx, rate limits and transport errors; throws on refusal or exhaustion. */
    Answer call(IntFunction<String> hint, String method, HttpUrl url, String json) {
        for (int attempt = 1; ; attempt++) {
            Answer answer = once(method, url, json);
            if (answer.ok()) {
                return answer;
            }
            pauseOrThrow(hint, method, url, answer, attempt);
        }
    }

    /** Throws when {@code answer} is final or the attempts are used up; otherwise waits before the next one. */
    private void pauseOrThrow(IntFunction<String> hint, String method, HttpUrl url, Answer answer, int attempt) {
        String what = kind().displayName() + " " + method + " " + path(url);
        if (!answer.retryable()) {
            throw new ScmException(scrub(what + " refused (" + answer.describe() + "): "
                    + hint.apply(answer.status())), answer.status());
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
                JsonNode node = text.isBlank() ? null : json(method, url, status, text);
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

    /**
     * The JSON of a success. A body that is not JSON is final, never retried: the request may have taken effect (a
     * create would be doubled), and a web page in place of the API answers the same next time.
     */
    private JsonNode json(String method, HttpUrl url, int status, String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ScmException(scrub(kind().displayName() + " " + method + " " + path(url) + " answered HTTP "
                    + status + " with a body that is not JSON (" + snippet(text) + "): check that the API URL is the"
                    + " REST API root (" + (kind() == HostKind.GITHUB ? "https://api.github.com or https://HOST/api/v3"
                    : "https://HOST/api/v4") + ") and that no proxy rewrites the answers"), status);
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

    /** Refuses a change on another kind of host, and a fork's change unless forks are allowed. */
    void check(ChangeRef change) {
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

    /** Refuses a repository on another kind of host. */
    void check(RepoRef repository) {
        Objects.requireNonNull(repository, "repository");
        if (repository.host() != kind()) {
            throw new IllegalArgumentException(kind().displayName() + " client given a " + repository.host().displayName()
                    + " repository (" + repository.project() + ")");
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
