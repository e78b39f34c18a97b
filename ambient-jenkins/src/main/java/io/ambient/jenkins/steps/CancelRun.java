package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.Json;
import io.ambient.exec.Executor;
import io.ambient.fanout.Verifier;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunTicket;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;

/**
 * Stops a started run's container (or process) on the node, and its verify command if that is running; following
 * the run then reports it cancelled.
 */
record CancelRun(String ticketJson, ExecutorSpec engine) implements ControllerToAgentCallable<Void, IOException> {
    private static final long serialVersionUID = 1L;

    @Override
    public Void call() throws IOException {
        RunTicket ticket = Json.MAPPER.readValue(ticketJson, RunTicket.class);
        try (Executor executor = engine.open()) {
            new AgentRunner(executor).cancel(ticket);
            executor.find(Verifier.verifyRunId(ticket.runId())).ifPresent(executor::cancel);
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
        return null;
    }
}
