package io.ambient.agent;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What the agent is asked to do, independent of which CLI does it.
 *
 * @param prompt   the prompt, after template expansion
 * @param model    model name for agents that take one; {@code null} for the profile's default
 * @param maxTurns turn limit for agents that take one; {@code null} for none
 * @param args     extra arguments: for the {@code command} agent, the program and its arguments
 * @param env      extra environment for the agent process
 */
public record AgentTask(String prompt, String model, Integer maxTurns, List<String> args, Map<String, String> env)
        implements Serializable {
    public AgentTask {
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }
}
