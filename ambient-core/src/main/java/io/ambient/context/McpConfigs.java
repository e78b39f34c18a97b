package io.ambient.context;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ambient.InvalidInputException;
import io.ambient.Json;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MCP server definitions written in each agent's own configuration format. Environment references ({@code ${NAME}})
 * are kept as references, in the form the agent resolves from its own environment, so no secret is written out.
 */
public final class McpConfigs {
    private static final Pattern WHOLE_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern BEARER_REFERENCE = Pattern.compile("Bearer \\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private McpConfigs() {
    }

    /**
     * The {@code {"mcpServers": {...}}} JSON that Claude Code reads ({@code .mcp.json}, {@code --mcp-config}); also
     * what the {@code command} agent gets. Claude Code expands {@code ${NAME}} itself.
     */
    public static String mcpServersJson(List<McpServer> servers) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode all = root.putObject("mcpServers");
        for (McpServer server : servers) {
            ObjectNode entry = all.putObject(server.name());
            if (server.transport() == McpServer.Transport.STDIO) {
                entry.put("command", server.command());
                entry.set("args", Json.MAPPER.valueToTree(server.args()));
                entry.set("env", Json.MAPPER.valueToTree(server.env()));
            } else {
                entry.put("type", server.transport() == McpServer.Transport.HTTP ? "http" : "sse");
                entry.put("url", server.url());
                entry.set("headers", Json.MAPPER.valueToTree(server.headers()));
            }
        }
        return write(root);
    }

    /**
     * Gemini CLI's {@code settings.json} {@code mcpServers} object ({@code httpUrl} for streamable HTTP, {@code url}
     * for SSE). Gemini expands {@code ${NAME}} in settings itself.
     */
    public static ObjectNode geminiMcpServers(List<McpServer> servers) {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        for (McpServer server : servers) {
            ObjectNode entry = all.putObject(server.name());
            switch (server.transport()) {
                case STDIO -> {
                    entry.put("command", server.command());
                    entry.set("args", Json.MAPPER.valueToTree(server.args()));
                    entry.set("env", Json.MAPPER.valueToTree(server.env()));
                }
                case HTTP -> entry.put("httpUrl", server.url()).set("headers", Json.MAPPER.valueToTree(server.headers()));
                case SSE -> entry.put("url", server.url()).set("headers", Json.MAPPER.valueToTree(server.headers()));
            }
        }
        return all;
    }

    /**
     * Codex's {@code config.toml} {@code [mcp_servers.NAME]} tables. Codex does not expand references, so a secret
     * must be forwarded by name: an env entry {@code NAME = "${NAME}"} becomes {@code env_vars}, a header
     * {@code Authorization: Bearer ${NAME}} becomes {@code bearer_token_env_var}, a header whose whole value is
     * {@code ${NAME}} becomes {@code env_http_headers}.
     *
     * @throws InvalidInputException for a reference Codex cannot express (renamed or inside other text)
     */
    public static String codexToml(List<McpServer> servers) {
        StringBuilder toml = new StringBuilder();
        for (McpServer server : servers) {
            toml.append("[mcp_servers.").append(tomlKey(server.name())).append("]\n");
            if (server.transport() == McpServer.Transport.STDIO) {
                toml.append("command = ").append(tomlString(server.command())).append('\n');
                toml.append("args = ").append(tomlArray(server.args())).append('\n');
                StringBuilder literal = new StringBuilder();
                List<String> forwarded = new java.util.ArrayList<>();
                for (Map.Entry<String, String> env : server.env().entrySet()) {
                    String reference = reference(env.getValue());
                    if (reference == null) {
                        rejectEmbeddedReference(server, env.getKey(), env.getValue());
                        literal.append(literal.isEmpty() ? "" : ", ").append(tomlKey(env.getKey())).append(" = ")
                                .append(tomlString(env.getValue()));
                    } else if (reference.equals(env.getKey())) {
                        forwarded.add(reference);
                    } else {
                        throw new InvalidInputException("MCP server " + server.name() + ": Codex cannot pass ${"
                                + reference + "} as " + env.getKey() + ": give the variable the name " + env.getKey());
                    }
                }
                if (!literal.isEmpty()) {
                    toml.append("env = { ").append(literal).append(" }\n");
                }
                if (!forwarded.isEmpty()) {
                    toml.append("env_vars = ").append(tomlArray(forwarded)).append('\n');
                }
            } else {
                toml.append("url = ").append(tomlString(server.url())).append('\n');
                StringBuilder literal = new StringBuilder();
                StringBuilder fromEnv = new StringBuilder();
                for (Map.Entry<String, String> header : server.headers().entrySet()) {
                    Matcher bearer = BEARER_REFERENCE.matcher(header.getValue());
                    String reference = reference(header.getValue());
                    if (header.getKey().equalsIgnoreCase("Authorization") && bearer.matches()) {
                        toml.append("bearer_token_env_var = ").append(tomlString(bearer.group(1))).append('\n');
                    } else if (reference != null) {
                        fromEnv.append(fromEnv.isEmpty() ? "" : ", ").append(tomlString(header.getKey())).append(" = ")
                                .append(tomlString(reference));
                    } else {
                        rejectEmbeddedReference(server, header.getKey(), header.getValue());
                        literal.append(literal.isEmpty() ? "" : ", ").append(tomlString(header.getKey())).append(" = ")
                                .append(tomlString(header.getValue()));
                    }
                }
                if (!literal.isEmpty()) {
                    toml.append("http_headers = { ").append(literal).append(" }\n");
                }
                if (!fromEnv.isEmpty()) {
                    toml.append("env_http_headers = { ").append(fromEnv).append(" }\n");
                }
            }
            toml.append('\n');
        }
        return toml.toString();
    }

    /** The variable a value consists of entirely ({@code ${NAME}}), or {@code null}. */
    private static String reference(String value) {
        Matcher matcher = WHOLE_REFERENCE.matcher(value);
        return matcher.matches() ? matcher.group(1) : null;
    }

    private static void rejectEmbeddedReference(McpServer server, String key, String value) {
        if (value.contains("${")) {
            throw new InvalidInputException("MCP server " + server.name() + ": Codex cannot expand the reference in "
                    + key + "; make the whole value a single ${NAME}");
        }
    }

    /** {@code value} as a TOML basic string, quoted and escaped. */
    public static String tomlString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String tomlKey(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : tomlString(key);
    }

    private static String tomlArray(List<String> values) {
        return values.stream().map(McpConfigs::tomlString).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
