package io.ambient.jenkins.steps;

import io.ambient.agent.Usage;
import io.ambient.report.PatchInfo;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a Jenkinsfile gets back from {@code ambientAgent}, and when the step fails. */
class RunResultsTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private static RunReport.Builder report(RunStatus status) {
        return RunReport.builder().runId("r1").agent("claude-code").status(status).exitCode(0)
                .startedAt(START).finishedAt(START.plusSeconds(42));
    }

    @Test
    void shouldGiveThePipelineTheRunsOutcome() {
        RunReport report = report(RunStatus.SUCCEEDED)
                .changedFiles(List.of(new ChangedFile("src/A.java", ChangeType.MODIFIED, 3, 1, false)))
                .patch(new PatchInfo("changes.patch", 120, false, "diff"))
                .finalMessage("fixed it").turns(4).usage(new Usage(1000L, 200L, 0.25))
                .build();

        Map<String, Object> result = RunResults.of(report, "/ws@tmp/ambient/r1", "job/p/3/ambient/r1/");

        assertThat(result).containsEntry("status", "succeeded").containsEntry("exitCode", 0)
                .containsEntry("suspect", false).containsEntry("finalMessage", "fixed it")
                .containsEntry("changedFiles", List.of("src/A.java"))
                .containsEntry("patchFile", "/ws@tmp/ambient/r1/changes.patch")
                .containsEntry("costUsd", 0.25).containsEntry("tokens", 1200L).containsEntry("turns", 4)
                .containsEntry("durationMillis", 42_000L).containsEntry("reportUrl", "job/p/3/ambient/r1/");
    }

    @Test
    void shouldGiveTheTokensApartTheModelsAndWhereTheCostCameFrom() {
        RunReport report = report(RunStatus.SUCCEEDED).usage(new Usage(4400L, 9100L, 300L, 820L, 0.0712,
                Usage.CostSource.ESTIMATED, List.of("claude-sonnet-4-5"))).build();

        Map<String, Object> result = RunResults.of(report, "/d", "u");

        assertThat(result).containsEntry("inputTokens", 4400L).containsEntry("cacheReadTokens", 9100L)
                .containsEntry("cacheWriteTokens", 300L).containsEntry("outputTokens", 820L)
                .containsEntry("costUsd", 0.0712).containsEntry("costSource", "estimated")
                .containsEntry("models", List.of("claude-sonnet-4-5")).containsEntry("tokens", 14_620L);
    }

    @Test
    void shouldLeaveUnreportedUsageNull() {
        Map<String, Object> result = RunResults.of(report(RunStatus.SUCCEEDED).build(), "/d", "u");

        assertThat(result).containsEntry("costUsd", null).containsEntry("tokens", null)
                .containsEntry("patchFile", null).containsEntry("changedFiles", List.of());
    }

    @Test
    void shouldFailTheStepForARunThatDidNotSucceedUnlessAskedToReturn() {
        RunReport failed = report(RunStatus.TIMED_OUT).build();

        assertThat(RunResults.failure(failed, true, false)).isEqualTo("the agent run r1 ended timed_out");
        assertThat(RunResults.failure(failed, false, false)).isNull();
    }

    @Test
    void shouldFailTheStepForASuspectRunOnlyWhenAsked() {
        RunReport suspect = report(RunStatus.SUCCEEDED).suspectReasons(List.of("produced nothing")).build();

        assertThat(RunResults.failure(suspect, true, true))
                .isEqualTo("the agent run r1 succeeded but is suspect: produced nothing");
        assertThat(RunResults.failure(suspect, true, false)).isNull();
    }

    @Test
    void shouldNameWhyASucceededRunIsSuspectAndNothingForOthers() {
        assertThat(RunResults.suspicion(report(RunStatus.SUCCEEDED).suspectReasons(List.of("a", "b")).build()))
                .isEqualTo("the agent run r1 succeeded but is suspect: a; b");
        assertThat(RunResults.suspicion(report(RunStatus.SUCCEEDED).build())).isNull();
        assertThat(RunResults.suspicion(report(RunStatus.FAILED).suspectReasons(List.of("a")).build())).isNull();
    }
}
