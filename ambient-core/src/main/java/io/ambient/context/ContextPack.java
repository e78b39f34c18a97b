package io.ambient.context;

import java.util.List;
import java.util.Map;

/**
 * A named, versionable bundle of context a team shares across pipelines. Load one with {@link ContextPacks#load};
 * several are merged with {@link ContextPacks#merge}.
 *
 * @param name       the pack's name
 * @param rules      instructions for the agent (Markdown), or empty
 * @param mcpServers MCP servers, unique by name
 * @param templates  prompt templates by name, with {@code ${VAR}} placeholders (see {@link PromptTemplate})
 * @param files      extra files by relative path, given to the agent in its context directory
 */
public record ContextPack(String name, String rules, List<McpServer> mcpServers, Map<String, String> templates,
                          Map<String, String> files) {
    public ContextPack {
        rules = rules == null ? "" : rules;
        mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
        templates = templates == null ? Map.of() : Map.copyOf(templates);
        files = files == null ? Map.of() : Map.copyOf(files);
    }
}
