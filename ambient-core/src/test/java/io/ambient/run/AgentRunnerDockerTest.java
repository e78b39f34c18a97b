package io.ambient.run;

import io.ambient.exec.DockerExecutor;
import io.ambient.exec.Executor;
import io.ambient.exec.Labels;
import io.ambient.report.RunStatus;
import io.ambient.testing.DockerCli;
import io.ambient.testing.ReportSchema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AgentRunnerDockerTest extends AgentRunnerContract {
    static final String IMAGE = System.getenv().getOrDefault("AMBIENT_TEST_IMAGE", "ambient-test/busybox:1");

    @Override
    Executor newExecutor() {
        return DockerExecutor.fromEnvironment();
    }

    @Override
    RunRequest.Builder request() {
        return RunRequest.builder().image(IMAGE).network("none");
    }

    @Test
    void anEngineFailureAfterTheInputWasAcceptedStillWritesAnErrorReport() {
        // The image has no such user: input checks pass, then the engine fails to start the container.
        RunResult result = runner.run(command("Run as a user the image lacks", "true").user("nosuchuser").build(),
                RunListener.none());

        assertThat(result.report().status()).isEqualTo(RunStatus.ERROR);
        assertThat(result.report().error()).isNotBlank();
        assertThat(result.report().error()).contains("nosuchuser");
        ReportSchema.assertConforms(result.reportFile());
    }

    @Test
    void aFloodingAgentPastItsDeadlineEndsPromptlyAndTheReportSaysItsOutputWasCut() {
        String runId = RunIds.newId();
        Instant start = Instant.now();

        RunResult result = runner.run(command("Flood", "yes").runId(runId).timeout(Duration.ofSeconds(3)).build(),
                RunListener.none());

        assertThat(Duration.between(start, Instant.now())).as("deadline 3 s, then at most 30 s")
                .isLessThan(Duration.ofSeconds(33));
        assertThat(result.report().status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(result.report().outputCut()).isTrue();
        assertThat(DockerCli.run("ps", "-aq", "--filter", "label=" + Labels.RUN_ID + "=" + runId)).isBlank();
        ReportSchema.assertConforms(result.reportFile());
    }
}
