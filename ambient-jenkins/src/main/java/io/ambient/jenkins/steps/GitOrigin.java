package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.scm.AgentPullRequest;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;
import java.nio.file.Path;

/** The URL of the workspace's {@code origin} remote on the node, or {@code null} when it has none. */
record GitOrigin(String workspace) implements ControllerToAgentCallable<String, IOException> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call() throws IOException {
        try {
            return AgentPullRequest.originUrl(Path.of(workspace));
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }
}
