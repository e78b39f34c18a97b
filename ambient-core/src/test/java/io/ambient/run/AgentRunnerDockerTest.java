package io.ambient.run;

import io.ambient.InvalidInputException;
import io.ambient.exec.DockerExecutor;
import io.ambient.exec.Executor;
import io.ambient.exec.Labels;
import io.ambient.exec.WorkspaceMode;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunStatus;
import io.ambient.testing.DockerCli;
import io.ambient.testing.ReportSchema;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aNetworkThatDoesNotExistIsRejectedBeforeAnyContainerStarts() {
        assertThatThrownBy(() -> runner.run(command("Tidy", "true").network("ambient-no-such-net").build(),
                RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("network ambient-no-such-net not found")
                .hasMessageContaining("docker network create ambient-no-such-net");
        assertThat(out).doesNotExist();
    }

    @Test
    void aWorkspaceThatIsNotAGitRepositoryIsNamedBeforeAMissingImage() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));

        assertThatThrownBy(() -> runner.run(command("Tidy", "true").workspace(plain).image(null).build(),
                RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a git repository");
    }

    @Test
    void inCopyModeAPatchLinkTheAgentPlantsInTheOutDirNeverReachesTheHost() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious\n");
        Path inside = ignoredOutDir();

        RunResult result = runner.run(command("Plant a link", "ln -s " + victim + " out/changes.patch && echo added > NEW.md")
                .outDir(inside).workspaceMode(WorkspaceMode.COPY).build(), RunListener.none());

        assertThat(victim).content().isEqualTo("precious\n");
        assertThat(result.report().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(inside.resolve(ReportFiles.PATCH_FILE)).isRegularFile().content().contains("+added");
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
        assertThat(result.report().outputCut()).as("more output than the engine's log keeps").isTrue();
        assertThat(DockerCli.run("ps", "-aq", "--filter", "label=" + Labels.RUN_ID + "=" + runId)).isBlank();
        ReportSchema.assertConforms(result.reportFile());
    }
}
