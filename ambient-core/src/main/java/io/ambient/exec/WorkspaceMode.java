package io.ambient.exec;

/** How the agent gets the workspace. */
public enum WorkspaceMode {
    /**
     * Bind mount when the engine runs on this host and the run's user owns the workspace; otherwise copy.
     * The choice is announced in the log.
     */
    AUTO,
    /** Bind mount the workspace: the agent edits the files in place. */
    BIND,
    /**
     * Copy the workspace into the container before start and copy the result back after exit:
     * for an engine that cannot see the workspace's path, or a workspace the run's user cannot write.
     */
    COPY
}
