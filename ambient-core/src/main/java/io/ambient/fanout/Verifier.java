package io.ambient.fanout;

import io.ambient.exec.ExecResult;
import io.ambient.exec.ExecSpec;
import io.ambient.exec.Executor;
import io.ambient.run.RunRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Runs a fan-out's {@code verify} command on a run's result: same image, network, user and limits, its workspace copy. */
final class Verifier {
    private static final int TAIL_LINES = 40;

    private final Executor executor;
    private final String command;
    private final Duration timeout;

    Verifier(Executor executor, String command, Duration timeout) {
        this.executor = executor;
        this.command = command;
        this.timeout = timeout;
    }

    VerifyResult verify(String runId, RunRequest run, Path workspace) {
        Deque<String> tail = new ArrayDeque<>();
        Instant start = Instant.now();
        ExecResult result = executor.run(ExecSpec.builder(runId + "-verify", List.of("sh", "-c", command))
                .image(run.image()).workspace(workspace).workspaceMode(run.workspaceMode()).user(run.user())
                .limits(run.limits()).network(run.network()).timeout(timeout).labels(run.labels()).build(), line -> {
                    synchronized (tail) {
                        tail.addLast(line.text());
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                });
        return new VerifyResult(command, result.exitCode(), result.exitCode() == 0 && !result.timedOut(),
                result.timedOut(), List.copyOf(tail), Duration.between(start, Instant.now()).toMillis());
    }
}
