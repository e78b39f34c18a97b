package io.ambient.context;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The shared context a run gives its agent, after the named packs were merged: what each agent adapter
 * materialises in its own format and place.
 *
 * @param packs      names of the packs merged, in order
 * @param hash       content hash of the merged context ({@code sha256:...}), recorded in the report; empty for none
 * @param rules      instructions for the agent (Markdown), or empty
 * @param mcpServers MCP servers, by unique name
 * @param files      extra files by relative path, placed in the run's context directory outside the workspace
 */
public record AgentContext(List<String> packs, String hash, String rules, List<McpServer> mcpServers,
                           Map<String, String> files) implements Serializable {
    /** No context. */
    public static final AgentContext NONE = new AgentContext(List.of(), "", "", List.of(), Map.of());

    public AgentContext {
        packs = List.copyOf(packs);
        hash = hash == null ? "" : hash;
        rules = rules == null ? "" : rules;
        mcpServers = List.copyOf(mcpServers);
        files = Map.copyOf(files);
    }

    /** Context made of rules and MCP servers alone, e.g. for tests. */
    public AgentContext(String rules, List<McpServer> mcpServers) {
        this(List.of(), "", rules, mcpServers, Map.of());
    }

    public boolean isEmpty() {
        return rules.isBlank() && mcpServers.isEmpty() && files.isEmpty();
    }
}
