package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ambient.InvalidInputException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static io.ambient.scm.ScmTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GitHubClient#reviews()} against {@link HostMock#github} (every request checked against GitHub's OpenAPI
 * description), with a real patch from {@link ReviewFixture}.
 */
class GitHubReviewsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PULL = "{\"number\": 12, \"state\": \"open\", \"head\": {\"sha\": \""
            + ReviewFixture.HEAD_SHA + "\", \"ref\": \"feature\"}}";
    private static final String REVIEW = "{\"id\": 80, \"state\": \"COMMENTED\"}";

    @TempDir
    Path tmp;
    private HostMock<GitHubClient> mock;
    private ChangeRef change;
    private ReviewFixture fixture;

    @BeforeEach
    void start() throws Exception {
        mock = HostMock.github();
        change = ChangeRef.github("o", "r", 12, false).withApiBaseUrl(mock.url("/"));
        fixture = ReviewFixture.make(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        mock.close();
    }

    /** GitHub's {@code GET .../files} answer listing {@code hunks} (path to the file's {@code patch}). */
    private static MockResponse files(Map<String, String> hunks) {
        ArrayNode files = MAPPER.createArrayNode();
        hunks.forEach((path, patch) -> files.addObject().put("sha", "b".repeat(40)).put("filename", path)
                .put("status", "modified").put("patch", patch));
        return json(200, files.toString());
    }

    /** Answers the pull request and its files, accepts the review, and returns the review's request body. */
    private JsonNode postedReview(int maxInline) throws Exception {
        mock.enqueue(json(200, PULL), files(fixture.pullRequestHunks()), json(200, REVIEW));
        mock.client.reviews().suggest(change, fixture.agentPatch(), "## Ambient run", maxInline);
        mock.take();
        mock.take();
        RecordedRequest review = mock.take();
        assertThat(review.getPath()).isEqualTo("/repos/o/r/pulls/12/reviews");
        return MAPPER.readTree(review.getBody().readUtf8());
    }

    @Test
    void suggestionsOnLinesOfTheDiffAreOneReviewOnTheHeadCommit() throws Exception {
        JsonNode review = postedReview(ReviewClient.DEFAULT_MAX_INLINE);
        assertThat(review.get("commit_id").asText()).isEqualTo(ReviewFixture.HEAD_SHA);
        assertThat(review.get("event").asText()).isEqualTo("COMMENT");
        assertThat(review.get("body").asText()).startsWith("## Ambient run\n\n**Suggested changes:** 2 of 3 inline");
        assertThat(mock.validated).containsExactly("GET /repos/{owner}/{repo}/pulls/{pull_number}",
                "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
                "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews");
    }

    @Test
    void aReplacedRangeIsAMultiLineSuggestion() throws Exception {
        JsonNode comment = postedReview(ReviewClient.DEFAULT_MAX_INLINE).get("comments").get(0);
        assertThat(comment.get("path").asText()).isEqualTo(ReviewFixture.APP);
        assertThat(comment.get("start_line").asInt()).isEqualTo(10);
        assertThat(comment.get("start_side").asText()).isEqualTo("RIGHT");
        assertThat(comment.get("line").asInt()).isEqualTo(11);
        assertThat(comment.get("side").asText()).isEqualTo("RIGHT");
        assertThat(comment.get("body").asText()).isEqualTo("```suggestion\nnew ten\nnew ten b\nnew eleven\n```\n");
    }

    @Test
    void anInsertionIsASingleLineSuggestionRepeatingItsAnchor() throws Exception {
        JsonNode comment = postedReview(ReviewClient.DEFAULT_MAX_INLINE).get("comments").get(1);
        assertThat(comment.has("start_line")).isFalse();
        assertThat(comment.get("line").asInt()).isEqualTo(28);
        assertThat(comment.get("body").asText()).isEqualTo("```suggestion\nline 28\ninserted\n```\n");
    }

    @Test
    void aHunkOutsideTheDiffGoesIntoTheReviewBody() throws Exception {
        JsonNode review = postedReview(ReviewClient.DEFAULT_MAX_INLINE);
        assertThat(review.get("comments")).hasSize(2);
        assertThat(review.get("comments").findValuesAsText("line")).doesNotContain("38");
        assertThat(review.get("body").asText()).contains("does not show")
                .contains("src/App\\.java line 38:\n\n```diff\n@@ -35,6 +37,6 @@")
                .contains("-line 38\n+line 38 fixed by agent\n");
    }

    @Test
    void filesThatCannotBeSuggestionsAreListedInTheBody() throws Exception {
        String body = postedReview(ReviewClient.DEFAULT_MAX_INLINE).get("body").asText();
        assertThat(body).contains("**Not suggested:**").contains("docs/new\\.md: added")
                .contains("old\\.txt: deleted").contains("logo\\.png: binary");
    }

    @Test
    void inlineSuggestionsAreCappedAndTheRestSummarised() throws Exception {
        mock.enqueue(json(200, PULL), files(fixture.pullRequestHunks()), json(200, REVIEW));
        ReviewClient.Result result = mock.client.reviews().suggest(change, fixture.agentPatch(), "", 1);
        assertThat(result.inline()).isEqualTo(1);
        assertThat(result.inSummary()).isEqualTo(2);
        assertThat(result.notSuggested()).containsExactlyInAnyOrder("docs/new.md: added", "old.txt: deleted",
                "logo.png: binary");
        mock.take();
        mock.take();
        JsonNode review = MAPPER.readTree(mock.take().getBody().readUtf8());
        assertThat(review.get("comments")).hasSize(1);
        assertThat(review.get("body").asText()).contains("past the limit of 1 inline suggestions")
                .contains("src/App\\.java line 28:");
    }

    @Test
    void filesAreReadFromEveryPage() throws Exception {
        String page2 = mock.server.url("/repos/o/r/pulls/12/files?per_page=100&page=2").toString();
        mock.enqueue(json(200, PULL),
                files(Map.of("other.txt", "@@ -1 +1 @@\n-a\n+b")).setHeader("Link", "<" + page2 + ">; rel=\"next\""),
                files(fixture.pullRequestHunks()), json(200, REVIEW));
        ReviewClient.Result result = mock.client.reviews().suggest(change, fixture.agentPatch(), "");
        assertThat(result.inline()).isEqualTo(2);
        mock.take();
        assertThat(mock.take().getPath()).isEqualTo("/repos/o/r/pulls/12/files?per_page=100");
        assertThat(mock.take().getPath()).isEqualTo("/repos/o/r/pulls/12/files?per_page=100&page=2");
    }

    @Test
    void aReviewGitHubRejectsIsPostedAgainWithEverythingInTheBody() throws Exception {
        mock.enqueue(json(200, PULL), files(fixture.pullRequestHunks()),
                json(422, "{\"message\": \"Unprocessable Entity\", \"errors\": [\"Line could not be resolved\"]}"),
                json(200, REVIEW));
        ReviewClient.Result result = mock.client.reviews().suggest(change, fixture.agentPatch(), "");
        assertThat(result.inline()).isZero();
        assertThat(result.inSummary()).isEqualTo(3);
        mock.take();
        mock.take();
        assertThat(MAPPER.readTree(mock.take().getBody().readUtf8()).get("comments")).hasSize(2);
        JsonNode retry = MAPPER.readTree(mock.take().getBody().readUtf8());
        assertThat(retry.get("comments")).isEmpty();
        assertThat(retry.get("body").asText()).contains("line 10–11:").contains("line 28:").contains("line 38:");
    }

    @Test
    void forbiddenNamesThePermission() {
        mock.enqueue(json(403, "{\"message\": \"Resource not accessible by integration\"}")
                .setHeader("x-ratelimit-remaining", "4000"));
        assertThatThrownBy(() -> mock.client.reviews().suggest(change, fixture.agentPatch(), ""))
                .isInstanceOf(ScmException.class).hasMessageContaining("HTTP 403")
                .hasMessageContaining("may not write review comments on o/r#12").hasMessageContaining("'pull_requests: write'")
                .hasMessageContaining("'repo' scope").hasMessageNotContaining(TOKEN);
    }

    @Test
    void forkIsRefusedBeforeSending() {
        ChangeRef fork = new ChangeRef(HostKind.GITHUB, change.apiBaseUrl(), "o/r", 12, true, "main");
        assertThatThrownBy(() -> mock.client.reviews().suggest(fork, fixture.agentPatch(), ""))
                .isInstanceOf(ForkRefusedException.class).hasMessageContaining("not explicitly allowed");
        assertThat(mock.server.getRequestCount()).isZero();
    }

    @Test
    void aBadPatchIsRefusedAndAnEmptyOnePostsNothing() {
        assertThatThrownBy(() -> mock.client.reviews().suggest(change, "not a diff", ""))
                .isInstanceOf(InvalidInputException.class);
        assertThat(mock.client.reviews().suggest(change, "", "summary"))
                .isEqualTo(new ReviewClient.Result(0, 0, java.util.List.of()));
        assertThat(mock.server.getRequestCount()).isZero();
    }
}
