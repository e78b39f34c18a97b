package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.Json;
import io.ambient.exec.Executor;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunListener;
import io.ambient.run.RunTicket;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;

/**
 * Starts the agent detached on the node and returns its ticket as JSON (it holds paths: never Java-serialised).
 * Bad input fails here with ambient-core's one-line message, before any container exists.
 */
record StartRun(RunSpec spec, AgentSecrets secrets, ExecutorSpec engine)
        implements ControllerToAgentCallable<String, IOException> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call() throws IOException {
        try (Executor executor = engine.open()) {
            RunTicket ticket = new AgentRunner(executor).start(new RunRequests(spec, secrets).request(),
                    RunListener.none());
            return Json.MAPPER.writeValueAsString(ticket);
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }
}
