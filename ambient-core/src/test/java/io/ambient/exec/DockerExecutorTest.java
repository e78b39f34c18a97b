package io.ambient.exec;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.testing.DockerCli;
import io.ambient.testing.GitRepos;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerExecutorTest extends ExecutorContract {
    static final String IMAGE = System.getenv().getOrDefault("AMBIENT_TEST_IMAGE", "ambient-test/busybox:1");

    @Override
    Executor newExecutor() {
        return DockerExecutor.fromEnvironment();
    }

    @Override
    ExecSpec.Builder shell(String runId, String script) {
        return ExecSpec.builder(runId, List.of("sh", "-c", script)).image(IMAGE).network("none").workspace(workspace);
    }

    @Override
    boolean isGone(String runId) {
        return docker("ps", "-aq", "--filter", "label=" + Labels.RUN_ID + "=" + runId).isBlank();
    }

    @Test
    void theHardenedSettingsAreInEffectInsideTheContainer() {
        List<String> lines = new ArrayList<>();
        ExecResult result = executor.run(shell(runId(), String.join("; ",
                "id -u",
                "grep -E '^(CapEff|NoNewPrivs):' /proc/self/status",
                "cat /sys/fs/cgroup/memory/memory.limit_in_bytes",
                "cat /sys/fs/cgroup/pids/pids.max",
                "ls /sys/class/net",
                "ls /var/run/docker.sock 2>&1 || true"))
                .limits(new ResourceLimits(256 * ResourceLimits.MIB, 1, 64)).build(), line -> lines.add(line.text()));

        assertThat(result.exitCode()).isZero();
        assertThat(lines.get(0)).isNotEqualTo("0");
        assertThat(lines).contains("CapEff:\t0000000000000000", "NoNewPrivs:\t1",
                Long.toString(256 * ResourceLimits.MIB), "64", "lo");
        assertThat(lines).noneMatch(line -> line.equals("eth0"));
        assertThat(lines.get(lines.size() - 1)).contains("No such file");
    }

    @Test
    void inBindModeTheInputDirectoryIsMountedFromThisHostAndGoesWithTheContainer() throws Exception {
        GitRepos.chown(workspace, "1000:1000");
        String runId = runId();
        Path hostInput = Path.of(System.getProperty("java.io.tmpdir"), "ambient-input", runId);
        List<String> lines = new ArrayList<>();
        ExecResult result = executor.run(shell(runId, "cat /ambient/input/task.md; grep -c ' /ambient/input ' /proc/mounts;"
                + " ls -ln /ambient/input | tail -1").inputFile("task.md", "from the host\n").build(),
                line -> lines.add(line.text()));

        assertThat(result.exitCode()).isZero();
        assertThat(lines.get(0)).isEqualTo("from the host");
        assertThat(lines.get(1)).as("mounted, not copied").isEqualTo("1");
        assertThat(lines.get(2)).as("owned by the run's user").contains(" 1000 ");
        assertThat(hostInput).doesNotExist();
        assertThat(isGone(runId)).isTrue();
    }

    @Test
    void aRunOverItsMemoryLimitIsReportedOomKilled() {
        ExecResult result = executor.run(shell(runId(), "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}")
                .limits(new ResourceLimits(16 * ResourceLimits.MIB, 1, 64)).build(), OutputSink.discard());

        assertThat(result.oomKilled()).isTrue();
    }

    @Test
    void bindModeEditsTheWorkspaceInPlaceAsItsOwner() throws Exception {
        GitRepos.chown(workspace, "1000:1000");
        Files.writeString(workspace.resolve("drop.txt"), "bye\n");
        GitRepos.chown(workspace, "1000:1000");

        RunHandle handle = executor.start(shell(runId(), "echo made > new.txt; rm drop.txt; id -u").build());
        List<String> lines = new ArrayList<>();
        ExecResult result = executor.follow(handle, LogCursor.START, line -> lines.add(line.text()));

        assertThat(handle.workspaceMode()).isEqualTo(WorkspaceMode.BIND);
        assertThat(result.exitCode()).isZero();
        assertThat(lines).containsExactly("1000");
        assertThat(workspace.resolve("new.txt")).content().isEqualTo("made\n");
        assertThat(Files.getAttribute(workspace.resolve("new.txt"), "unix:uid")).isEqualTo(1000);
        assertThat(workspace.resolve("drop.txt")).doesNotExist();
    }

    @Test
    void copyModeIsChosenForAWorkspaceTheRunsUserDoesNotOwnAndBringsTheEditsBack() throws Exception {
        // The test runs as root: a root-owned workspace cannot be written by the non-root container user.
        Files.writeString(workspace.resolve("drop.txt"), "bye\n");
        Files.writeString(workspace.resolve("tool.sh"), "#!/bin/sh\necho tool\n");
        Files.setPosixFilePermissions(workspace.resolve("tool.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

        RunHandle handle = executor.start(shell(runId(),
                "./tool.sh && echo made > new.txt && rm drop.txt && mkdir -p sub && echo deep > sub/file.txt").build());
        ExecResult result = executor.follow(handle, LogCursor.START, OutputSink.discard());

        assertThat(handle.workspaceMode()).isEqualTo(WorkspaceMode.COPY);
        assertThat(result.exitCode()).isZero();
        assertThat(workspace.resolve("new.txt")).content().isEqualTo("made\n");
        assertThat(workspace.resolve("sub/file.txt")).content().isEqualTo("deep\n");
        assertThat(workspace.resolve("drop.txt")).doesNotExist();
        assertThat(Files.isExecutable(workspace.resolve("tool.sh"))).isTrue();
    }

    @Test
    void copyModeNeverBringsBackALinkThatLeadsOutOfTheWorkspace() throws Exception {
        Files.createSymbolicLink(workspace.resolve("users-own"), Path.of("/usr/share"));

        ExecResult result = executor.run(shell(runId(), String.join(" && ",
                "ln -s /etc/passwd absolute", "ln -s ../../outside relative", "mkdir d", "ln -s .. d/up",
                "ln -s d/up/.. through-a-link", "echo hi > README.md", "ln -s README.md inside", "ln -s missing/../.. dangling-out"))
                .workspaceMode(WorkspaceMode.COPY).build(), OutputSink.discard());

        assertThat(result.exitCode()).isZero();
        assertThat(workspace.resolve("absolute")).doesNotExist();
        assertThat(Files.exists(workspace.resolve("relative"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(workspace.resolve("through-a-link"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(workspace.resolve("dangling-out"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readSymbolicLink(workspace.resolve("inside"))).isEqualTo(Path.of("README.md"));
        assertThat(Files.readSymbolicLink(workspace.resolve("d/up"))).isEqualTo(Path.of(".."));
        assertThat(Files.readSymbolicLink(workspace.resolve("users-own"))).as("unchanged, the user's own")
                .isEqualTo(Path.of("/usr/share"));
    }

    @Test
    void copyModeBringsBackAHardLinkAsItsContentAndNoFifo() throws Exception {
        ExecResult result = executor.run(shell(runId(), "echo hi > README.md && ln README.md hard && mkfifo pipe")
                .workspaceMode(WorkspaceMode.COPY).build(), OutputSink.discard());

        assertThat(result.exitCode()).isZero();
        assertThat(workspace.resolve("hard")).isRegularFile().hasSameTextualContentAs(workspace.resolve("README.md"));
        assertThat(Files.exists(workspace.resolve("pipe"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aContainerThatFailsToStartIsRemovedAndTheErrorSaysWhy() {
        String runId = runId();

        // The image has no such user: the engine creates the container, then fails to start it.
        assertThatThrownBy(() -> executor.start(shell(runId, "true").user("nosuchuser").build()))
                .isInstanceOf(AmbientException.class)
                .hasMessageContaining("cannot start the agent container")
                .hasMessageContaining("nosuchuser");
        assertThat(isGone(runId)).isTrue();
    }

    @Test
    void runsWhoseOwnerIsGoneAreReaped() throws Exception {
        String runId = runId();
        String owner = goneOwner();
        // A container as a dead runner would have left it: labelled, owner gone.
        String id = docker("create", "--label", Labels.MANAGED + "=1", "--label", Labels.RUN_ID + "=" + runId,
                "--label", Labels.OWNER + "=" + owner, "--network", "none", IMAGE, "sleep", "60").strip();

        List<String> reaped = executor.reap(Duration.ZERO);

        assertThat(reaped).contains(runId);
        assertThat(isGone(runId)).as("container %s", id).isTrue();
    }

    @Test
    void aRunWhoseOwnerIsGoneAndWhoseDeadlinePassedIsReapedWithinTheGrace() throws Exception {
        String late = runId();
        String onTime = runId();
        String owner = goneOwner();
        long past = System.currentTimeMillis() - 1000;
        long future = System.currentTimeMillis() + 3_600_000;
        docker("run", "-d", "--label", Labels.MANAGED + "=1", "--label", Labels.RUN_ID + "=" + late, "--label",
                Labels.OWNER + "=" + owner, "--label", Labels.DEADLINE + "=" + past, "--network", "none", IMAGE,
                "sleep", "60");
        docker("run", "-d", "--label", Labels.MANAGED + "=1", "--label", Labels.RUN_ID + "=" + onTime, "--label",
                Labels.OWNER + "=" + owner, "--label", Labels.DEADLINE + "=" + future, "--network", "none", IMAGE,
                "sleep", "60");
        try {
            List<String> reaped = executor.reap(Duration.ofHours(1));

            assertThat(reaped).contains(late).doesNotContain(onTime);
            assertThat(isGone(late)).isTrue();
            assertThat(isGone(onTime)).as("within its deadline: kept for a re-attach").isFalse();
        } finally {
            executor.reap(Duration.ZERO);
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsCreated() {
        String runId = runId();
        assertPreflightFails(executor, shell(runId, "true").image("ambient-test/missing:0"),
                "image ambient-test/missing:0 not found on the Docker engine");
        assertPreflightFails(executor, shell(runId, "true").image(null), "give --image");
        assertPreflightFails(executor, shell(runId, "true").user("0:0"), "agents never run as root");
        assertPreflightFails(executor, shell(runId, "true").user("root"), "agents never run as root");
        try (DockerExecutor unreachable = DockerExecutor.forHost("unix:///nonexistent/docker.sock")) {
            assertPreflightFails(unreachable, shell(runId, "true"),
                    "Docker engine not reachable at unix:///nonexistent/docker.sock: start it");
        }
        assertThat(isGone(runId)).isTrue();
    }

    @Test
    void labelsNameTheRunAndItsOwner() {
        String runId = runId();
        RunHandle handle = executor.start(shell(runId, "sleep 60").labels(Map.of("job", "nightly")).build());
        try {
            String labels = docker("inspect", "--format", "{{json .Config.Labels}}", handle.id());
            assertThat(labels).contains("\"" + Labels.RUN_ID + "\":\"" + runId + "\"")
                    .contains("\"" + Labels.OWNER + "\":\"" + Owner.current() + "\"")
                    .contains("\"job\":\"nightly\"");
        } finally {
            executor.cancel(handle);
            executor.follow(handle, LogCursor.START, OutputSink.discard());
        }
    }

    @Test
    void theEngineKeepsAtMostTheLogLimitOfOutputInTwoFiles() {
        RunHandle handle = executor.start(shell(runId(), "sleep 60")
                .limits(ResourceLimits.defaults().withLogBytes(8 * ResourceLimits.MIB)).build());
        try {
            assertThat(docker("inspect", "--format", "{{json .HostConfig.LogConfig}}", handle.id()))
                    .contains("\"Type\":\"json-file\"").contains("\"max-size\":\"4194304\"")
                    .contains("\"max-file\":\"2\"");
        } finally {
            executor.cancel(handle);
            executor.follow(handle, LogCursor.START, OutputSink.discard());
        }
    }

    @Test
    void outputPastOneOfTheEnginesLogFilesIsReportedCutAndOutputWithinItIsNot() {
        ExecSpec.Builder small = shell(runId(),
                "i=0; while [ $i -lt 1000 ]; do echo \"line <$i> of a short run\"; i=$((i+1)); done")
                .limits(ResourceLimits.defaults().withLogBytes(ResourceLimits.MIN_LOG_BYTES));
        // 20,000 lines of 55 bytes: 1.1 MB of output, about 1.7 MB in the engine's log, past one 1 MiB file.
        ExecSpec.Builder large = shell(runId(), "i=0; while [ $i -lt 20000 ]; do echo \"line <$i> of a long run, "
                + "with \\\"quotes\\\" & tabs\t to escape\"; i=$((i+1)); done")
                .limits(ResourceLimits.defaults().withLogBytes(ResourceLimits.MIN_LOG_BYTES));

        assertThat(executor.run(small.build(), OutputSink.discard()).outputCut()).isFalse();
        assertThat(executor.run(large.build(), OutputSink.discard()).outputCut()).isTrue();
    }

    @Test
    void theEstimateOfTheEnginesLogSizeIsNeverBelowWhatItStores() throws Exception {
        String id = docker("run", "-d", "--log-driver", "json-file", IMAGE, "sh", "-c",
                "i=0; while [ $i -lt 500 ]; do printf 'a \"quoted\" <tag> & \\\\ \\t tab %s\\n' $i; i=$((i+1)); done").strip();
        try {
            docker("wait", id);
            Path logFile = Path.of(docker("inspect", "--format", "{{.LogPath}}", id).strip());
            Assumptions.assumeTrue(Files.isReadable(logFile), "the engine's log files are readable from here");
            byte[] output = docker("logs", id).getBytes(StandardCharsets.UTF_8);

            long estimate = JsonFileLog.storedBytes(output);
            assertThat(estimate).isGreaterThanOrEqualTo(Files.size(logFile))
                    .isLessThan(Files.size(logFile) + Files.size(logFile) / 20);
        } finally {
            docker("rm", "-f", id);
        }
    }

    private static void assertPreflightFails(Executor executor, ExecSpec.Builder spec, String message) {
        assertThatThrownBy(() -> executor.preflight(spec.build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }

    /** The docker command line, for checks independent of the code under test. */
    static String docker(String... args) {
        return DockerCli.run(args);
    }
}
