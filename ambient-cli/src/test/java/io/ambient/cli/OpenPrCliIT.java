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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ambient open-pr}: a real push to a real remote repository, the pull request on a host API in this JVM. */
class OpenPrCliIT {
    private static final String TOKEN = "it-github-token";
    private static final String PR_URL = "https://github.example/o/r/pull/7";

    @TempDir
    Path tmp;
    private Path repo;
    private Path remote;
    private MockWebServer server;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        remote = tmp.resolve("remote.git");
        Cli.exec(tmp, "git", "init", "-q", "--bare", remote.toString());
        repo = Cli.gitRepo(tmp.resolve("repo"));
        Cli.exec(repo, "git", "remote", "add", "origin", remote.toString());
        Cli.exec(repo, "git", "push", "-q", "origin", "HEAD:refs/heads/main");
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                bodies.add(request.getBody().readUtf8());
                if (request.getMethod().equals("GET")) {
                    return json(200, "[]");
                }
                return json(201, "{\"number\": 7, \"html_url\": \"" + PR_URL + "\"}");
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void tearDown() throws IOException {
        server.shutdown();
    }

    @Test
    void theRunsChangesArePushedAsABranchAndAPullRequestIsOpened() throws Exception {
        runAgent("sed -i s/Teh/The/ README.md && echo fixed");
        String before = git(repo, "status", "--porcelain") + git(repo, "rev-parse", "HEAD", "--abbrev-ref", "HEAD");

        Cli.Result result = openPr();

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(PR_URL);
        assertThat(result.stderr()).contains("pushed 1 file(s) to ambient/typo (created").contains("opened o/r#7")
                .doesNotContain(TOKEN);
        assertThat(git(remote, "show", "ambient/typo:README.md")).isEqualTo("The sample\n");
        assertThat(git(remote, "rev-parse", "ambient/typo^")).isEqualTo(git(remote, "rev-parse", "main"));
        assertThat(git(repo, "status", "--porcelain") + git(repo, "rev-parse", "HEAD", "--abbrev-ref", "HEAD"))
                .as("the user's checkout is untouched").isEqualTo(before);
        RecordedRequest create = requests.get(requests.size() - 1);
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getPath()).isEqualTo("/api/v3/repos/o/r/pulls");
        assertThat(create.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        JsonNode body = new ObjectMapper().readTree(bodies.get(bodies.size() - 1));
        assertThat(body.get("head").asText()).isEqualTo("ambient/typo");
        assertThat(body.get("base").asText()).isEqualTo("main");
        assertThat(body.get("title").asText()).isEqualTo("ambient: Fix the typo");
        assertThat(body.get("body").asText()).contains("succeeded").contains("README.md");
    }

    @Test
    void aRunThatChangedNothingOpensNothing() throws Exception {
        runAgent("echo nothing to do");

        Cli.Result result = openPr();

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("the agent changed nothing: no pull request");
        assertThat(requests).isEmpty();
        assertThat(git(remote, "branch", "--list", "ambient/typo")).isEmpty();
    }

    @Test
    void aFailedRunIsRefusedBeforeAnythingIsPushed() throws Exception {
        runAgent("sed -i s/Teh/The/ README.md; exit 3");

        Cli.Result result = openPr();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).contains("the run did not succeed (failed)").doesNotContain("\n");
        assertThat(requests).isEmpty();
        assertThat(git(remote, "branch", "--list", "ambient/typo")).isEmpty();
    }

    private void runAgent(String script) throws Exception {
        Cli.Result ran = Cli.run(tmp.resolve("run-logs"), Map.of(), List.of("run", "--workspace", repo.toString(),
                "--out", tmp.resolve("report").toString(), "--state-dir", tmp.resolve("state").toString(),
                "--image", Cli.IMAGE, "--network", "none", "--prompt", "Fix the typo\nin the README",
                "--", "sh", "-c", script));
        assertThat(ran.exitCode()).isIn(0, 1);
    }

    private Cli.Result openPr() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("open-pr", "--workspace", repo.toString(), "--github",
                "--repo", "o/r", "--api-url", "http://127.0.0.1:" + server.getPort() + "/api/v3",
                "--branch", "ambient/typo", "--base", "main", tmp.resolve("report").resolve("report.json").toString()));
        return Cli.run(tmp.resolve("pr-logs"), Map.of("GITHUB_TOKEN", TOKEN), args);
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out.strip().isEmpty() ? "" : out.endsWith("\n") && args[0].equals("show") ? out : out.strip();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }
}
