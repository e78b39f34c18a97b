package io.ambient.agent;

import java.util.List;
import java.util.Map;

/**
 * How to start an agent CLI for a task.
 *
 * @param command    program and arguments
 * @param env        environment the CLI needs (added to the run's environment)
 * @param stdin      text for standard input, or {@code null}
 * @param inputFiles files (name to content) for the run's input directory, outside the workspace
 * @param homeFiles  files (path relative to {@link io.ambient.exec.ExecLayout#homeDir()} to content) for the agent's
 *                   home: its user-level configuration. Rewritten for every run, also in a persistent home
 */
public record AgentInvocation(List<String> command, Map<String, String> env, String stdin,
                              Map<String, String> inputFiles, Map<String, String> homeFiles) {
    public AgentInvocation {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        inputFiles = Map.copyOf(inputFiles);
        homeFiles = Map.copyOf(homeFiles);
    }

    /** An invocation that writes nothing to the agent's home. */
    public AgentInvocation(List<String> command, Map<String, String> env, String stdin, Map<String, String> inputFiles) {
        this(command, env, stdin, inputFiles, Map.of());
    }
}
