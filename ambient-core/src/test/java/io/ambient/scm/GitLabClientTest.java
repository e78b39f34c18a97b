package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static io.ambient.scm.ScmTestSupport.json;
import static io.ambient.scm.ScmTestSupport.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GitLabClient} against a MockWebServer on loopback. GitLab publishes no OpenAPI description of these
 * endpoints, so every request is checked by explicit assertions against the documented shapes of the Notes API,
 * "Merge requests" section, https://docs.gitlab.com/api/notes/#merge-requests (source:
 * gitlab-org/gitlab {@code doc/api/notes.md}):
 * <ul>
 *   <li>{@code GET /projects/:id/merge_requests/:merge_request_iid/notes} with optional {@code sort}
 *       ({@code asc}/{@code desc}) and {@code order_by} ({@code created_at}/{@code updated_at}), plus the
 *       {@code page}/{@code per_page} (max 100) of https://docs.gitlab.com/api/rest/#pagination, which answers with
 *       {@code Link} and {@code X-Next-Page} headers</li>
 *   <li>{@code POST /projects/:id/merge_requests/:merge_request_iid/notes} with required {@code body}</li>
 *   <li>{@code PUT /projects/:id/merge_requests/:merge_request_iid/notes/:note_id} with required {@code body}</li>
 *   <li>{@code :id} is the project ID or URL-encoded path (https://docs.gitlab.com/api/rest/#namespaced-paths);
 *       authentication by {@code PRIVATE-TOKEN} header (https://docs.gitlab.com/api/rest/authentication/)</li>
 * </ul>
 */
class GitLabClientTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = CommentClient.stickyKey("group/app/MR-3", "review", "lint");
    private static final String MARKER = CommentClient.marker(KEY);
    private static final String NOTES = "/api/v4/projects/g%2Fsub%2Fp/merge_requests/3/notes";

    private final List<Duration> waits = new ArrayList<>();
    private MockWebServer server;
    private GitLabClient client;
    private ChangeRef change;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = new GitLabClient(TOKEN, ScmTestSupport.options(waits));
        change = new ChangeRef(HostKind.GITLAB, server.url("/api/v4").toString(), "g/sub/p", 3, false, "main");
    }

    @AfterEach
    void checkAllAndStop() throws Exception {
        try {
            for (RecordedRequest r : ScmTestSupport.drain(server)) {
                checkDocumentedShape(r);
            }
        } finally {
            client.close();
            server.shutdown();
        }
    }

    /** The documented shape of the three Notes API calls used; returns "METHOD template". */
    private static String checkDocumentedShape(RecordedRequest r) throws Exception {
        assertThat(r.getHeader("PRIVATE-TOKEN")).isEqualTo(TOKEN);
        assertThat(r.getHeader("Authorization")).isNull();
        String path = r.getRequestUrl().encodedPath();
        String body = r.getBody().clone().readUtf8();
        switch (r.getMethod()) {
            case "GET" -> {
                assertThat(path).isEqualTo(NOTES);
                assertThat(r.getRequestUrl().queryParameterNames())
                        .isSubsetOf("sort", "order_by", "per_page", "page");
                assertThat(r.getRequestUrl().queryParameter("sort")).isIn(null, "asc", "desc");
                assertThat(r.getRequestUrl().queryParameter("order_by")).isIn(null, "created_at", "updated_at");
                String perPage = r.getRequestUrl().queryParameter("per_page");
                assertThat(perPage == null || Integer.parseInt(perPage) <= 100).isTrue();
                assertThat(body).isEmpty();
                return "GET notes";
            }
            case "POST", "PUT" -> {
                if (r.getMethod().equals("POST")) {
                    assertThat(path).isEqualTo(NOTES);
                } else {
                    assertThat(path).matches(NOTES.replace("%", "\\%") + "/\\d+");
                }
                assertThat(r.getHeader("Content-Type")).startsWith("application/json");
                JsonNode json = MAPPER.readTree(body);
                assertThat(json.isObject()).isTrue();
                assertThat(json.path("body").isTextual()).as("required 'body' string").isTrue();
                assertThat(json.path("body").asText()).isNotEmpty();
                return r.getMethod() + (r.getMethod().equals("POST") ? " notes" : " notes/:note_id");
            }
            default -> throw new AssertionError("undocumented method " + r.getMethod() + " " + path);
        }
    }

    private String take() throws Exception {
        return checkDocumentedShape(server.takeRequest());
    }

    @Test
    void postsANote() throws Exception {
        server.enqueue(json(201, "{\"id\": 301, \"body\": \"hi\", \"system\": false}"));
        assertThat(client.post(change, "hi")).isEqualTo(new CommentClient.Result(301, CommentClient.Action.CREATED));
        RecordedRequest r = server.takeRequest();
        assertThat(r.getPath()).isEqualTo(NOTES);
        assertThat(r.getBody().clone().readUtf8()).isEqualTo("{\"body\":\"hi\"}");
        assertThat(checkDocumentedShape(r)).isEqualTo("POST notes");
    }

    @Test
    void stickyIsCreatedOnceThenUpdatedInPlace() throws Exception {
        server.enqueue(json(200, "[{\"id\": 1, \"body\": \"approved this merge request\", \"system\": true}]"));
        server.enqueue(json(201, "{\"id\": 55}"));
        assertThat(client.upsertSticky(change, KEY, "first").action()).isEqualTo(CommentClient.Action.CREATED);
        server.enqueue(json(200, "[{\"id\": 55, \"body\": " + quoted(MARKER + "\nfirst") + "}]"));
        server.enqueue(json(200, "{\"id\": 55}"));
        assertThat(client.upsertSticky(change, KEY, "second"))
                .isEqualTo(new CommentClient.Result(55, CommentClient.Action.UPDATED));

        RecordedRequest list = server.takeRequest();
        assertThat(list.getPath()).isEqualTo(NOTES + "?sort=asc&order_by=created_at&per_page=100");
        checkDocumentedShape(list);
        assertThat(take()).isEqualTo("POST notes");
        assertThat(take()).isEqualTo("GET notes");
        RecordedRequest put = server.takeRequest();
        assertThat(put.getPath()).isEqualTo(NOTES + "/55");
        assertThat(put.getBody().clone().readUtf8()).isEqualTo("{\"body\":" + quoted(MARKER + "\nsecond") + "}");
        assertThat(checkDocumentedShape(put)).isEqualTo("PUT notes/:note_id");
    }

    @Test
    void createThatFailedWith502ButLandedIsNotDuplicated() throws Exception {
        server.enqueue(json(200, "[]"));
        server.enqueue(json(502, "{\"message\": \"502 Bad Gateway\"}"));
        server.enqueue(json(200, "[{\"id\": 8, \"body\": " + quoted(MARKER + "\nx") + "}]"));
        server.enqueue(json(200, "{\"id\": 8}"));
        assertThat(client.upsertSticky(change, KEY, "x").commentId()).isEqualTo(8);
        List<String> calls = new ArrayList<>();
        for (RecordedRequest r : ScmTestSupport.drain(server)) {
            calls.add(checkDocumentedShape(r));
        }
        assertThat(calls).containsExactly("GET notes", "POST notes", "GET notes", "PUT notes/:note_id");
    }

    @Test
    void markerOnSecondPageViaXNextPage() throws Exception {
        server.enqueue(json(200, "[{\"id\": 1, \"body\": \"a\"}]").setHeader("X-Next-Page", "2"));
        server.enqueue(json(200, "[{\"id\": 2, \"body\": " + quoted(MARKER + "\nold") + "}]")
                .setHeader("X-Next-Page", ""));
        server.enqueue(json(200, "{\"id\": 2}"));
        assertThat(client.upsertSticky(change, KEY, "new").commentId()).isEqualTo(2);
        server.takeRequest();
        RecordedRequest page2 = server.takeRequest();
        assertThat(page2.getRequestUrl().queryParameter("page")).isEqualTo("2");
        checkDocumentedShape(page2);
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
        server.enqueue(json(429, "{\"message\": \"Retry later\"}").setHeader("Retry-After", "2"));
        server.enqueue(json(201, "{\"id\": 4}"));
        assertThat(client.post(change, "x").commentId()).isEqualTo(4);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void forbiddenNamesScopeAndRole() {
        server.enqueue(json(403, "{\"message\": \"403 Forbidden\"}"));
        assertThatThrownBy(() -> client.upsertSticky(change, KEY, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("'api' scope")
                .hasMessageContaining("Reporter role").hasMessageNotContaining(TOKEN);
        assertThat(waits).isEmpty();
    }

    @Test
    void unauthorizedNamesScope() {
        server.enqueue(json(401, "{\"message\": \"401 Unauthorized\"}"));
        assertThatThrownBy(() -> client.post(change, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("'api' scope")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void forkIsRefusedBeforeSending() {
        ChangeRef fork = new ChangeRef(HostKind.GITLAB, change.apiBaseUrl(), "g/sub/p", 3, true, "main");
        assertThatThrownBy(() -> client.upsertSticky(fork, KEY, "x")).isInstanceOf(ForkRefusedException.class)
                .hasMessageContaining("fork");
        assertThat(server.getRequestCount()).isZero();
        assertThat(client.toString()).doesNotContain(TOKEN);
    }
}
