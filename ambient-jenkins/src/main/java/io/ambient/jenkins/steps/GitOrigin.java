package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.workspace.WorkspaceChanges;
import jenkins.agents.ControllerToAgentCallable;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Path;

/** The URL of the workspace's {@code origin} remote on the node, or {@code null} when it has none. */
record GitOrigin(String workspace) implements ControllerToAgentCallable<String, IOException> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call() throws IOException {
        try (Repository repository = WorkspaceChanges.open(Path.of(workspace))) {
            return repository.getConfig().getString("remote", "origin", "url");
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }
}
