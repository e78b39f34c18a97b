package io.ambient.scm;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ambient.scm.ScmTestSupport.NOW;
import static io.ambient.scm.ScmTestSupport.TOKEN;
import static io.ambient.scm.ScmTestSupport.json;
import static io.ambient.scm.ScmTestSupport.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GitHubClient} against a MockWebServer on loopback. Every request the mock receives is checked against
 * GitHub's official OpenAPI description ({@link GitHubApiSpec}, npm {@code @octokit/openapi}) after each test.
 */
class GitHubClientTest {
    private static final String KEY = CommentClient.stickyKey("team/app/PR-12", "review", "lint");
    private static final String MARKER = CommentClient.marker(KEY);

    private final List<Duration> waits = new ArrayList<>();
    private final GitHubApiSpec spec = GitHubApiSpec.load();
    private MockWebServer server;
    private GitHubClient client;
    private ChangeRef change;
    private String prefix = "";
    private final List<String> validated = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = new GitHubClient(TOKEN, ScmTestSupport.options(waits));
        change = ChangeRef.github("o", "r", 12, false).withApiBaseUrl(server.url("/").toString());
    }

    @AfterEach
    void validateAgainstSpecAndStop() throws Exception {
        try {
            for (RecordedRequest request : ScmTestSupport.drain(server)) {
                validated.add(spec.validate(request, prefix));
                assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
                assertThat(request.getHeader("Accept")).isEqualTo("application/vnd.github+json");
                assertThat(request.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
            }
        } finally {
            client.close();
            server.shutdown();
        }
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest();
        validated.add(spec.validate(r, prefix));
        return r;
    }

    @Test
    void postsAComment() throws Exception {
        server.enqueue(json(201, "{\"id\": 101, \"body\": \"hi\"}"));
        CommentClient.Result result = client.post(change, "## Report\nall good");
        assertThat(result).isEqualTo(new CommentClient.Result(101, CommentClient.Action.CREATED));
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/repos/o/r/issues/12/comments");
        assertThat(r.getBody().readUtf8()).isEqualTo("{\"body\":\"## Report\\nall good\"}");
        assertThat(validated).containsExactly("POST /repos/{owner}/{repo}/issues/{issue_number}/comments");
    }

    @Test
    void gitHubEnterpriseApiPrefix() throws Exception {
        prefix = "/api/v3";
        change = change.withApiBaseUrl(server.url("/api/v3").toString());
        server.enqueue(json(201, "{\"id\": 5}"));
        client.post(change, "x");
        assertThat(take().getPath()).isEqualTo("/api/v3/repos/o/r/issues/12/comments");
    }

    @Test
    void stickyIsCreatedOnceThenUpdatedInPlace() throws Exception {
        server.enqueue(json(200, "[{\"id\": 1, \"body\": \"someone else\"}]"));
        server.enqueue(json(201, "{\"id\": 77}"));
        assertThat(client.upsertSticky(change, KEY, "first"))
                .isEqualTo(new CommentClient.Result(77, CommentClient.Action.CREATED));

        server.enqueue(json(200, "[{\"id\": 1, \"body\": \"someone else\"}, {\"id\": 77, \"body\": "
                + quoted(MARKER + "\nfirst") + "}]"));
        server.enqueue(json(200, "{\"id\": 77}"));
        assertThat(client.upsertSticky(change, KEY, "second"))
                .isEqualTo(new CommentClient.Result(77, CommentClient.Action.UPDATED));

        RecordedRequest list1 = take();
        assertThat(list1.getMethod()).isEqualTo("GET");
        assertThat(list1.getPath()).isEqualTo("/repos/o/r/issues/12/comments?per_page=100");
        RecordedRequest create = take();
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getBody().readUtf8()).isEqualTo("{\"body\":" + quoted(MARKER + "\nfirst") + "}");
        assertThat(take().getMethod()).isEqualTo("GET");
        RecordedRequest patch = take();
        assertThat(patch.getMethod()).isEqualTo("PATCH");
        assertThat(patch.getPath()).isEqualTo("/repos/o/r/issues/comments/77");
        assertThat(patch.getBody().readUtf8()).isEqualTo("{\"body\":" + quoted(MARKER + "\nsecond") + "}");
        assertThat(validated).containsExactly(
                "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
                "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
                "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
                "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}");
    }

    @Test
    void createThatFailedWith502ButLandedIsNotDuplicated() throws Exception {
        server.enqueue(json(200, "[]"));
        server.enqueue(json(502, "{\"message\": \"Server Error\"}"));
        // The create went through before the 502: the re-list finds it.
        server.enqueue(json(200, "[{\"id\": 9, \"body\": " + quoted(MARKER + "\nbody") + "}]"));
        server.enqueue(json(200, "{\"id\": 9}"));
        assertThat(client.upsertSticky(change, KEY, "body"))
                .isEqualTo(new CommentClient.Result(9, CommentClient.Action.UPDATED));
        List<String> methods = ScmTestSupport.drain(server).stream().map(r -> {
            validated.add(spec.validate(r, prefix));
            return r.getMethod();
        }).toList();
        assertThat(methods).containsExactly("GET", "POST", "GET", "PATCH");
        assertThat(waits).hasSize(1);
    }

    @Test
    void markerOnSecondPageIsFound() throws Exception {
        String page2 = server.url("/repos/o/r/issues/12/comments?per_page=100&page=2").toString();
        server.enqueue(json(200, "[{\"id\": 1, \"body\": \"a\"}]")
                .setHeader("Link", "<" + page2 + ">; rel=\"next\", <" + page2 + ">; rel=\"last\""));
        server.enqueue(json(200, "[{\"id\": 2, \"body\": \"b\"}, {\"id\": 3, \"body\": " + quoted(MARKER + "\nold")
                + "}]"));
        server.enqueue(json(200, "{\"id\": 3}"));
        assertThat(client.upsertSticky(change, KEY, "new").commentId()).isEqualTo(3);
        assertThat(take().getPath()).isEqualTo("/repos/o/r/issues/12/comments?per_page=100");
        assertThat(take().getPath()).isEqualTo("/repos/o/r/issues/12/comments?per_page=100&page=2");
        assertThat(take().getPath()).isEqualTo("/repos/o/r/issues/comments/3");
    }

    @Test
    void paginationToAnotherHostIsRefused() {
        server.enqueue(json(200, "[]").setHeader("Link", "<https://evil.example/x?page=2>; rel=\"next\""));
        assertThatThrownBy(() -> client.upsertSticky(change, KEY, "x"))
                .isInstanceOf(ScmException.class).hasMessageContaining("another host");
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
        server.enqueue(json(429, "{\"message\": \"slow down\"}").setHeader("Retry-After", "3"));
        server.enqueue(json(201, "{\"id\": 4}"));
        assertThat(client.post(change, "x").commentId()).isEqualTo(4);
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void primaryRateLimit403WaitsForReset() throws Exception {
        server.enqueue(json(403, "{\"message\": \"API rate limit exceeded\"}")
                .setHeader("x-ratelimit-remaining", "0")
                .setHeader("x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 10)));
        server.enqueue(json(201, "{\"id\": 4}"));
        client.post(change, "x");
        assertThat(waits).containsExactly(Duration.ofSeconds(11));
    }

    @Test
    void rateLimitLongerThanMaxWaitFailsAtOnce() {
        server.enqueue(json(403, "{\"message\": \"API rate limit exceeded\"}")
                .setHeader("x-ratelimit-remaining", "0")
                .setHeader("x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 3600)));
        assertThatThrownBy(() -> client.post(change, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("rate limited").hasMessageContaining("try again later");
        assertThat(waits).isEmpty();
    }

    @Test
    void serverErrorsAreBoundedWithBackoff() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(json(503, "{\"message\": \"unavailable\"}"));
        }
        assertThatThrownBy(() -> client.post(change, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("failed 5 times").hasMessageContaining("HTTP 503")
                .extracting(e -> ((ScmException) e).status()).isEqualTo(503);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
    }

    @Test
    void aSuccessWhoseBodyIsNotJsonIsNotPostedAgain() throws Exception {
        // A proxy in front of the API answering 201 with its own page: the comment may well exist now.
        server.enqueue(new MockResponse().setResponseCode(201).setHeader("Content-Type", "text/html")
                .setBody("<html>\n<body>created</body>\n</html>"));
        server.enqueue(json(201, "{\"id\": 102}"));

        assertThatThrownBy(() -> client.post(change, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 201").hasMessageContaining("not JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        take();
        assertThat(server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
        assertThat(waits).isEmpty();
    }

    @Test
    void unauthorizedNamesTheScopeAndHidesTheToken() {
        server.enqueue(json(401, "{\"message\": \"Bad credentials " + TOKEN + "\"}"));
        assertThatThrownBy(() -> client.post(change, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("pull_requests: write")
                .hasMessageContaining("'repo' scope").hasMessageNotContaining(TOKEN)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(waits).isEmpty();
    }

    @Test
    void forbiddenNamesThePermission() {
        server.enqueue(json(403, "{\"message\": \"Resource not accessible by integration\"}")
                .setHeader("x-ratelimit-remaining", "4000"));
        assertThatThrownBy(() -> client.upsertSticky(change, KEY, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("Resource not accessible by integration")
                .hasMessageContaining("pull_requests: write").hasMessageContaining("issues: write")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void notFoundExplainsVisibility() {
        server.enqueue(json(404, "{\"message\": \"Not Found\"}"));
        assertThatThrownBy(() -> client.post(change, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("cannot see the repository")
                .hasMessageContaining("'repo' scope");
    }

    @Test
    void forkIsRefusedBeforeSending() {
        ChangeRef fork = new ChangeRef(HostKind.GITHUB, change.apiBaseUrl(), "o/r", 12, true, "main");
        assertThatThrownBy(() -> client.upsertSticky(fork, KEY, "x")).isInstanceOf(ForkRefusedException.class)
                .hasMessageContaining("fork").hasMessageContaining("not explicitly allowed");
        assertThatThrownBy(() -> client.post(fork, "x")).isInstanceOf(ForkRefusedException.class);
        assertThat(server.getRequestCount()).isZero();

        server.enqueue(json(201, "{\"id\": 1}"));
        try (GitHubClient allowed = new GitHubClient(TOKEN, ScmTestSupport.options(waits).withAllowForks(true))) {
            assertThat(allowed.post(fork, "x").commentId()).isEqualTo(1);
        }
    }

    @Test
    void tokenIsNeverShown() {
        assertThat(client.toString()).doesNotContain(TOKEN).contains("****");
        assertThat(change.toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> new GitHubClient("bad token\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("bad token");
    }

    @Test
    void wrongHostKindIsRefused() {
        ChangeRef gitlab = new ChangeRef(HostKind.GITLAB, change.apiBaseUrl(), "g/p", 3, false, null);
        assertThatThrownBy(() -> client.post(gitlab, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The spec check itself must catch a wrong request, or the other tests prove nothing. */
    @Test
    void specCheckRejectsWrongRequests() throws Exception {
        OkHttpClient raw = new OkHttpClient();
        MediaType json = MediaType.get("application/json");
        server.enqueue(new MockResponse().setResponseCode(201));
        server.enqueue(new MockResponse().setResponseCode(201));
        server.enqueue(new MockResponse().setResponseCode(201));
        raw.newCall(new Request.Builder().url(server.url("/repos/o/r/issues/12/comments"))
                .post(RequestBody.create("{\"text\": \"x\"}", json)).build()).execute().close();
        raw.newCall(new Request.Builder().url(server.url("/repos/o/r/issues/12/comment"))
                .post(RequestBody.create("{\"body\": \"x\"}", json)).build()).execute().close();
        raw.newCall(new Request.Builder().url(server.url("/repos/o/r/issues/comments/abc"))
                .patch(RequestBody.create("{\"body\": \"x\"}", json)).build()).execute().close();
        RecordedRequest missingBody = server.takeRequest();
        RecordedRequest unknownPath = server.takeRequest();
        RecordedRequest badId = server.takeRequest();
        assertThatThrownBy(() -> spec.validate(missingBody, "")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("body");
        assertThatThrownBy(() -> spec.validate(unknownPath, "")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("not an operation");
        assertThatThrownBy(() -> spec.validate(badId, "")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("comment_id");
        raw.dispatcher().executorService().shutdown();
        raw.connectionPool().evictAll();
    }
}
