package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ambient.InvalidInputException;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static io.ambient.scm.ScmTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link GitHubClient#pullRequests()} against {@link HostMock#github}: every request checked against the OpenAPI. */
class GitHubPullRequestsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PullRequestSpec SPEC =
            new PullRequestSpec("ambient/fix-lint", "main", "Fix lint warnings", "## Report\nall good");
    private static final String PR_URL = "https://github.com/o/r/pull/";

    private HostMock<GitHubClient> mock;
    private RepoRef repo;

    @BeforeEach
    void start() throws Exception {
        mock = HostMock.github();
        repo = RepoRef.github("o", "r").withApiBaseUrl(mock.url("/"));
    }

    @AfterEach
    void stop() throws Exception {
        mock.close();
    }

    private static String pull(long number) {
        return "{\"number\": " + number + ", \"html_url\": \"" + PR_URL + number + "\", \"state\": \"open\"}";
    }

    @Test
    void opensAPullRequestWhenNoneIsOpenForTheBranch() throws Exception {
        mock.enqueue(json(200, "[]"), json(201, pull(7)));
        assertThat(mock.client.pullRequests().openOrUpdate(repo, SPEC))
                .isEqualTo(new PullRequestClient.Result(7, PR_URL + 7, CommentClient.Action.CREATED));

        RecordedRequest find = mock.take();
        assertThat(find.getPath()).isEqualTo("/repos/o/r/pulls?head=o%3Aambient%2Ffix-lint&state=open&per_page=100");
        RecordedRequest create = mock.take();
        JsonNode body = MAPPER.readTree(create.getBody().readUtf8());
        assertThat(body.get("title").asText()).isEqualTo("Fix lint warnings");
        assertThat(body.get("head").asText()).isEqualTo("ambient/fix-lint");
        assertThat(body.get("base").asText()).isEqualTo("main");
        assertThat(body.get("body").asText()).isEqualTo("## Report\nall good");
        assertThat(mock.validated).containsExactly("GET /repos/{owner}/{repo}/pulls",
                "POST /repos/{owner}/{repo}/pulls");
    }

    @Test
    void theOpenPullRequestOfTheBranchIsUpdatedNotDuplicated() throws Exception {
        mock.enqueue(json(200, "[" + pull(5) + "]"), json(200, pull(5)));
        assertThat(mock.client.pullRequests().openOrUpdate(repo, SPEC))
                .isEqualTo(new PullRequestClient.Result(5, PR_URL + 5, CommentClient.Action.UPDATED));

        mock.take();
        RecordedRequest patch = mock.take();
        assertThat(patch.getMethod()).isEqualTo("PATCH");
        assertThat(patch.getPath()).isEqualTo("/repos/o/r/pulls/5");
        JsonNode body = MAPPER.readTree(patch.getBody().readUtf8());
        assertThat(body.get("title").asText()).isEqualTo("Fix lint warnings");
        assertThat(body.get("body").asText()).isEqualTo("## Report\nall good");
        assertThat(mock.validated).containsExactly("GET /repos/{owner}/{repo}/pulls",
                "PATCH /repos/{owner}/{repo}/pulls/{pull_number}");
    }

    @Test
    void createThatFailedWith502ButLandedIsNotDuplicated() throws Exception {
        mock.enqueue(json(200, "[]"), json(502, "{\"message\": \"Server Error\"}"),
                json(200, "[" + pull(9) + "]"), json(200, pull(9)));
        assertThat(mock.client.pullRequests().openOrUpdate(repo, SPEC))
                .isEqualTo(new PullRequestClient.Result(9, PR_URL + 9, CommentClient.Action.UPDATED));
        List<String> methods = List.of(mock.take().getMethod(), mock.take().getMethod(), mock.take().getMethod(),
                mock.take().getMethod());
        assertThat(methods).containsExactly("GET", "POST", "GET", "PATCH");
        assertThat(mock.waits).hasSize(1);
    }

    @Test
    void forbiddenNamesThePermissionAndScope() {
        mock.enqueue(json(403, "{\"message\": \"Resource not accessible by integration\"}")
                .setHeader("x-ratelimit-remaining", "4000"));
        assertThatThrownBy(() -> mock.client.pullRequests().openOrUpdate(repo, SPEC))
                .isInstanceOf(ScmException.class).hasMessageContaining("HTTP 403")
                .hasMessageContaining("open or edit pull requests on o/r")
                .hasMessageContaining("'pull_requests: write'").hasMessageContaining("'repo' scope")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void unprocessableCreateNamesTheBranches() {
        mock.enqueue(json(200, "[]"), json(422, "{\"message\": \"Validation Failed\"}"));
        assertThatThrownBy(() -> mock.client.pullRequests().openOrUpdate(repo, SPEC))
                .isInstanceOf(ScmException.class).hasMessageContaining("HTTP 422")
                .hasMessageContaining("from ambient/fix-lint into main").hasMessageContaining("pushed");
        assertThat(mock.waits).isEmpty();
    }

    @Test
    void blankTitleOrSameBranchesAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new PullRequestSpec("b", "main", " ", "x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("title is empty");
        assertThatThrownBy(() -> new PullRequestSpec("main", "main", "t", "x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("push the changes to a new branch");
        assertThat(mock.server.getRequestCount()).isZero();
    }

    @Test
    void aGitLabRepositoryIsRefused() {
        RepoRef gitlab = new RepoRef(HostKind.GITLAB, mock.url("/"), "g/p");
        assertThatThrownBy(() -> mock.client.pullRequests().openOrUpdate(gitlab, SPEC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GitLab repository");
        assertThat(mock.server.getRequestCount()).isZero();
    }
}
