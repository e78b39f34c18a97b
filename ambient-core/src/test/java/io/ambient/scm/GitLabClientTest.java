package io.ambient.scm;

import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static io.ambient.scm.ScmTestSupport.json;
import static io.ambient.scm.ScmTestSupport.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GitLabClient} against a MockWebServer on loopback ({@link HostMock#gitlab}): GitLab publishes no OpenAPI
 * description of these endpoints, so every request is checked against the documented shapes of the Notes API
 * ({@link GitLabApiShapes}).
 */
class GitLabClientTest {
    private static final String KEY = CommentClient.stickyKey("group/app/MR-3", "review", "lint");
    private static final String MARKER = CommentClient.marker(KEY);
    private static final String NOTES = "/api/v4/projects/g%2Fsub%2Fp/merge_requests/3/notes";

    private HostMock<GitLabClient> mock;
    private GitLabClient client;
    private ChangeRef change;

    @BeforeEach
    void start() throws Exception {
        mock = HostMock.gitlab("g/sub/p");
        client = mock.client;
        change = new ChangeRef(HostKind.GITLAB, mock.url("/api/v4"), "g/sub/p", 3, false, "main");
    }

    @AfterEach
    void stop() throws Exception {
        mock.close();
    }

    @Test
    void postsANote() throws Exception {
        mock.enqueue(json(201, "{\"id\": 301, \"body\": \"hi\", \"system\": false}"));
        assertThat(client.post(change, "hi")).isEqualTo(new CommentClient.Result(301, CommentClient.Action.CREATED));
        RecordedRequest r = mock.take();
        assertThat(r.getPath()).isEqualTo(NOTES);
        assertThat(r.getBody().clone().readUtf8()).isEqualTo("{\"body\":\"hi\"}");
        assertThat(mock.validated).containsExactly("POST /:iid/notes");
    }

    @Test
    void stickyIsCreatedOnceThenUpdatedInPlace() throws Exception {
        mock.enqueue(json(200, "[{\"id\": 1, \"body\": \"approved this merge request\", \"system\": true}]"),
                json(201, "{\"id\": 55}"));
        assertThat(client.upsertSticky(change, KEY, "first").action()).isEqualTo(CommentClient.Action.CREATED);
        mock.enqueue(json(200, "[{\"id\": 55, \"body\": " + quoted(MARKER + "\nfirst") + "}]"),
                json(200, "{\"id\": 55}"));
        assertThat(client.upsertSticky(change, KEY, "second"))
                .isEqualTo(new CommentClient.Result(55, CommentClient.Action.UPDATED));

        assertThat(mock.take().getPath()).isEqualTo(NOTES + "?sort=asc&order_by=created_at&per_page=100");
        mock.take();
        mock.take();
        RecordedRequest put = mock.take();
        assertThat(put.getPath()).isEqualTo(NOTES + "/55");
        assertThat(put.getBody().clone().readUtf8()).isEqualTo("{\"body\":" + quoted(MARKER + "\nsecond") + "}");
        assertThat(mock.validated).containsExactly("GET /:iid/notes", "POST /:iid/notes", "GET /:iid/notes",
                "PUT /:iid/notes/:note_id");
    }

    @Test
    void createThatFailedWith502ButLandedIsNotDuplicated() throws Exception {
        mock.enqueue(json(200, "[]"), json(502, "{\"message\": \"502 Bad Gateway\"}"),
                json(200, "[{\"id\": 8, \"body\": " + quoted(MARKER + "\nx") + "}]"), json(200, "{\"id\": 8}"));
        assertThat(client.upsertSticky(change, KEY, "x").commentId()).isEqualTo(8);
        for (int i = 0; i < 4; i++) {
            mock.take();
        }
        assertThat(mock.validated).containsExactly("GET /:iid/notes", "POST /:iid/notes", "GET /:iid/notes",
                "PUT /:iid/notes/:note_id");
    }

    @Test
    void markerOnSecondPageViaXNextPage() throws Exception {
        mock.enqueue(json(200, "[{\"id\": 1, \"body\": \"a\"}]").setHeader("X-Next-Page", "2"),
                json(200, "[{\"id\": 2, \"body\": " + quoted(MARKER + "\nold") + "}]").setHeader("X-Next-Page", ""),
                json(200, "{\"id\": 2}"));
        assertThat(client.upsertSticky(change, KEY, "new").commentId()).isEqualTo(2);
        mock.take();
        assertThat(mock.take().getRequestUrl().queryParameter("page")).isEqualTo("2");
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
        mock.enqueue(json(429, "{\"message\": \"Retry later\"}").setHeader("Retry-After", "2"),
                json(201, "{\"id\": 4}"));
        assertThat(client.post(change, "x").commentId()).isEqualTo(4);
        assertThat(mock.waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void forbiddenNamesScopeAndRole() {
        mock.enqueue(json(403, "{\"message\": \"403 Forbidden\"}"));
        assertThatThrownBy(() -> client.upsertSticky(change, KEY, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("'api' scope")
                .hasMessageContaining("Reporter role").hasMessageNotContaining(TOKEN);
        assertThat(mock.waits).isEmpty();
    }

    @Test
    void unauthorizedNamesScope() {
        mock.enqueue(json(401, "{\"message\": \"401 Unauthorized\"}"));
        assertThatThrownBy(() -> client.post(change, "x")).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("'api' scope")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void forkIsRefusedBeforeSending() {
        ChangeRef fork = new ChangeRef(HostKind.GITLAB, change.apiBaseUrl(), "g/sub/p", 3, true, "main");
        assertThatThrownBy(() -> client.upsertSticky(fork, KEY, "x")).isInstanceOf(ForkRefusedException.class)
                .hasMessageContaining("fork");
        assertThat(mock.server.getRequestCount()).isZero();
        assertThat(client.toString()).doesNotContain(TOKEN);
    }
}
