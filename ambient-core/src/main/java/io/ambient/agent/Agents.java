package io.ambient.agent;

import io.ambient.InvalidInputException;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The agents this build knows, by the name users type. */
public final class Agents {
    private static final Map<String, Supplier<AgentAdapter>> BUILT_IN = new TreeMap<>(Map.of(
            CommandAgent.NAME, CommandAgent::new,
            ClaudeCodeAgent.NAME, ClaudeCodeAgent::new,
            CodexAgent.NAME, CodexAgent::new,
            GeminiAgent.NAME, GeminiAgent::new,
            WarpAgent.NAME, WarpAgent::new));

    private Agents() {
    }

    /**
     * The adapter for {@code name}.
     *
     * @throws InvalidInputException for an unknown name, listing the known ones
     */
    public static AgentAdapter named(String name) {
        Supplier<AgentAdapter> adapter = name == null ? null : BUILT_IN.get(name);
        if (adapter == null) {
            throw new InvalidInputException("unknown agent '" + name + "': use one of " + String.join(", ", names()));
        }
        return adapter.get();
    }

    /** Known agent names, sorted. */
    public static Iterable<String> names() {
        return BUILT_IN.keySet();
    }
}
