package io.ambient.jenkins.steps;

import io.ambient.exec.DockerExecutor;
import io.ambient.exec.Executor;
import io.ambient.exec.ProcessExecutor;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Which engine runs the agents on the node, as plain data that crosses to the node with every call. A class, not a
 * record: step executions persist it, and Pipeline's program state serialiser cannot restore records.
 */
final class ExecutorSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String dockerHost;
    private final String stateDir;

    /**
     * @param kind       {@code docker} or {@code process}
     * @param dockerHost the build environment's {@code DOCKER_HOST}, or {@code null} for the node's own default
     * @param stateDir   where {@code process} runs keep their control directories (beside the workspace)
     */
    ExecutorSpec(String kind, String dockerHost, String stateDir) {
        this.kind = kind;
        this.dockerHost = dockerHost;
        this.stateDir = stateDir;
    }

    /** Opens the engine; the caller closes it. Runs on the node. */
    Executor open() {
        if ("process".equals(kind)) {
            return new ProcessExecutor(Path.of(stateDir));
        }
        return dockerHost == null ? DockerExecutor.fromEnvironment() : DockerExecutor.forHost(dockerHost);
    }

    String kind() {
        return kind;
    }
}
