package io.ambient.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --comment} and {@code ambient comment} against a code host's API in this JVM. */
class CommentCliIT {
    private static final String TOKEN = "it-github-token";
    private static final String MARKER = "<!-- ambient:sticky:team/app/PR_12/review/ambient -->";

    @TempDir
    Path tmp;
    private Path repo;
    private MockWebServer server;

    @BeforeEach
    void setUp() throws Exception {
        repo = Cli.gitRepo(tmp.resolve("repo"));
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void tearDown() throws IOException {
        server.shutdown();
    }

    @Test
    void aPullRequestBuildsRunWritesOneStickyCommentAndTheNextRunUpdatesIt() throws Exception {
        server.enqueue(json(200, "[]"));
        server.enqueue(json(201, "{\"id\": 41, \"body\": \"x\"}"));

        Cli.Result first = run(pullRequestEnv(), "--comment", "sticky");

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stderr()).contains("commented on o/r#12").doesNotContain(TOKEN);
        RecordedRequest list = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(list.getMethod()).isEqualTo("GET");
        assertThat(list.getPath()).startsWith("/api/v3/repos/o/r/issues/12/comments");
        assertThat(list.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        RecordedRequest create = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getPath()).isEqualTo("/api/v3/repos/o/r/issues/12/comments");
        String body = new ObjectMapper().readTree(create.getBody().readUtf8()).get("body").asText();
        assertThat(body).startsWith(MARKER).contains("succeeded").contains("https://ci.example/job/app/12/");

        server.enqueue(json(200, "[{\"id\": 41, \"body\": " + new ObjectMapper().writeValueAsString(body) + "}]"));
        server.enqueue(json(200, "{\"id\": 41, \"body\": \"x\"}"));
        Cli.Result second = run(pullRequestEnv(), "--comment", "sticky");

        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stderr()).contains("updated the comment on o/r#12");
        server.takeRequest(10, TimeUnit.SECONDS);
        RecordedRequest update = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(update.getMethod()).isEqualTo("PATCH");
        assertThat(update.getPath()).isEqualTo("/api/v3/repos/o/r/issues/comments/41");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void aRunWithSuggestPostsTheAgentsPatchAsAReviewSuggestion() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path.startsWith("/api/v3/repos/o/r/pulls/12/files")) {
                    return json(200, "[{\"filename\": \"README.md\", \"status\": \"modified\", "
                            + "\"patch\": \"@@ -1 +1 @@\\n-Sample\\n+Teh sample\"}]");
                }
                if (path.startsWith("/api/v3/repos/o/r/pulls/12/reviews")) {
                    return json(200, "{\"id\": 5}");
                }
                if (path.startsWith("/api/v3/repos/o/r/pulls/12")) {
                    return json(200, "{\"number\": 12, \"head\": {\"sha\": \"" + "a".repeat(40) + "\"}}");
                }
                return new MockResponse().setResponseCode(404);
            }
        });

        Cli.Result result = run(pullRequestEnv(), "--suggest", "--prompt", "Fix the typo", "--", "sh", "-c",
                "sed -i s/Teh/The/ README.md && echo fixed");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("suggested 1 change(s) inline on o/r#12");
        RecordedRequest review = null;
        for (int i = 0; i < server.getRequestCount(); i++) {
            RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
            if (request.getMethod().equals("POST")) {
                review = request;
            }
        }
        assertThat(review).isNotNull();
        assertThat(review.getPath()).isEqualTo("/api/v3/repos/o/r/pulls/12/reviews");
        JsonNode comment = new ObjectMapper().readTree(review.getBody().readUtf8()).get("comments").get(0);
        assertThat(comment.get("path").asText()).isEqualTo("README.md");
        assertThat(comment.get("line").asInt()).isEqualTo(1);
        assertThat(comment.get("body").asText()).contains("```suggestion\nThe sample\n```");
    }

    @Test
    void suggestingFromAReportWhosePatchIsMissingSaysSoAndFails() throws Exception {
        Cli.Result ran = Cli.run(tmp.resolve("run-logs"), Map.of(), List.of("run", "--workspace", repo.toString(),
                "--out", tmp.resolve("report").toString(), "--state-dir", tmp.resolve("state").toString(),
                "--image", Cli.IMAGE, "--network", "none", "--prompt", "Fix the typo", "--", "sh", "-c",
                "sed -i s/Teh/The/ README.md"));
        assertThat(ran.exitCode()).as(ran.stderr()).isZero();
        // Only report.json kept, as when a build archives the report alone.
        Files.delete(report().resolveSibling("changes.patch"));
        server.enqueue(json(201, "{\"id\": 7, \"body\": \"x\"}"));

        Cli.Result result = Cli.run(tmp.resolve("comment-logs"), Map.of("GITHUB_TOKEN", TOKEN), List.of("comment",
                "--github", "--repo", "o/r", "--change", "12", "--api-url", api("/api/v3"), "--new", "--suggest",
                report().toString()));

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).contains("changes.patch").contains("missing")
                .doesNotContain("the agent changed nothing");
    }

    @Test
    void aTokenWithATrailingNewlineIsBadInputNamingItsVariable() throws Exception {
        Cli.Result ran = run(Map.of());
        assertThat(ran.exitCode()).as(ran.stderr()).isZero();

        Cli.Result result = Cli.run(tmp.resolve("comment-logs"), Map.of("GITHUB_TOKEN", TOKEN + "\n"),
                List.of("comment", "--github", "--repo", "o/r", "--change", "12", "--api-url", api("/api/v3"),
                        report().toString()));

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("ambient: ").contains("GITHUB_TOKEN").doesNotContain("\n")
                .doesNotContain(TOKEN);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anApiUrlWithoutSchemeIsBadInputAndStartsNothing() throws Exception {
        Cli.Result result = Cli.run(tmp.resolve("run-logs"), pullRequestEnv(), List.of("run", "--workspace",
                repo.toString(), "--out", tmp.resolve("report").toString(), "--state-dir", tmp.resolve("state").toString(),
                "--image", Cli.IMAGE, "--network", "none", "--comment", "sticky", "--api-url", "github.example/api/v3",
                "--prompt", "Review", "--", "sh", "-c", "echo looks good"));

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("ambient: ").contains("github.example/api/v3")
                .contains("https://").doesNotContain("\n");
        assertThat(tmp.resolve("report")).doesNotExist();
    }

    @Test
    void aCommentWithoutAPullRequestIsBadInputAndStartsNothing() throws Exception {
        Cli.Result result = run(Map.of("GITHUB_TOKEN", TOKEN), "--comment", "sticky");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("ambient: no pull request to write on").doesNotContain("\n");
        assertThat(tmp.resolve("report")).doesNotExist();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aMissingTokenIsBadInputAndStartsNothing() throws Exception {
        Map<String, String> env = pullRequestEnv();
        env.remove("GITHUB_TOKEN");

        Cli.Result result = run(env, "--comment", "new");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr()).contains("GITHUB_TOKEN is not set");
        assertThat(tmp.resolve("report")).doesNotExist();
    }

    @Test
    void aForksPullRequestGetsNoCommentButTheRunStands() throws Exception {
        Map<String, String> env = pullRequestEnv();
        env.put("CHANGE_FORK", "contributor");

        Cli.Result result = run(env, "--comment", "sticky", "--trusted-ref", "HEAD");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("comment on o/r#12 not written").contains("fork");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void ambientCommentWritesAReportAsANewNoteOnAGitLabMergeRequest() throws Exception {
        Cli.Result ran = run(Map.of());
        assertThat(ran.exitCode()).as(ran.stderr()).isZero();
        server.enqueue(json(201, "{\"id\": 7, \"body\": \"x\"}"));

        Cli.Result result = Cli.run(tmp.resolve("comment-logs"), Map.of("GL", "it-gitlab-token"), List.of("comment",
                "--gitlab", "--repo", "group/sub/project", "--change", "3", "--api-url", api("/api/v4"),
                "--token-env", "GL", "--new", "--link", "Report=https://ci.example/r", report().toString()));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        RecordedRequest create = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getPath()).isEqualTo("/api/v4/projects/group%2Fsub%2Fproject/merge_requests/3/notes");
        assertThat(create.getHeader("PRIVATE-TOKEN")).isEqualTo("it-gitlab-token");
        assertThat(new ObjectMapper().readTree(create.getBody().readUtf8()).get("body").asText())
                .doesNotContain("ambient:sticky").contains("https://ci.example/r");
    }

    @Test
    void ambientCommentFailsWhenTheHostRefuses() throws Exception {
        Cli.Result ran = run(Map.of());
        assertThat(ran.exitCode()).as(ran.stderr()).isZero();
        server.enqueue(json(403, "{\"message\": \"Resource not accessible by integration\"}"));

        Cli.Result result = Cli.run(tmp.resolve("comment-logs"), Map.of("GITHUB_TOKEN", TOKEN), List.of("comment",
                "--github", "--repo", "o/r", "--change", "12", "--api-url", api("/api/v3"), "--new",
                report().toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("not written").contains("pull_requests").doesNotContain(TOKEN);
    }

    private Cli.Result run(Map<String, String> env, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "--workspace", repo.toString(),
                "--out", tmp.resolve("report").toString(), "--state-dir", tmp.resolve("state").toString(),
                "--image", Cli.IMAGE, "--network", "none", "--api-url", api("/api/v3")));
        if (extra.length == 0) {
            args.removeAll(List.of("--api-url", api("/api/v3")));
        }
        args.addAll(List.of(extra));
        if (!args.contains("--prompt")) {
            args.addAll(List.of("--prompt", "Review", "--", "sh", "-c", "echo looks good"));
        }
        return Cli.run(tmp.resolve("logs-" + System.nanoTime()), env, args);
    }

    /** What a GitHub Enterprise pull-request build sets; the API itself is this test's server. */
    private static Map<String, String> pullRequestEnv() {
        Map<String, String> env = new HashMap<>(Map.of("CHANGE_ID", "12",
                "CHANGE_URL", "https://github.example/o/r/pull/12", "CHANGE_TARGET", "main",
                "JOB_NAME", "team/app/PR-12", "STAGE_NAME", "review", "BUILD_URL", "https://ci.example/job/app/12/",
                "GITHUB_TOKEN", TOKEN));
        return env;
    }

    private String api(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    private Path report() {
        return tmp.resolve("report").resolve("report.json");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
