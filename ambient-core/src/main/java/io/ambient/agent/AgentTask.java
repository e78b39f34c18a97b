package io.ambient.agent;

import io.ambient.context.AgentContext;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What the agent is asked to do, independent of which CLI does it.
 *
 * @param prompt        the prompt, after template expansion
 * @param model         model name for agents that take one; {@code null} for the CLI's default
 * @param maxTurns      turn limit; {@code null} for none. Passed to CLIs that have the flag, counted otherwise
 * @param budgetUsd     cost limit in US dollars; {@code null} for none. Only for agents that report tokens or cost
 * @param resumeSession the CLI's session/thread id to continue, or {@code null} for a new session
 * @param args          extra arguments: for the {@code command} agent the program and its arguments, for the others
 *                      arguments added to the CLI's command line
 * @param env           environment for the agent process, credentials included
 * @param context       rules and MCP servers to materialise for the agent
 * @param endpoint      base URL of the model API the CLI talks to instead of its vendor's (a gateway, a proxy), checked
 *                      with {@link Endpoint#requireValid}; {@code null} for the CLI's default. It may carry credentials
 */
public record AgentTask(String prompt, String model, Integer maxTurns, Double budgetUsd, String resumeSession,
                        List<String> args, Map<String, String> env, AgentContext context, String endpoint)
        implements Serializable {
    public AgentTask {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        context = context == null ? AgentContext.NONE : context;
    }

    /** A task for the CLI's default model endpoint. */
    public AgentTask(String prompt, String model, Integer maxTurns, Double budgetUsd, String resumeSession,
                     List<String> args, Map<String, String> env, AgentContext context) {
        this(prompt, model, maxTurns, budgetUsd, resumeSession, args, env, context, null);
    }

    /** A task with just a prompt and arguments. */
    public static AgentTask of(String prompt, List<String> args) {
        return new AgentTask(prompt, null, null, null, null, args, Map.of(), AgentContext.NONE);
    }

    /** Not shown: the environment and the endpoint's user info hold credentials. */
    @Override
    public String toString() {
        return "AgentTask[model=" + model + ", maxTurns=" + maxTurns + ", budgetUsd=" + budgetUsd + ", args=" + args
                + ", env=" + env.keySet() + ", endpoint=" + Endpoint.redacted(endpoint) + "]";
    }
}
