package io.ambient.run;

import io.ambient.InvalidInputException;
import io.ambient.agent.ClaudeCodeAgent;
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
        RunReport report = runner.run(RunRequest.builder().agent("command").prompt("Tidy").args(java.util.List.of("true"))
                .workspace(repo).outDir(tmp.resolve("out")).build(), RunListener.none()).report();

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.suspectReasons()).singleElement().asString().contains("produced nothing");
    }

    @Test
    void aBudgetForAnAgentThatDoesNotReportCostIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> runner.run(RunRequest.builder().agent("command").prompt("Tidy")
                .args(java.util.List.of("true")).budgetUsd(1.0).workspace(repo).outDir(tmp.resolve("out")).build(),
                RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not report its cost");
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

    /** A {@code claude} that prints a captured stream, then runs on for {@code seconds}. */
    private void fakeClaude(String capture, int seconds) throws IOException {
        Path stream = tmp.resolve(capture + ".jsonl");
        try (InputStream in = getClass().getResourceAsStream("/streams/" + capture + ".jsonl")) {
            Files.copy(in, stream);
        }
        Path script = bin.resolve("claude");
        Files.writeString(script, "#!/bin/sh\ncat '" + stream + "'\nsleep " + seconds + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
