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

/**
 * Runs a {@code verify} command on a run's result, in the run's image, network, user and limits: a fan-out on each
 * run's workspace copy, a single run (the Jenkins step's {@code verify}) on its workspace.
 */
public final class Verifier {
    private static final int TAIL_LINES = 40;

    private final Executor executor;
    private final String command;
    private final Duration timeout;

    /**
     * @param command the shell command, run with {@code sh -c} in the run's image
     * @param timeout how long it may take
     */
    public Verifier(Executor executor, String command, Duration timeout) {
        this.executor = executor;
        this.command = command;
        this.timeout = timeout;
    }

    /** The id the verify of run {@code runId} runs under: whoever stops the run finds its verify by it. */
    public static String verifyRunId(String runId) {
        return runId + "-verify";
    }

    /** Runs the command on {@code workspace} in the image, user, limits and network of {@code run}. */
    public VerifyResult verify(String runId, RunRequest run, Path workspace) {
        Deque<String> tail = new ArrayDeque<>();
        Instant start = Instant.now();
        ExecResult result = executor.run(ExecSpec.builder(verifyRunId(runId), List.of("sh", "-c", command))
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
