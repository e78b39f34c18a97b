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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link GitLabClient#pullRequests()} against MockWebServer; requests checked by {@link GitLabApiShapes}. */
class GitLabMergeRequestsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PullRequestSpec SPEC =
            new PullRequestSpec("ambient/fix-lint", "main", "Fix lint warnings", "## Report");
    private static final String MRS = "/api/v4/projects/g%2Fsub%2Fp/merge_requests";
    private static final String MR_URL = "https://gitlab.example/g/sub/p/-/merge_requests/";

    private final List<Duration> waits = new ArrayList<>();
    private final GitLabApiShapes shapes = new GitLabApiShapes("g/sub/p");
    private final List<String> operations = new ArrayList<>();
    private MockWebServer server;
    private GitLabClient client;
    private RepoRef repo;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = new GitLabClient(TOKEN, ScmTestSupport.options(waits));
        repo = new RepoRef(HostKind.GITLAB, server.url("/api/v4").toString(), "g/sub/p");
    }

    @AfterEach
    void checkAllAndStop() throws Exception {
        try {
            for (RecordedRequest r : ScmTestSupport.drain(server)) {
                shapes.check(r);
            }
        } finally {
            client.close();
            server.shutdown();
        }
    }

    private RecordedRequest take() throws Exception {
        RecordedRequest r = server.takeRequest();
        operations.add(shapes.check(r));
        return r;
    }

    private static String mr(long iid) {
        return "{\"id\": 1000" + iid + ", \"iid\": " + iid + ", \"web_url\": \"" + MR_URL + iid + "\"}";
    }

    @Test
    void opensAMergeRequestWhenNoneIsOpen() throws Exception {
        server.enqueue(json(200, "[]"));
        server.enqueue(json(201, mr(4)));
        assertThat(client.pullRequests().openOrUpdate(repo, SPEC))
                .isEqualTo(new PullRequestClient.Result(4, MR_URL + 4, CommentClient.Action.CREATED));
        RecordedRequest find = take();
        assertThat(find.getPath()).isEqualTo(MRS + "?source_branch=ambient%2Ffix-lint&target_branch=main"
                + "&state=opened&per_page=100");
        JsonNode body = MAPPER.readTree(take().getBody().readUtf8());
        assertThat(body.get("source_branch").asText()).isEqualTo("ambient/fix-lint");
        assertThat(body.get("target_branch").asText()).isEqualTo("main");
        assertThat(body.get("title").asText()).isEqualTo("Fix lint warnings");
        assertThat(body.get("description").asText()).isEqualTo("## Report");
        assertThat(operations).containsExactly("GET", "POST");
    }

    @Test
    void theOpenMergeRequestIsUpdatedNotDuplicated() throws Exception {
        server.enqueue(json(200, "[" + mr(6) + "]"));
        server.enqueue(json(200, mr(6)));
        assertThat(client.pullRequests().openOrUpdate(repo, SPEC))
                .isEqualTo(new PullRequestClient.Result(6, MR_URL + 6, CommentClient.Action.UPDATED));
        take();
        RecordedRequest put = take();
        assertThat(put.getPath()).isEqualTo(MRS + "/6");
        JsonNode body = MAPPER.readTree(put.getBody().readUtf8());
        assertThat(body.get("title").asText()).isEqualTo("Fix lint warnings");
        assertThat(body.get("description").asText()).isEqualTo("## Report");
        assertThat(operations).containsExactly("GET", "PUT /:iid");
    }

    @Test
    void createThatTimedOutButLandedIsNotDuplicated() throws Exception {
        server.enqueue(json(200, "[]"));
        server.enqueue(json(503, "{\"message\": \"503 Service Unavailable\"}"));
        server.enqueue(json(200, "[" + mr(8) + "]"));
        server.enqueue(json(200, mr(8)));
        assertThat(client.pullRequests().openOrUpdate(repo, SPEC).action()).isEqualTo(CommentClient.Action.UPDATED);
        for (int i = 0; i < 4; i++) {
            take();
        }
        assertThat(operations).containsExactly("GET", "POST", "GET", "PUT /:iid");
    }

    @Test
    void forbiddenNamesTheScopeAndDeveloperRole() {
        server.enqueue(json(403, "{\"message\": \"403 Forbidden\"}"));
        assertThatThrownBy(() -> client.pullRequests().openOrUpdate(repo, SPEC)).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("'api' scope")
                .hasMessageContaining("Developer role").hasMessageNotContaining(TOKEN);
        assertThat(waits).isEmpty();
    }

    @Test
    void conflictNamesTheSourceBranch() {
        server.enqueue(json(200, "[]"));
        server.enqueue(json(409, "{\"message\": [\"Another open merge request already exists for this source"
                + " branch: !2\"]}"));
        assertThatThrownBy(() -> client.pullRequests().openOrUpdate(repo, SPEC)).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 409").hasMessageContaining("open merge request from ambient/fix-lint");
    }
}
