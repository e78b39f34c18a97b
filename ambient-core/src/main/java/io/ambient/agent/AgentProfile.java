package io.ambient.agent;

import java.util.List;
import java.util.Map;

/**
 * A named way to run an agent, defined once by a team and named by pipelines ({@code claude-sonnet},
 * {@code codex-fast}, ...). Profiles are data: loaded from YAML or JSON by {@link AgentProfiles}, with one built-in
 * profile per agent. {@code null} fields leave the engine's (or the caller's) default.
 *
 * @param name        the profile's name
 * @param agent       the agent adapter, e.g. {@code claude-code}
 * @param image       container image with the agent's CLI
 * @param model       model to ask for
 * @param args        extra arguments for the CLI (for the {@code command} agent: the program)
 * @param env         environment for the agent; not for secrets, which {@code credentials} names
 * @param credentials environment variables to hand to the agent from the caller's environment or credential store
 *                    (e.g. {@code ANTHROPIC_API_KEY}); their values are secrets
 * @param network     container network
 * @param timeout     wall-clock limit, e.g. {@code 30m}
 * @param maxTurns    turn limit
 * @param budgetUsd   cost limit, for agents that report tokens or cost
 * @param memory      memory limit, e.g. {@code 4g}
 * @param cpus        CPU limit
 * @param price       what the model's tokens cost, for the cost estimate; {@code null} for the built-in price
 * @param endpoint    base URL of the model API (a gateway, a proxy) instead of the agent's vendor's
 */
public record AgentProfile(String name, String agent, String image, String model, List<String> args,
                           Map<String, String> env, List<String> credentials, String network, String timeout,
                           Integer maxTurns, Double budgetUsd, String memory, Double cpus, Price price,
                           String endpoint) {
    public AgentProfile {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
    }
}
