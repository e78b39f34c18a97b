package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static io.ambient.scm.ScmTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link GitLabClient#pullRequests()} against {@link HostMock#gitlab}: requests checked by {@link GitLabApiShapes}. */
class GitLabMergeRequestsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PullRequestSpec SPEC =
            new PullRequestSpec("ambient/fix-lint", "main", "Fix lint warnings", "## Report");
    private static final String MRS = "/api/v4/projects/g%2Fsub%2Fp/merge_requests";
    private static final String MR_URL = "https://gitlab.example/g/sub/p/-/merge_requests/";

    private HostMock<GitLabClient> mock;
    private RepoRef repo;

    @BeforeEach
    void start() throws Exception {
        mock = HostMock.gitlab("g/sub/p");
        repo = new RepoRef(HostKind.GITLAB, mock.url("/api/v4"), "g/sub/p");
    }

    @AfterEach
    void stop() throws Exception {
        mock.close();
    }

    private static String mr(long iid) {
        return "{\"id\": 1000" + iid + ", \"iid\": " + iid + ", \"web_url\": \"" + MR_URL + iid + "\"}";
    }

    @Test
    void opensAMergeRequestWhenNoneIsOpen() throws Exception {
        mock.enqueue(json(200, "[]"));
        mock.enqueue(json(201, mr(4)));
        assertThat(mock.client.pullRequests().openOrUpdate(repo, SPEC))
                .isEqualTo(new PullRequestClient.Result(4, MR_URL + 4, CommentClient.Action.CREATED));
        RecordedRequest find = mock.take();
        assertThat(find.getPath()).isEqualTo(MRS + "?source_branch=ambient%2Ffix-lint&target_branch=main"
                + "&state=opened&per_page=100");
        JsonNode body = MAPPER.readTree(mock.take().getBody().readUtf8());
        assertThat(body.get("source_branch").asText()).isEqualTo("ambient/fix-lint");
        assertThat(body.get("target_branch").asText()).isEqualTo("main");
        assertThat(body.get("title").asText()).isEqualTo("Fix lint warnings");
        assertThat(body.get("description").asText()).isEqualTo("## Report");
        assertThat(mock.validated).containsExactly("GET", "POST");
    }

    @Test
    void theOpenMergeRequestIsUpdatedNotDuplicated() throws Exception {
        mock.enqueue(json(200, "[" + mr(6) + "]"));
        mock.enqueue(json(200, mr(6)));
        assertThat(mock.client.pullRequests().openOrUpdate(repo, SPEC))
                .isEqualTo(new PullRequestClient.Result(6, MR_URL + 6, CommentClient.Action.UPDATED));
        mock.take();
        RecordedRequest put = mock.take();
        assertThat(put.getPath()).isEqualTo(MRS + "/6");
        JsonNode body = MAPPER.readTree(put.getBody().readUtf8());
        assertThat(body.get("title").asText()).isEqualTo("Fix lint warnings");
        assertThat(body.get("description").asText()).isEqualTo("## Report");
        assertThat(mock.validated).containsExactly("GET", "PUT /:iid");
    }

    @Test
    void createThatTimedOutButLandedIsNotDuplicated() throws Exception {
        mock.enqueue(json(200, "[]"));
        mock.enqueue(json(503, "{\"message\": \"503 Service Unavailable\"}"));
        mock.enqueue(json(200, "[" + mr(8) + "]"));
        mock.enqueue(json(200, mr(8)));
        assertThat(mock.client.pullRequests().openOrUpdate(repo, SPEC).action()).isEqualTo(CommentClient.Action.UPDATED);
        for (int i = 0; i < 4; i++) {
            mock.take();
        }
        assertThat(mock.validated).containsExactly("GET", "POST", "GET", "PUT /:iid");
    }

    @Test
    void forbiddenNamesTheScopeAndDeveloperRole() {
        mock.enqueue(json(403, "{\"message\": \"403 Forbidden\"}"));
        assertThatThrownBy(() -> mock.client.pullRequests().openOrUpdate(repo, SPEC)).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("'api' scope")
                .hasMessageContaining("Developer role").hasMessageNotContaining(TOKEN);
        assertThat(mock.waits).isEmpty();
    }

    @Test
    void conflictNamesTheSourceBranch() {
        mock.enqueue(json(200, "[]"));
        mock.enqueue(json(409, "{\"message\": [\"Another open merge request already exists for this source"
                + " branch: !2\"]}"));
        assertThatThrownBy(() -> mock.client.pullRequests().openOrUpdate(repo, SPEC)).isInstanceOf(ScmException.class)
                .hasMessageContaining("HTTP 409").hasMessageContaining("open merge request from ambient/fix-lint");
    }
}
