package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.exec.Executor;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops a fan-out on the node. It asks the running fan-out to stop ({@link FanOutFiles#CANCEL}, seen by its thread
 * within a second, also when the request comes before it started): its containers are killed, planned runs do not
 * start, and its report comes back cancelled. When no JVM runs it any more and it left no end marker (it was lost),
 * the runs it noted as started ({@link FanOutFiles#STARTED_RUNS}) are killed and removed here instead.
 *
 * @param outDir the fan-out's directory on the node
 */
record CancelFanOut(String outDir, ExecutorSpec engine)
        implements ControllerToAgentCallable<List<String>, IOException> {
    private static final long serialVersionUID = 1L;

    /** @return the ids of the lost fan-out's runs removed here; empty when the running fan-out was cancelled */
    @Override
    public List<String> call() throws IOException {
        Path dir = Path.of(outDir);
        FanOutFiles.requestCancel(dir);
        Path startedRuns = dir.resolve(FanOutFiles.STARTED_RUNS);
        if (FanOutFiles.isRunning(dir) || FanOutFiles.readEnd(dir) != null || !Files.exists(startedRuns)) {
            // An ArrayList, not List.of: what an agent returns must be a class Jenkins lets in (JEP-200).
            return new ArrayList<>();
        }
        try (Executor executor = engine.open()) {
            return RemoveRuns.remove(executor, Files.readAllLines(startedRuns, StandardCharsets.UTF_8));
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }
}
