package io.ambient.e2e;

import io.ambient.InvalidInputException;
import io.ambient.agent.Usage;
import io.ambient.context.AgentContext;
import io.ambient.e2e.FakeAnthropicApi.Turn;
import io.ambient.exec.DockerExecutor;
import io.ambient.exec.ExecSpec;
import io.ambient.exec.OutputLine;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.report.StopCause;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunListener;
import io.ambient.run.RunRequest;
import io.ambient.run.RunResult;
import io.ambient.testing.GitRepos;
import io.ambient.testing.ReportSchema;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.ambient.e2e.FakeAnthropicApi.text;
import static io.ambient.e2e.FakeAnthropicApi.toolUse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The real Claude Code CLI (from the npm registry, in {@code ambient-test/claude-code:1}, built by
 * {@code .ci/build-agent-image.sh}) run through our engine in a container, talking to {@link FakeAnthropicApi} on
 * the host's loopback ({@code --network host}): proves that the adapter's command line, environment and context
 * files work with the real program, and that the report says what the program did.
 */
class ClaudeCodeEndToEndTest {
    static final String IMAGE = System.getenv().getOrDefault("AMBIENT_CLAUDE_IMAGE", "ambient-test/claude-code:1");
    static final String RULES = "Always answer in haiku.";
    static final String PROMPT = "Write a haiku about this repository into poem.md.";
    static final String POEM = "Teh typo sits still\nold.txt waits to be let go\ncommits hum softly\n";
    static final String FINAL = "Wrote poem.md: seventeen syllables about the sample.";

