package io.ambient.context;

import java.io.Serializable;
import java.util.List;

/**
 * The shared context a run gives its agent, after the named packs were merged: what each agent adapter
 * materialises in its own format and place.
 *
 * @param rules      instructions for the agent (Markdown), or empty
 * @param mcpServers MCP servers, by unique name
 */
public record AgentContext(String rules, List<McpServer> mcpServers) implements Serializable {
    /** No context. */
    public static final AgentContext NONE = new AgentContext("", List.of());

    public AgentContext {
        rules = rules == null ? "" : rules;
        mcpServers = List.copyOf(mcpServers);
    }

    public boolean isEmpty() {
        return rules.isBlank() && mcpServers.isEmpty();
    }
}
