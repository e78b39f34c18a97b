package io.ambient.exec;

import io.ambient.InvalidInputException;
import io.ambient.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessExecutorTest extends ExecutorContract {

    @Override
    Executor newExecutor() {
        return new ProcessExecutor(tmp.resolve("state"));
    }

    @Override
    ExecSpec.Builder shell(String runId, String script) {
        return ExecSpec.builder(runId, List.of("sh", "-c", script)).workspace(workspace);
    }

    @Override
    boolean isGone(String runId) {
        return !Files.exists(tmp.resolve("state").resolve(runId));
    }

    @Test
    void theTimeoutKillsTheWholeProcessTree() throws Exception {
        Path pidFile = tmp.resolve("grandchild.pid");
        ExecResult result = executor.run(shell(runId(), "sleep 60 & echo $! > " + pidFile + "; wait")
                .timeout(Duration.ofSeconds(1)).build(), OutputSink.discard());

        assertThat(result.timedOut()).isTrue();
        assertThat(isRunning(Long.parseLong(Files.readString(pidFile).trim()))).isFalse();
    }

    @Test
    void theRunOutlivesItsStarterAndIsCancelledFromAnotherInstance() throws Exception {
        String runId = runId();
        RunHandle handle = executor.start(shell(runId, "sleep 60").build());
        executor.close();

        Executor other = newExecutor();
        other.cancel(other.find(runId).orElseThrow());
        ExecResult result = newExecutor().follow(handle, LogCursor.START, OutputSink.discard());

        assertThat(result.cancelled()).isTrue();
        assertThat(isGone(runId)).isTrue();
    }

    @Test
    void hostVariablesDoNotLeakIntoTheRun() {
        List<String> lines = new ArrayList<>();
        // JAVA_HOME is set for the test JVM by Maven, but is not on the allow-list.
        executor.run(shell(runId(), "echo \"java_home=${JAVA_HOME:-unset} path=${PATH:+set}\"").build(),
                line -> lines.add(line.text()));

        assertThat(lines).containsExactly("java_home=unset path=set");
    }

    @Test
    void runsWhoseOwnerIsGoneAreReaped() throws Exception {
        String runId = runId();
        RunHandle handle = executor.start(shell(runId, "sleep 60").build());
        Path runFile = tmp.resolve("state").resolve(runId).resolve("run.json");
        ProcessExecutor.RunFile run = Json.MAPPER.readValue(runFile.toFile(), ProcessExecutor.RunFile.class);
        Json.writeAtomically(new ProcessExecutor.RunFile(run.handle(), run.pid(), goneOwner()), runFile);

        assertThat(executor.reap(Duration.ZERO)).containsExactly(runId);
        assertThat(isGone(runId)).isTrue();
        assertThat(isRunning(run.pid())).isFalse();
        assertThat(handle.startedAt()).isBefore(Instant.now());
    }

    @Test
    void aRunWhoseOwnerIsGoneAndWhoseDeadlinePassedIsReapedWithinTheGrace() throws Exception {
        String late = runId();
        String onTime = runId();
        long latePid = orphan(late, Instant.now().minusSeconds(1));
        long onTimePid = orphan(onTime, Instant.now().plusSeconds(3600));
        try {
            List<String> reaped = executor.reap(Duration.ofHours(1));

            assertThat(reaped).containsExactly(late);
            assertThat(isRunning(latePid)).isFalse();
            assertThat(isRunning(onTimePid)).as("within its deadline: kept for a re-attach").isTrue();
        } finally {
            executor.reap(Duration.ZERO);
        }
    }

    /** Starts {@code sleep 60} as run {@code runId} and rewrites its run file as a dead owner with that deadline left it. */
    private long orphan(String runId, Instant deadline) throws Exception {
        executor.start(shell(runId, "sleep 60").build());
        Path runFile = tmp.resolve("state").resolve(runId).resolve("run.json");
        ProcessExecutor.RunFile run = Json.MAPPER.readValue(runFile.toFile(), ProcessExecutor.RunFile.class);
        RunHandle h = run.handle();
        Json.writeAtomically(new ProcessExecutor.RunFile(new RunHandle(h.runId(), h.executor(), h.id(), h.workspace(),
                h.workspaceMode(), h.startedAt(), deadline), run.pid(), goneOwner()), runFile);
        return run.pid();
    }

    @Test
    void whatOnlyContainersCanDoIsRefusedWithTheFix() {
        assertPreflightFails(shell(runId(), "true").user("1000:1000"), "--user needs the docker executor");
        assertPreflightFails(shell(runId(), "true").workspaceMode(WorkspaceMode.COPY), "copy mode needs the docker executor");
        assertPreflightFails(shell(runId(), "true").network("none"), "network isolation needs the docker executor");
    }

    @Test
    void aProgramThatCannotBeFoundIsRefusedWithTheFix() {
        assertPreflightFails(ExecSpec.builder(runId(), List.of("no-such-agent-cli")).workspace(workspace),
                "program no-such-agent-cli not found on PATH");
    }

    /**
     * Whether {@code pid} is a running process. A killed process whose parent is gone stays a zombie until init
     * reaps it, which some sandboxes' init never does: a zombie is not running.
     */
    private static boolean isRunning(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        for (int i = 0; i < 50 && Files.exists(stat); i++) {
            String text = Files.readString(stat);
            if (text.substring(text.lastIndexOf(')') + 2).startsWith("Z")) {
                return false;
            }
            Thread.sleep(100);
        }
        return Files.exists(stat);
    }

    private void assertPreflightFails(ExecSpec.Builder spec, String message) {
        assertThatThrownBy(() -> executor.preflight(spec.build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
        assertThat(tmp.resolve("state")).doesNotExist();
    }
}
