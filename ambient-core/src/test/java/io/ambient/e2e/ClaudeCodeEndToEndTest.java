package io.ambient.e2e;

import io.ambient.agent.Usage;
import io.ambient.e2e.FakeModelApi.Turn;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.report.StopCause;
import io.ambient.run.RunRequest;
import io.ambient.run.RunResult;
import io.ambient.testing.GitRepos;
import io.ambient.testing.ReportSchema;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static io.ambient.e2e.FakeModelApi.text;
import static io.ambient.e2e.FakeModelApi.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Claude Code CLI (from the npm registry, in {@code ambient-test/claude-code:1}, built by
 * {@code .ci/build-agent-image.sh}) run through our engine in a container, talking to {@link FakeAnthropicApi} on
 * the host's loopback ({@code --network host}): proves that the adapter's command line, environment and context
 * files work with the real program, and that the report says what the program did.
 */
class ClaudeCodeEndToEndTest extends RealCliTest<FakeAnthropicApi> {
    ClaudeCodeEndToEndTest() {
        super("claude-code", "AMBIENT_CLAUDE_IMAGE", "ambient-test/claude-code:1");
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
        RunResult result = run(request(), Turn.of(text("I'll count the lines."), toolCall("Bash", Map.of(
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
            assertThat(FakeAnthropicApi.toolNames(request)).contains("Write", "Edit", "Read", "Bash");
        });
        // The second turn carries the result of the first turn's tool call back to the model.
        assertThat(FakeAnthropicApi.messagesText(api.turnRequests().get(1))).contains("/workspace/poem.md");
    }

    @Test
    void theRulesOfTheRunsContextReachTheModel() {
        RunResult result = run(request(), writePoem(), done());

        assertSucceeded(result);
        // Claude Code sends CLAUDE.md files as a system reminder at the head of the conversation (not in the `system`
        // field): the one it found is the user-level file of the HOME our adapter gave it.
        String prompt = FakeAnthropicApi.promptText(api.turnRequests().get(0));
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
        RunResult result = run(request().maxTurns(1), twoPoems());

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
        RunResult result = run(request().budgetUsd(0.01), twoPoems());

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
        String history = FakeAnthropicApi.messagesText(api.turnRequests().get(0));
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
        assertStopsAsUnreachable(request().env("ANTHROPIC_API_KEY", "sk-ant-e2e-dummy"), closedEndpoint(""));
    }

    private RunRequest.Builder request() {
        return request(PROMPT);
    }

    /** Runs the real CLI against a fresh fake API answering {@code script}, named by the run's endpoint setting. */
    private RunResult run(RunRequest.Builder request, Turn... script) {
        FakeAnthropicApi fake = FakeAnthropicApi.start(script);
        return run(request.endpoint(fake.baseUrl()).env("ANTHROPIC_API_KEY", "sk-ant-e2e-dummy"), fake);
    }

    private static Turn writePoem() {
        return Turn.of(text("I'll write the haiku to poem.md."),
                toolCall("Write", Map.of("file_path", "/workspace/poem.md", "content", POEM)));
    }

    /** A conversation of three turns: a poem, a second poem, done. */
    private static Turn[] twoPoems() {
        return new Turn[] {
            Turn.of(text("First the poem."), toolCall("Write", Map.of("file_path", "/workspace/poem.md",
                    "content", POEM))),
            Turn.of(text("Now a second one."), toolCall("Write", Map.of("file_path", "/workspace/poem2.md",
                    "content", POEM))),
            done()};
    }

    /** {@code marker} and the few hundred characters after it in {@code text}, or "" when it is not there. */
    private static String excerpt(String text, String marker) {
        int at = text.indexOf(marker);
        return at < 0 ? "" : text.substring(at, Math.min(text.length(), at + marker.length() + 300));
    }
}
