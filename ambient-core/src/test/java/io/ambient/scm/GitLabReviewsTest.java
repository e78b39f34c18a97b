package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * {@link GitLabClient#reviews()} against {@link HostMock#gitlab} with a real patch from {@link ReviewFixture}; every request
 * checked against GitLab's documented shapes ({@link GitLabApiShapes}).
 */
class GitLabReviewsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MR = "/api/v4/projects/g%2Fsub%2Fp/merge_requests/3";
    private static final String MERGE_REQUEST = "{\"iid\": 3, \"diff_refs\": {\"base_sha\": \"" + "b".repeat(40)
            + "\", \"head_sha\": \"" + ReviewFixture.HEAD_SHA + "\", \"start_sha\": \"" + "c".repeat(40) + "\"}}";

    @TempDir
    Path tmp;
    private HostMock<GitLabClient> mock;
    private ChangeRef change;
    private ReviewFixture fixture;

    @BeforeEach
    void start() throws Exception {
        mock = HostMock.gitlab("g/sub/p");
        change = new ChangeRef(HostKind.GITLAB, mock.url("/api/v4"), "g/sub/p", 3, false, "main");
        fixture = ReviewFixture.make(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        mock.close();
    }

    private JsonNode takeJson() throws Exception {
        return MAPPER.readTree(mock.take().getBody().readUtf8());
    }

    /** GitLab's {@code GET .../diffs} answer listing {@code hunks} (path to the file's {@code diff}). */
    private static MockResponse diffs(Map<String, String> hunks) {
        ArrayNode files = MAPPER.createArrayNode();
        hunks.forEach((path, diff) -> files.addObject().put("old_path", path).put("new_path", path)
                .put("diff", diff).put("new_file", false).put("renamed_file", false).put("deleted_file", false));
        return json(200, files.toString());
    }

    private void enqueueMergeRequestAndThreads(int threads) {
        mock.enqueue(json(200, MERGE_REQUEST));
        mock.enqueue(diffs(fixture.pullRequestHunks()));
        for (int i = 0; i < threads; i++) {
            mock.enqueue(json(201, "{\"id\": \"d" + i + "\", \"notes\": []}"));
        }
        mock.enqueue(json(201, "{\"id\": 501}"));
    }

    @Test
    void suggestionsBecomeDiffThreadsThenASummaryNote() throws Exception {
        enqueueMergeRequestAndThreads(2);
        ReviewClient.Result result = mock.client.reviews().suggest(change, fixture.agentPatch(), "## Ambient run");
        assertThat(result.inline()).isEqualTo(2);
        assertThat(result.inSummary()).isEqualTo(1);
        assertThat(mock.take().getPath()).isEqualTo(MR);
        assertThat(mock.take().getPath()).isEqualTo(MR + "/diffs");
        mock.take();
        mock.take();
        RecordedRequest note = mock.take();
        assertThat(note.getPath()).isEqualTo(MR + "/notes");
        assertThat(MAPPER.readTree(note.getBody().readUtf8()).get("body").asText())
                .startsWith("## Ambient run\n\n**Suggested changes:** 2 of 3 inline").contains("line 38 fixed by agent");
        assertThat(mock.validated).containsExactly("GET /:iid", "GET /:iid/diffs", "POST /:iid/discussions",
                "POST /:iid/discussions", "POST /:iid/notes");
    }

    @Test
    void aMultiLineSuggestionCoversTheLinesBelowItsLine() throws Exception {
        enqueueMergeRequestAndThreads(2);
        mock.client.reviews().suggest(change, fixture.agentPatch(), "");
        mock.take();
        mock.take();
        JsonNode thread = takeJson();
        assertThat(thread.get("body").asText()).isEqualTo("```suggestion:-0+1\nnew ten\nnew ten b\nnew eleven\n```\n");
        JsonNode position = thread.get("position");
        assertThat(position.get("position_type").asText()).isEqualTo("text");
        assertThat(position.get("base_sha").asText()).isEqualTo("b".repeat(40));
        assertThat(position.get("start_sha").asText()).isEqualTo("c".repeat(40));
        assertThat(position.get("head_sha").asText()).isEqualTo(ReviewFixture.HEAD_SHA);
        assertThat(position.get("new_path").asText()).isEqualTo(ReviewFixture.APP);
        assertThat(position.get("old_path").asText()).isEqualTo(ReviewFixture.APP);
        assertThat(position.get("new_line").asInt()).isEqualTo(10);
        // Line 10 is one the merge request changed: it has no old line.
        assertThat(position.has("old_line")).isFalse();
    }

    @Test
    void aSuggestionOnAFileTheMergeRequestRenamedNamesItsOldPath() throws Exception {
        mock.enqueue(json(200, MERGE_REQUEST));
        ArrayNode files = MAPPER.createArrayNode();
        fixture.pullRequestHunks().forEach((path, diff) -> files.addObject()
                .put("old_path", path.equals(ReviewFixture.APP) ? "src/Old.java" : path).put("new_path", path)
                .put("diff", diff).put("new_file", false).put("renamed_file", path.equals(ReviewFixture.APP))
                .put("deleted_file", false));
        mock.enqueue(json(200, files.toString()), json(201, "{\"id\": \"d0\", \"notes\": []}"),
                json(201, "{\"id\": \"d1\", \"notes\": []}"), json(201, "{\"id\": 501}"));

        mock.client.reviews().suggest(change, fixture.agentPatch(), "");
        mock.take();
        mock.take();
        JsonNode position = takeJson().get("position");

        assertThat(position.get("old_path").asText()).isEqualTo("src/Old.java");
        assertThat(position.get("new_path").asText()).isEqualTo(ReviewFixture.APP);
    }

    @Test
    void aSuggestionOnAnUnchangedLineNamesItsOldLineToo() throws Exception {
        enqueueMergeRequestAndThreads(2);
        mock.client.reviews().suggest(change, fixture.agentPatch(), "");
        mock.take();
        mock.take();
        mock.take();
        JsonNode thread = takeJson();
        assertThat(thread.get("body").asText()).isEqualTo("```suggestion:-0+0\nline 28\ninserted\n```\n");
        assertThat(thread.get("position").get("new_line").asInt()).isEqualTo(28);
        assertThat(thread.get("position").get("old_line").asInt()).isEqualTo(28);
    }

    @Test
    void diffsAreReadFromEveryPage() throws Exception {
        mock.enqueue(json(200, MERGE_REQUEST));
        mock.enqueue(diffs(Map.of("other.txt", "@@ -1 +1 @@\n-a\n+b\n")).setHeader("X-Next-Page", "2"));
        mock.enqueue(diffs(fixture.pullRequestHunks()).setHeader("X-Next-Page", ""));
        mock.enqueue(json(201, "{\"id\": \"d1\"}"));
        mock.enqueue(json(201, "{\"id\": \"d2\"}"));
        mock.enqueue(json(201, "{\"id\": 501}"));
        assertThat(mock.client.reviews().suggest(change, fixture.agentPatch(), "").inline()).isEqualTo(2);
        mock.take();
        mock.take();
        assertThat(mock.take().getRequestUrl().queryParameter("page")).isEqualTo("2");
    }

    @Test
    void aThreadGitLabRefusesGoesIntoTheSummary() throws Exception {
        mock.enqueue(json(200, MERGE_REQUEST));
        mock.enqueue(diffs(fixture.pullRequestHunks()));
        mock.enqueue(json(400, "{\"message\": \"400 Bad request - Note {:line_code=>[\\\"can't be blank\\\"]}\"}"));
        mock.enqueue(json(201, "{\"id\": \"d2\"}"));
        mock.enqueue(json(201, "{\"id\": 501}"));
        ReviewClient.Result result = mock.client.reviews().suggest(change, fixture.agentPatch(), "");
        assertThat(result.inline()).isEqualTo(1);
        assertThat(result.inSummary()).isEqualTo(2);
        for (int i = 0; i < 4; i++) {
            mock.take();
        }
        assertThat(takeJson().get("body").asText()).contains("line 10–11:").contains("line 38:");
        assertThat(mock.waits).isEmpty();
    }

    @Test
    void forbiddenNamesTheScope() {
        mock.enqueue(json(403, "{\"message\": \"403 Forbidden\"}"));
        assertThatThrownBy(() -> mock.client.reviews().suggest(change, fixture.agentPatch(), ""))
                .isInstanceOf(ScmException.class).hasMessageContaining("HTTP 403")
                .hasMessageContaining("'api' scope").hasMessageNotContaining(TOKEN);
    }

    @Test
    void forkIsRefusedBeforeSending() {
        ChangeRef fork = new ChangeRef(HostKind.GITLAB, change.apiBaseUrl(), "g/sub/p", 3, true, "main");
        assertThatThrownBy(() -> mock.client.reviews().suggest(fork, fixture.agentPatch(), ""))
                .isInstanceOf(ForkRefusedException.class);
        assertThat(mock.server.getRequestCount()).isZero();
    }
}
