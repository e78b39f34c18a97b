package io.ambient.fanout;

import io.ambient.InvalidInputException;
import io.ambient.agent.ClaudeCodeAgent;
import io.ambient.agent.CodexAgent;
import io.ambient.agent.Usage;
import io.ambient.exec.ProcessExecutor;
import io.ambient.report.RunStatus;
import io.ambient.run.RunRequest;
import io.ambient.testing.GitRepos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * A total budget across a fan-out, enforced as the runs report cost: each run is a stand-in {@code claude} printing a
 * stream captured from the real Claude Code ($0.00198), then running on as an unfinished agent would.
 */
class FanOutBudgetTest {
    @TempDir
    Path tmp;
    Path repo;
    Path bin;
    ProcessExecutor executor;

    @BeforeEach
    void setUp() throws Exception {
        repo = GitRepos.sample(tmp.resolve("repo"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        Path stream = tmp.resolve("claude-success.jsonl");
        try (InputStream in = getClass().getResourceAsStream("/streams/claude-success.jsonl")) {
            Files.copy(in, stream);
        }
        Path claude = Files.writeString(bin.resolve("claude"), "#!/bin/sh\ncat '" + stream + "'\nsleep 60\n");
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path codexStream = tmp.resolve("codex-success.jsonl");
        try (InputStream in = getClass().getResourceAsStream("/streams/codex-success.jsonl")) {
            Files.copy(in, codexStream);
        }
        Path codex = Files.writeString(bin.resolve("codex"), "#!/bin/sh\ncat '" + codexStream + "'\nsleep 60\n");
        Files.setPosixFilePermissions(codex, PosixFilePermissions.fromString("rwxr-xr-x"));
        executor = new ProcessExecutor(tmp.resolve("state"));
    }

    @AfterEach
    void tearDown() {
        executor.close();
    }

    @Test
    void runsAreStoppedWhenTheirTotalReportedCostGoesOverTheBudget() {
        Instant start = Instant.now();
        FanOutReport report = new FanOutRunner(executor).run(FanOutSpec.builder(repo, tmp.resolve("out"),
                        FanOutPlan.of(List.of(), List.of("claude-code:a", "claude-code:b", "claude-code:c"), 64))
                        .prompt("Create hello.txt").maxParallel(3).budgetUsd(0.003).build(),
                run -> RunRequest.builder().agent(ClaudeCodeAgent.NAME).model(run.model())
                        .env("ANTHROPIC_API_KEY", "test-key").env("PATH", bin + ":" + System.getenv("PATH")),
                FanOutListener.none());

        assertThat(report.stoppedBy()).isEqualTo(FanOutReport.StopReason.BUDGET);
        assertThat(Duration.between(start, Instant.now())).as("stopped, not waited for").isLessThan(Duration.ofSeconds(30));
        assertThat(report.runs()).allSatisfy(run -> assertThat(run.report().status()).isEqualTo(RunStatus.CANCELLED));
        assertThat(report.totalCostUsd()).isGreaterThan(0.003);
        assertThat(report.runs()).extracting(FanOutRun::merge).containsOnly(MergeStatus.NOT_ELIGIBLE);
    }

    @Test
    void codexRunsWhoseEstimatedCostsTogetherCrossTheTotalBudgetAreAllStopped() {
        // Each run's turn reports 2,068 + 400 cached input and 112 output tokens: $0.0038 at gpt-5-codex's price.
        Instant start = Instant.now();
        FanOutReport report = new FanOutRunner(executor).run(FanOutSpec.builder(repo, tmp.resolve("out"),
                        FanOutPlan.of(List.of(), List.of("codex:a", "codex:b", "codex:c"), 64))
                        .prompt("Create hello.txt").maxParallel(3).budgetUsd(0.006).build(),
                run -> RunRequest.builder().agent(CodexAgent.NAME).model("gpt-5-codex")
                        .env("CODEX_API_KEY", "test-key").env("PATH", bin + ":" + System.getenv("PATH")),
                FanOutListener.none());

        assertThat(report.stoppedBy()).isEqualTo(FanOutReport.StopReason.BUDGET);
        assertThat(Duration.between(start, Instant.now())).as("stopped, not waited for").isLessThan(Duration.ofSeconds(30));
        assertThat(report.runs()).allSatisfy(run -> assertThat(run.report().status()).isEqualTo(RunStatus.CANCELLED));
        // Two runs' turns cross the total; a third may be stopped before its turn reported anything.
        assertThat(report.runs()).filteredOn(run -> run.report().usage().costUsd() != null)
                .hasSizeGreaterThanOrEqualTo(2).allSatisfy(run -> {
                    assertThat(run.report().usage().cacheReadTokens()).isEqualTo(400L);
                    assertThat(run.report().usage().costSource()).isEqualTo(Usage.CostSource.ESTIMATED);
                });
        assertThat(report.totalCostUsd()).isGreaterThan(0.006);
    }

    @Test
    void aTotalBudgetOverCodexRunsWithoutAPriceIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> new FanOutRunner(executor).run(FanOutSpec.builder(repo, tmp.resolve("out"),
                        FanOutPlan.of(List.of(), List.of("codex:a"), 64)).prompt("Create hello.txt").budgetUsd(1.0)
                        .build(),
                run -> RunRequest.builder().agent(CodexAgent.NAME).model("gpt-5.5")
                        .env("CODEX_API_KEY", "test-key").env("PATH", bin + ":" + System.getenv("PATH")),
                FanOutListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("run codex-a:").hasMessageContaining("no price is known for model gpt-5.5");
    }
}