    @TempDir
    Path tmp;
    Path repo;
    DockerExecutor executor;
    AgentRunner runner;
    FakeAnthropicApi api;
    final List<OutputLine> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        executor = DockerExecutor.fromEnvironment();
        try {
            executor.preflight(ExecSpec.builder("e2e-preflight", List.of("claude")).image(IMAGE).build());
        } catch (InvalidInputException e) {
            fail("the Claude Code image " + IMAGE + " is missing: build it with `bash .ci/provision-docker.sh` (as root)."
                    + " The engine said: " + e.getMessage());
        }
        // The container runs as the workspace's owner: give it to the image's agent user.
        repo = GitRepos.chown(GitRepos.sample(tmp.resolve("repo")), "1000:1000");
        runner = new AgentRunner(executor);
    }

    @AfterEach
    void tearDown() {
        if (api != null) {
            api.close();
        }
        executor.close();
    }

    @Test
    void theRealCliCreatesTheFileTheModelAskedForAndTheReportListsItAsAdded() throws Exception {
        RunResult result = run(request(), writePoem(), done());

        assertSucceeded(result);
        assertThat(repo.resolve("poem.md")).content().isEqualTo(POEM);
        assertThat(Files.getAttribute(repo.resolve("poem.md"), "unix:uid")).isEqualTo(1000);
        RunReport report = result.report();
        assertThat(report.changedFiles()).extracting(ChangedFile::path, ChangedFile::change)
                .containsExactly(Tuple.tuple("poem.md", ChangeType.ADDED));
        assertThat(report.changedFiles().get(0).linesAdded()).isEqualTo(3);
        assertThat(report.patch().text()).contains("+++ b/poem.md").contains("+Teh typo sits still")
                .contains("+commits hum softly");
        assertThat(tmp.resolve("out").resolve(ReportFiles.PATCH_FILE)).content().contains("+old.txt waits to be let go");
    }

    @Test
    void inItsContainerTheCliRunsShellWorkWithExpansionsAndPipesAndTheRunIsNotSuspect() throws Exception {
        RunResult result = run(request(), Turn.of(text("I'll count the lines."), toolUse("Bash", Map.of(
                "command", "for f in *.md *.txt; do wc -l \"$f\"; done | sort > counts.txt",
                "description", "Count the lines of each file"))), done());

        assertSucceeded(result);
        assertThat(repo.resolve("counts.txt")).content().contains("README.md").contains("old.txt");
        assertThat(result.report().permissionDenials()).isEmpty();
        assertThat(result.report().suspect()).as("suspect reasons %s", result.report().suspectReasons()).isFalse();
    }

    @Test
    void theReportCarriesTheTurnsUsageCostFinalMessageAndSessionOfTheConversation() {
        RunResult result = run(request(), writePoem(), done());

        assertSucceeded(result);
        RunReport report = result.report();
        assertThat(report.exitCode()).isZero();
        assertThat(report.suspect()).as("suspect reasons %s", report.suspectReasons()).isFalse();
        assertThat(report.turns()).isEqualTo(2);
        assertThat(report.finalMessage()).isEqualTo(FINAL);
        assertThat(report.stopReason()).isEqualTo("completed");
        // Each of the two answers reported the fake's usage; the CLI sums them and prices them itself. The report keeps
        // uncached input, cache reads and cache writes apart.
        FakeAnthropicApi.TurnUsage turn = FakeAnthropicApi.TURN_USAGE;
        assertThat(report.usage().inputTokens()).isEqualTo(2L * turn.inputTokens());
        assertThat(report.usage().cacheReadTokens()).isEqualTo(2L * turn.cacheReadInputTokens());
        assertThat(report.usage().cacheWriteTokens()).isEqualTo(2L * turn.cacheCreationInputTokens());
        assertThat(report.usage().outputTokens()).isEqualTo(2L * turn.outputTokens());
        assertThat(report.usage().costUsd()).isPositive();
        assertThat(report.usage().costSource()).isEqualTo(Usage.CostSource.REPORTED);
        assertThat(report.usage().models()).isNotEmpty();
        // The session the report gives for resuming is the one the CLI talked to the model in.
        assertThat(report.sessionId()).isNotBlank();
        assertThat(api.turnRequests()).extracting(request -> request.header("X-Claude-Code-Session-Id"))
                .containsOnly(report.sessionId());
        ReportSchema.assertConforms(result.reportFile());
    }

    @Test
    void theCliTalksOnlyToTheMessagesApiAndOffersTheModelItsFileTools() {
        RunResult result = run(request(), writePoem(), done());

        assertSucceeded(result);
        assertThat(api.unknownRequests()).as("requests to paths the fake does not know").isEmpty();
        assertThat(api.turnRequests()).hasSize(2);
        assertThat(api.turnRequests()).allSatisfy(request -> {
            assertThat(request.uri()).isEqualTo("/v1/messages?beta=true");
            assertThat(request.header("x-api-key")).isEqualTo("sk-ant-e2e-dummy");
            assertThat(request.toolNames()).contains("Write", "Edit", "Read", "Bash");
        });
        // The second turn carries the result of the first turn's tool call back to the model.
        assertThat(api.turnRequests().get(1).messagesText()).contains("/workspace/poem.md");
    }

    @Test
    void theRulesOfTheRunsContextReachTheModel() {
        RunResult result = run(request(), writePoem(), done());

        assertSucceeded(result);
        // Claude Code sends CLAUDE.md files as a system reminder at the head of the conversation (not in the `system`
        // field): the one it found is the user-level file of the HOME our adapter gave it.
        String prompt = api.turnRequests().get(0).promptText();
        String claudeMd = excerpt(prompt, "/ambient/home/.claude/CLAUDE.md");
        assertThat(claudeMd).as("the first request's mention of the user-level CLAUDE.md").isNotEmpty().contains(RULES);
    }

    @Test
    void theRulesStayOutOfTheWorkspaceAndThePatch() throws Exception {
        RunResult result = run(request(), writePoem(), done());

        assertSucceeded(result);
        try (Stream<Path> files = Files.walk(repo)) {
            assertThat(files.filter(path -> !path.startsWith(repo.resolve(".git")))
                    .map(path -> repo.relativize(path).toString()))
                    .containsExactlyInAnyOrder("", "README.md", "old.txt", "poem.md");
        }
        assertThat(result.report().changedFiles()).extracting(ChangedFile::path).containsExactly("poem.md");
        assertThat(result.report().patch().text()).doesNotContain(RULES).doesNotContain("CLAUDE.md");
    }

    @Test
    void aConversationLongerThanMaxTurnsStopsAtTheTurnLimit() {
        RunResult result = run(request().maxTurns(1),
                Turn.of(text("First the poem."), toolUse("Write", Map.of("file_path", "/workspace/poem.md",
                        "content", POEM))),
                Turn.of(text("Now a second one."), toolUse("Write", Map.of("file_path", "/workspace/poem2.md",
                        "content", POEM))),
                done());

        RunReport report = result.report();
        assertThat(report.status()).as(diagnostics(result)).isEqualTo(RunStatus.FAILED);
        assertThat(report.stoppedBy()).isEqualTo(StopCause.MAX_TURNS);
        assertThat(report.stopReason()).isEqualTo("max_turns");
        assertThat(report.finalMessage()).contains("maximum number of turns");
        // The CLI asked the model once and stopped: the second scripted turn was never requested.
        assertThat(api.turnRequests()).hasSize(1);
        assertThat(repo.resolve("poem2.md")).doesNotExist();
        ReportSchema.assertConforms(result.reportFile());
    }

    @Test
    void aBudgetCrossedByTheFirstAnswersTokensStopsTheConversationBeforeItsSecondTurn() {
        // One answer of the fake costs about $0.026 at the CLI's default model's price (mostly its cache writes).
        RunResult result = run(request().budgetUsd(0.01),
                Turn.of(text("First the poem."), toolUse("Write", Map.of("file_path", "/workspace/poem.md",
                        "content", POEM))),
                Turn.of(text("Now a second one."), toolUse("Write", Map.of("file_path", "/workspace/poem2.md",
                        "content", POEM))),
                done());

        RunReport report = result.report();
        assertThat(report.status()).as(diagnostics(result)).isEqualTo(RunStatus.BUDGET_EXCEEDED);
        assertThat(report.stoppedBy()).isEqualTo(StopCause.BUDGET);
        assertThat(api.turnRequests()).hasSize(1);
        assertThat(repo.resolve("poem2.md")).doesNotExist();
        // Whichever stopped it first, the engine mid-turn or the CLI's own --max-budget-usd after the turn, the report
        // keeps the first answer's tokens apart.
        assertThat(report.usage().cacheWriteTokens()).isEqualTo(FakeAnthropicApi.TURN_USAGE.cacheCreationInputTokens());
        assertThat(report.usage().costUsd()).isGreaterThan(0.01);
        ReportSchema.assertConforms(result.reportFile());
    }

    @Test
    void aLaterRunResumesTheSessionKeptInAHomeThatRootCreated() throws Exception {
        // CI running as root makes the home root's; the agent runs as the image's user 1000 and must save its session.
        Path home = Files.createDirectories(tmp.resolve("agent-home"));
        RunResult first = run(request().agentHome(home), writePoem(), done());
        assertSucceeded(first);
        api.close();

        RunResult second = run(request().agentHome(home).resumeSession(first.report().sessionId())
                .prompt("Now give the poem a title.").outDir(tmp.resolve("out-2")),
                writePoem(), done(), Turn.of(text("Titled it.")));

        assertSucceeded(second);
        // The resumed conversation reaches the model with the first run's prompt and tool call in its history.
        String history = api.turnRequests().get(0).messagesText();
        assertThat(history).contains(PROMPT).contains("/workspace/poem.md").contains("Now give the poem a title.");
        assertThat(home.resolve(".claude/CLAUDE.md")).content().isEqualTo(RULES);
        assertThat(Files.getAttribute(home, "unix:uid")).as("the home is the agent's").isEqualTo(1000);
    }

    @Test
    void theEndpointSettingAloneTakesTheRealCliToTheGateway() {
        RunRequest.Builder request = request();
        assertThat(request.build().task().env()).doesNotContainKey("ANTHROPIC_BASE_URL");

        RunResult result = run(request, writePoem(), done());

        assertSucceeded(result);
        assertThat(api.turnRequests()).hasSize(2);
    }

    @Test
    void anEndpointThatRefusesConnectionsStopsTheRunWithin90SecondsAsUnreachable() throws Exception {
        String endpoint = "http://127.0.0.1:" + closedPort();
        long start = System.nanoTime();

        RunResult result = runner.run(request().endpoint(endpoint).timeout(Duration.ofMinutes(5))
                .env("ANTHROPIC_API_KEY", "sk-ant-e2e-dummy").build(), new RunListener() { });

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        RunReport report = result.report();
        assertThat(took).isLessThan(Duration.ofSeconds(90));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.stoppedBy()).isEqualTo(StopCause.UNREACHABLE);
        assertThat(report.error()).contains("model endpoint " + endpoint).contains("network host")
                .contains("--endpoint").contains("--network");
        assertThat(report.finalMessage()).isEqualTo(report.error());
        ReportSchema.assertConforms(result.reportFile());
        System.out.println("unreachable endpoint stopped after " + took.toMillis() + " ms: " + report.error());
    }

    /** A loopback port nothing listens on: taken from the system, then closed again. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private RunRequest.Builder request() {
        return RunRequest.builder()
                .agent("claude-code")
                .prompt(PROMPT)
                .image(IMAGE)
                .workspace(repo)
                .network("host")
                .context(new AgentContext(RULES, List.of()))
                .timeout(Duration.ofMinutes(2))
                .outDir(tmp.resolve("out"));
    }

    /** Runs the real CLI against a fresh fake API answering {@code script}, named by the run's endpoint setting. */
    private RunResult run(RunRequest.Builder request, Turn... script) {
        api = FakeAnthropicApi.start(script);
        RunListener listener = new RunListener() {
            @Override
            public void onLine(OutputLine line) {
                lines.add(line);
            }
        };
        return runner.run(request.endpoint(api.baseUrl()).env("ANTHROPIC_API_KEY", "sk-ant-e2e-dummy").build(),
                listener);
    }

    private static Turn writePoem() {
        return Turn.of(text("I'll write the haiku to poem.md."),
                toolUse("Write", Map.of("file_path", "/workspace/poem.md", "content", POEM)));
    }

    private static Turn done() {
        return Turn.of(text(FINAL));
    }

    /** {@code marker} and the few hundred characters after it in {@code text}, or "" when it is not there. */
    private static String excerpt(String text, String marker) {
        int at = text.indexOf(marker);
        return at < 0 ? "" : text.substring(at, Math.min(text.length(), at + marker.length() + 300));
    }

    private void assertSucceeded(RunResult result) {
        assertThat(result.report().status()).as(diagnostics(result)).isEqualTo(RunStatus.SUCCEEDED);
    }

    /** What to look at when a run did not go as scripted: its error, exit code, output and the fake's log. */
    private String diagnostics(RunResult result) {
        StringBuilder text = new StringBuilder("run ended ").append(result.report().status())
                .append(", exit ").append(result.report().exitCode())
                .append(result.report().error() == null ? "" : ", error: " + result.report().error())
                .append("\n-- CLI output --\n");
        lines.forEach(line -> text.append(line.stream()).append(": ").append(line.text(), 0,
                Math.min(line.text().length(), 2000)).append('\n'));
        text.append("-- requests to the fake API --\n");
        if (api != null) {
            api.requests().forEach(request -> text.append(request.method()).append(' ').append(request.uri())
                    .append(" -> ").append(request.status()).append('\n'));
        }
        return text.toString();
    }
}
