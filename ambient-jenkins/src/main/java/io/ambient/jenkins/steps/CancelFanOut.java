package io.ambient.jenkins.steps;

import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;

/** Stops a running fan-out on the node: its containers are killed, planned runs do not start. */
record CancelFanOut(String token) implements ControllerToAgentCallable<Boolean, IOException> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean call() {
        return FanOutRegistry.cancel(token);
    }
}
