package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static io.ambient.scm.ScmTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GitLabClient#reviews()} against MockWebServer with a real patch from {@link ReviewFixture}; every request
 * checked against GitLab's documented shapes ({@link GitLabApiShapes}).
 */
class GitLabReviewsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MR = "/api/v4/projects/g%2Fsub%2Fp/merge_requests/3";
    private static final String MERGE_REQUEST = "{\"iid\": 3, \"diff_refs\": {\"base_sha\": \"" + "b".repeat(40)
            + "\", \"head_sha\": \"" + ReviewFixture.HEAD_SHA + "\", \"start_sha\": \"" + "c".repeat(40) + "\"}}";

    @TempDir
    Path tmp;
    private final List<Duration> waits = new ArrayList<>();
    private final GitLabApiShapes shapes = new GitLabApiShapes("g/sub/p");
    private final List<String> operations = new ArrayList<>();
    private MockWebServer server;
    private GitLabClient client;
    private ChangeRef change;
    private ReviewFixture fixture;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = new GitLabClient(TOKEN, ScmTestSupport.options(waits));
        change = new ChangeRef(HostKind.GITLAB, server.url("/api/v4").toString(), "g/sub/p", 3, false, "main");
        fixture = ReviewFixture.make(tmp);
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

    private JsonNode takeJson() throws Exception {
        return MAPPER.readTree(take().getBody().readUtf8());
    }

    /** GitLab's {@code GET .../diffs} answer listing {@code hunks} (path to the file's {@code diff}). */
    private static MockResponse diffs(Map<String, String> hunks) {
        ArrayNode files = MAPPER.createArrayNode();
        hunks.forEach((path, diff) -> files.addObject().put("old_path", path).put("new_path", path)
                .put("diff", diff).put("new_file", false).put("renamed_file", false).put("deleted_file", false));
        return json(200, files.toString());
    }

    private void enqueueMergeRequestAndThreads(int threads) {
        server.enqueue(json(200, MERGE_REQUEST));
        server.enqueue(diffs(fixture.pullRequestHunks()));
        for (int i = 0; i < threads; i++) {
            server.enqueue(json(201, "{\"id\": \"d" + i + "\", \"notes\": []}"));
        }
        server.enqueue(json(201, "{\"id\": 501}"));
    }

    @Test
    void suggestionsBecomeDiffThreadsThenASummaryNote() throws Exception {
        enqueueMergeRequestAndThreads(2);
        ReviewClient.Result result = client.reviews().suggest(change, fixture.agentPatch(), "## Ambient run");
        assertThat(result.inline()).isEqualTo(2);
        assertThat(result.inSummary()).isEqualTo(1);
        assertThat(take().getPath()).isEqualTo(MR);
        assertThat(take().getPath()).isEqualTo(MR + "/diffs");
        take();
        take();
        RecordedRequest note = take();
        assertThat(note.getPath()).isEqualTo(MR + "/notes");
        assertThat(MAPPER.readTree(note.getBody().readUtf8()).get("body").asText())
                .startsWith("## Ambient run\n\n**Suggested changes:** 2 of 3 inline").contains("line 38 fixed by agent");
        assertThat(operations).containsExactly("GET /:iid", "GET /:iid/diffs", "POST /:iid/discussions",
                "POST /:iid/discussions", "POST /:iid/notes");
    }

    @Test
    void aMultiLineSuggestionCoversTheLinesBelowItsLine() throws Exception {
        enqueueMergeRequestAndThreads(2);
        client.reviews().suggest(change, fixture.agentPatch(), "");
        take();
        take();
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
    void aSuggestionOnAnUnchangedLineNamesItsOldLineToo() throws Exception {
        enqueueMergeRequestAndThreads(2);
        client.reviews().suggest(change, fixture.agentPatch(), "");
        take();
        take();
        take();
        JsonNode thread = takeJson();
        assertThat(thread.get("body").asText()).isEqualTo("```suggestion:-0+0\nline 28\ninserted\n```\n");
        assertThat(thread.get("position").get("new_line").asInt()).isEqualTo(28);
        assertThat(thread.get("position").get("old_line").asInt()).isEqualTo(28);
    }

    @Test
    void diffsAreReadFromEveryPage() throws Exception {
        server.enqueue(json(200, MERGE_REQUEST));
        server.enqueue(diffs(Map.of("other.txt", "@@ -1 +1 @@\n-a\n+b\n")).setHeader("X-Next-Page", "2"));
        server.enqueue(diffs(fixture.pullRequestHunks()).setHeader("X-Next-Page", ""));
        server.enqueue(json(201, "{\"id\": \"d1\"}"));
        server.enqueue(json(201, "{\"id\": \"d2\"}"));
        server.enqueue(json(201, "{\"id\": 501}"));
        assertThat(client.reviews().suggest(change, fixture.agentPatch(), "").inline()).isEqualTo(2);
        take();
        take();
        assertThat(take().getRequestUrl().queryParameter("page")).isEqualTo("2");
    }

    @Test
    void aThreadGitLabRefusesGoesIntoTheSummary() throws Exception {
        server.enqueue(json(200, MERGE_REQUEST));
        server.enqueue(diffs(fixture.pullRequestHunks()));
        server.enqueue(json(400, "{\"message\": \"400 Bad request - Note {:line_code=>[\\\"can't be blank\\\"]}\"}"));
        server.enqueue(json(201, "{\"id\": \"d2\"}"));
        server.enqueue(json(201, "{\"id\": 501}"));
        ReviewClient.Result result = client.reviews().suggest(change, fixture.agentPatch(), "");
        assertThat(result.inline()).isEqualTo(1);
        assertThat(result.inSummary()).isEqualTo(2);
        for (int i = 0; i < 4; i++) {
            take();
        }
        assertThat(takeJson().get("body").asText()).contains("line 10–11:").contains("line 38:");
        assertThat(waits).isEmpty();
    }

    @Test
    void forbiddenNamesTheScope() {
        server.enqueue(json(403, "{\"message\": \"403 Forbidden\"}"));
        assertThatThrownBy(() -> client.reviews().suggest(change, fixture.agentPatch(), ""))
                .isInstanceOf(ScmException.class).hasMessageContaining("HTTP 403")
                .hasMessageContaining("'api' scope").hasMessageNotContaining(TOKEN);
    }

    @Test
    void forkIsRefusedBeforeSending() {
        ChangeRef fork = new ChangeRef(HostKind.GITLAB, change.apiBaseUrl(), "g/sub/p", 3, true, "main");
        assertThatThrownBy(() -> client.reviews().suggest(fork, fixture.agentPatch(), ""))
                .isInstanceOf(ForkRefusedException.class);
        assertThat(server.getRequestCount()).isZero();
    }
}
