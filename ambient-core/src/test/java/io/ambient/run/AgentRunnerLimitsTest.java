package io.ambient.run;

import io.ambient.InvalidInputException;
import io.ambient.agent.ClaudeCodeAgent;
import io.ambient.agent.CodexAgent;
import io.ambient.agent.GeminiAgent;
import io.ambient.agent.Price;
import io.ambient.agent.Usage;
import io.ambient.exec.ProcessExecutor;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.report.StopCause;
import io.ambient.testing.GitRepos;
import io.ambient.testing.ReportSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Limits and the suspect verdict, end to end through real processes: a stand-in {@code claude} program on the PATH
 * prints a stream captured from the real Claude Code (see {@code streams/README.md}) and then keeps running, as an
 * agent that has not finished would.
 */
class AgentRunnerLimitsTest {
    @TempDir
    Path tmp;
    Path repo;
    Path bin;
    ProcessExecutor executor;
    AgentRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        repo = GitRepos.sample(tmp.resolve("repo"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        executor = new ProcessExecutor(tmp.resolve("state"));
        runner = new AgentRunner(executor);
    }

    @AfterEach
    void tearDown() {
        executor.close();
    }

    @Test
    void aRunWhoseReportedCostGoesOverItsBudgetIsStoppedAndMarkedBudgetExceeded() throws Exception {
        fakeClaude("claude-success", 30);
        Instant start = Instant.now();

        RunReport report = runner.run(claude().budgetUsd(0.001).build(), RunListener.none()).report();

        assertThat(report.status()).isEqualTo(RunStatus.BUDGET_EXCEEDED);
        assertThat(report.stoppedBy()).isEqualTo(StopCause.BUDGET);
        assertThat(report.usage().costUsd()).isEqualTo(0.00198);
        assertThat(report.limits().budgetUsd()).isEqualTo(0.001);
        assertThat(Duration.between(start, Instant.now())).as("stopped, not waited for").isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aBudgetCrossedByTheModelCallsMidStreamStopsTheRunWithinSeconds() throws Exception {
        // The captured run's model calls, before its result, each read 4,550 tokens from the cache: 2 calls at
        // Sonnet 4.5's price are $0.0035, over the budget; the CLI itself would only check between turns.
        String calls = capture("claude-success").lines().filter(line -> !line.contains("\"type\":\"result\""))
                .map(line -> line.replace("\"cache_read_input_tokens\":0", "\"cache_read_input_tokens\":4550"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        fakeAgent("claude", calls, 60);
        Instant start = Instant.now();

        RunReport report = runner.run(claude().budgetUsd(0.003).build(), RunListener.none()).report();

        assertThat(Duration.between(start, Instant.now())).as("stopped, not waited for").isLessThan(Duration.ofSeconds(20));
        assertThat(report.status()).isEqualTo(RunStatus.BUDGET_EXCEEDED);
        assertThat(report.stoppedBy()).isEqualTo(StopCause.BUDGET);
        assertThat(report.usage()).isEqualTo(new Usage(240L, 9100L, 0L, 2L, (240 * 3 + 9100 * 0.30 + 2 * 15) / 1e6,
                Usage.CostSource.ESTIMATED, List.of("claude-sonnet-4-5")));
        ReportSchema.assertConforms(tmp.resolve("out/report.json"));
    }

    @Test
    void aCodexRunOverItsBudgetIsStoppedWhenItsTurnReportsTheTokensAndItsCostIsEstimated() throws Exception {
        fakeAgent("codex", capture("codex-success"), 60);
        Instant start = Instant.now();

        RunReport report = runner.run(codex().model("gpt-5-codex").budgetUsd(0.001).build(), RunListener.none())
                .report();

        assertThat(Duration.between(start, Instant.now())).as("stopped, not waited for").isLessThan(Duration.ofSeconds(20));
        assertThat(report.status()).isEqualTo(RunStatus.BUDGET_EXCEEDED);
        assertThat(report.stoppedBy()).isEqualTo(StopCause.BUDGET);
        // 2,468 input tokens of which 400 cached, 112 out, at gpt-5-codex's $1.25 / $0.125 / $10 per million.
        assertThat(report.usage()).isEqualTo(new Usage(2068L, 400L, 0L, 112L,
                (2068 * 1.25 + 400 * 0.125 + 112 * 10) / 1e6, Usage.CostSource.ESTIMATED, List.of("gpt-5-codex")));
        ReportSchema.assertConforms(tmp.resolve("out/report.json"));
    }

    @Test
    void aProfilePriceIsWhatTheTokensAreEstimatedAt() throws Exception {
        fakeAgent("codex", capture("codex-success"), 0);

        RunReport report = runner.run(codex().model("gpt-5.5").price(new Price(5.0, 0.5, null, 30.0)).budgetUsd(1.0)
                .build(), RunListener.none()).report();

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.usage().costUsd()).isEqualTo((2068 * 5 + 400 * 0.5 + 112 * 30) / 1e6);
        assertThat(report.usage().costSource()).isEqualTo(Usage.CostSource.ESTIMATED);
    }

    @Test
    void aCodexBudgetWithoutAKnownPriceIsRefusedBeforeAnythingStartsNamingThePriceKey() {
        assertThatThrownBy(() -> runner.run(codex().model("gpt-5.5").budgetUsd(1.0).build(), RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no price is known for model gpt-5.5").hasMessageContaining("price:");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aGeminiBudgetActsOnTheTokensOfItsResult() throws Exception {
        fakeAgent("gemini", capture("gemini-success"), 60);

        RunReport report = runner.run(RunRequest.builder().agent(GeminiAgent.NAME).model("gemini-2.5-flash")
                .prompt("Create hello.txt").workspace(repo).outDir(tmp.resolve("out")).timeout(Duration.ofMinutes(1))
                .env("GEMINI_API_KEY", "test-key").env("PATH", bin + ":" + System.getenv("PATH"))
                .budgetUsd(0.0001).build(), RunListener.none()).report();

        assertThat(report.status()).isEqualTo(RunStatus.BUDGET_EXCEEDED);
        // No cached-input price is built in for Gemini: the cache reads are priced as input, which over-estimates.
        assertThat(report.usage().costUsd()).isEqualTo((2500 * 0.30 + 42 * 2.50) / 1e6);
        assertThat(report.usage().models()).containsExactly("gemini-2.5-flash");
    }

    @Test
    void aRunWithinItsBudgetSucceeds() throws Exception {
        fakeClaude("claude-success", 0);

        RunReport report = runner.run(claude().budgetUsd(1.0).build(), RunListener.none()).report();

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.stoppedBy()).isNull();
        assertThat(report.suspect()).isFalse();
        assertThat(report.sessionId()).isEqualTo("bb86a068-1cf6-4447-911e-c1cd56ab5fb1");
    }

    @Test
    void theTurnLimitTheCliStoppedAtShowsAsAFailureStoppedByMaxTurns() throws Exception {
        fakeClaude("claude-max-turns", 0);

        RunReport report = runner.run(claude().maxTurns(1).build(), RunListener.none()).report();

        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.stoppedBy()).isEqualTo(StopCause.MAX_TURNS);
        assertThat(report.limits().maxTurns()).isEqualTo(1);
        ReportSchema.assertConforms(tmp.resolve("out/report.json"));
    }

    @Test
    void aSuccessWithDeniedToolCallsIsSuspect() throws Exception {
        fakeClaude("claude-permission-denied", 0);

        RunReport report = runner.run(claude().build(), RunListener.none()).report();

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.suspect()).isTrue();
        assertThat(report.permissionDenials()).singleElement().asString().startsWith("Write: ");
        assertThat(report.suspectReasons()).singleElement().asString().contains("denied");
        ReportSchema.assertConforms(tmp.resolve("out/report.json"));
    }

    @Test
    void aSuccessThatChangedNothingAndSaidNothingIsSuspect() {
        RunReport report = runner.run(RunRequest.builder().agent("command").prompt("Tidy").args(List.of("true"))
                .workspace(repo).outDir(tmp.resolve("out")).build(), RunListener.none()).report();

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.suspectReasons()).singleElement().asString().contains("produced nothing");
    }

    @Test
    void aBudgetForAnAgentThatReportsNeitherCostNorTokensIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> runner.run(RunRequest.builder().agent("command").prompt("Tidy")
                .args(List.of("true")).budgetUsd(1.0).workspace(repo).outDir(tmp.resolve("out")).build(),
                RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reports neither its cost nor its tokens");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aMissingCredentialIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> runner.run(RunRequest.builder().agent(ClaudeCodeAgent.NAME).prompt("Fix it")
                .workspace(repo).outDir(tmp.resolve("out")).build(), RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ANTHROPIC_API_KEY");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void resumingWithoutTheAgentHomeThatKeepsTheSessionIsRefused() {
        assertThatThrownBy(() -> runner.run(claude().resumeSession("bb86a068").build(), RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--agent-home");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    private RunRequest.Builder claude() {
        return RunRequest.builder().agent(ClaudeCodeAgent.NAME).prompt("Create hello.txt").workspace(repo)
                .outDir(tmp.resolve("out")).timeout(Duration.ofMinutes(1))
                .env("ANTHROPIC_API_KEY", "test-key")
                .env("PATH", bin + ":" + System.getenv("PATH"));
    }

    private RunRequest.Builder codex() {
        return RunRequest.builder().agent(CodexAgent.NAME).prompt("Create hello.txt").workspace(repo)
                .outDir(tmp.resolve("out")).timeout(Duration.ofMinutes(1))
                .env("CODEX_API_KEY", "test-key")
                .env("PATH", bin + ":" + System.getenv("PATH"));
    }

    /** A {@code claude} that prints a captured stream, then runs on for {@code seconds}. */
    private void fakeClaude(String capture, int seconds) throws IOException {
        fakeAgent("claude", capture(capture), seconds);
    }

    /** A {@code program} on the PATH that prints {@code stream}, then runs on for {@code seconds}. */
    private void fakeAgent(String program, String stream, int seconds) throws IOException {
        Path file = Files.writeString(tmp.resolve(program + ".jsonl"), stream);
        Path script = bin.resolve(program);
        Files.writeString(script, "#!/bin/sh\ncat '" + file + "'\nsleep " + seconds + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String capture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/streams/" + name + ".jsonl")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
