package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.exec.Executor;
import io.ambient.exec.LogCursor;
import io.ambient.exec.OutputSink;
import io.ambient.exec.RunHandle;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kills and removes runs that nobody will follow any more, by their ids, on the node: those a lost fan-out started,
 * the container a step was starting when the controller restarted, or the verify it was running then.
 *
 * @param runIds the runs to look for
 */
record RemoveRuns(List<String> runIds, ExecutorSpec engine)
        implements ControllerToAgentCallable<List<String>, IOException> {
    private static final long serialVersionUID = 1L;
    /** How long removing one killed run may take. */
    private static final Duration REMOVE_WAIT = Duration.ofSeconds(30);

    RemoveRuns {
        // An ArrayList, not List.copyOf: the record crosses to the node and back in a class Jenkins lets in (JEP-200).
        runIds = new ArrayList<>(runIds);
    }

    /** @return the ids of the runs found and removed */
    @Override
    public List<String> call() throws IOException {
        try (Executor executor = engine.open()) {
            return remove(executor, runIds);
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }

    /**
     * Kills and removes each of {@code runIds} that {@code executor} still has.
     *
     * @return those it had, in an {@link ArrayList}: what an agent returns must be a class Jenkins lets in (JEP-200)
     */
    static List<String> remove(Executor executor, List<String> runIds) {
        List<String> removed = new ArrayList<>();
        for (String runId : runIds) {
            Optional<RunHandle> run = executor.find(runId);
            if (run.isPresent()) {
                executor.cancel(run.get());
                // Following a killed run to its end removes its container (or process state).
                executor.follow(run.get(), LogCursor.START, OutputSink.discard(), REMOVE_WAIT);
                removed.add(runId);
            }
        }
        return removed;
    }
}
