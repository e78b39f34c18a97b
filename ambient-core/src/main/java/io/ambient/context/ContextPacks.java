package io.ambient.context;

import com.fasterxml.jackson.databind.JsonNode;
import io.ambient.InvalidInputException;
import io.ambient.Json;
import io.ambient.StrictYaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads context packs and merges them for a run. A pack is a directory or a single YAML file:
 * <pre>
 * team-rules/                 team-rules.yaml
 *   rules.md                    name: team-rules        (optional; the file name otherwise)
 *   mcp.yaml (or mcp.json)      rules: |
 *   templates/fix-test.md         Always run the tests.
 *   files/checklist.md          mcpServers: {jira: {command: jira-mcp, env: {JIRA_TOKEN: "${JIRA_TOKEN}"}}}
 *                               templates: {fix-test: "Fix the failing test in ${SHARD_PATHS}"}
 *                               files: {checklist.md: "..."}
 * </pre>
 * The MCP file holds {@code mcpServers} as in the single-file form (or Claude Code's {@code .mcp.json}). See
 * {@code docs/context-packs.md}.
 */
public final class ContextPacks {
    private static final String HELP = "see docs/context-packs.md";

    private ContextPacks() {
    }

    /**
     * Finds each pack named in {@code refs}: a path to a pack directory or YAML file, or a name looked up in
     * {@code packsDir} ({@code NAME/}, {@code NAME.yaml} or {@code NAME.yml}).
     *
     * @throws InvalidInputException for a pack that cannot be found or read
     */
    public static List<ContextPack> resolve(List<String> refs, Path packsDir) {
        List<ContextPack> packs = new ArrayList<>();
        for (String ref : refs) {
            packs.add(load(locate(ref, packsDir)));
        }
        return packs;
    }

    /** Loads the pack at {@code path}, a directory or a YAML file. */
    public static ContextPack load(Path path) {
        try {
            return Files.isDirectory(path) ? loadDirectory(path) : loadFile(path);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read context pack " + path + ": " + e.getMessage());
        }
    }

    /**
     * Merges packs in order: rules are concatenated (each under a comment naming its pack); MCP servers, templates
     * and files of a later pack replace those of the same name before it.
     */
    public static MergedContext merge(List<ContextPack> packs) {
        List<String> names = new ArrayList<>();
        StringBuilder rules = new StringBuilder();
        Map<String, McpServer> servers = new LinkedHashMap<>();
        Map<String, String> templates = new TreeMap<>();
        Map<String, String> files = new TreeMap<>();
        for (ContextPack pack : packs) {
            names.add(pack.name());
            if (!pack.rules().isBlank()) {
                rules.append(rules.isEmpty() ? "" : "\n").append("<!-- context pack: ").append(pack.name())
                        .append(" -->\n").append(pack.rules().strip()).append('\n');
            }
            pack.mcpServers().forEach(server -> servers.put(server.name(), server));
            templates.putAll(pack.templates());
            pack.files().keySet().forEach(path -> requireRelative(pack, path));
            files.putAll(pack.files());
        }
        List<McpServer> serverList = List.copyOf(servers.values());
        String hash = packs.isEmpty() ? "" : hash(rules.toString(), serverList, templates, files);
        return new MergedContext(new AgentContext(names, hash, rules.toString(), serverList, files), templates);
    }

    private static void requireRelative(ContextPack pack, String path) {
        Path normalized = Path.of(path).normalize();
        if (path.isBlank() || normalized.isAbsolute() || normalized.startsWith("..")) {
            throw new InvalidInputException("context pack " + pack.name() + ": file '" + path
                    + "' must be a relative path inside the pack");
        }
    }

    private static Path locate(String ref, Path packsDir) {
        Path direct = Path.of(ref);
        if (Files.exists(direct) && (ref.contains("/") || ref.endsWith(".yaml") || ref.endsWith(".yml") || packsDir == null)) {
            return direct;
        }
        if (packsDir != null) {
            for (String candidate : List.of(ref, ref + ".yaml", ref + ".yml")) {
                Path path = packsDir.resolve(candidate);
                if (Files.exists(path)) {
                    return path;
                }
            }
        }
        if (Files.exists(direct)) {
            return direct;
        }
        throw new InvalidInputException("context pack '" + ref + "' not found"
                + (packsDir == null ? "" : " in " + packsDir) + ": give a pack directory or YAML file, or set --packs DIR");
    }

    private static ContextPack loadDirectory(Path dir) throws IOException {
        PackDirectory pack = PackDirectory.of(dir);
        String rules = pack.readIfExists(dir.resolve("rules.md"));
        List<McpServer> servers = List.of();
        for (String name : List.of("mcp.yaml", "mcp.yml", "mcp.json")) {
            Path mcp = dir.resolve(name);
            if (Files.exists(mcp)) {
                pack.requireInside(mcp);
                McpFile file = StrictYaml.convert(parse(mcp), McpFile.class, mcp.toString(), HELP);
                servers = mcpServers(file == null ? null : file.mcpServers(), mcp.toString());
                break;
            }
        }
        return new ContextPack(pack.name(), rules, servers, pack.readTree(dir.resolve("templates"), true),
                pack.readTree(dir.resolve("files"), false));
    }

    private static ContextPack loadFile(Path file) {
        return fromTree(parse(file), file.getFileName().toString().replaceFirst("\\.ya?ml$", ""),
                "context pack " + file);
    }

    /**
     * A pack from YAML text in the format of a pack file (see docs/context-packs.md), e.g. kept in a server's
     * configuration rather than in a file.
     *
     * @param name the pack's name, unless the YAML names it ({@code name:})
     * @throws InvalidInputException for text that is not a valid pack, naming {@code name}
     */
    public static ContextPack parse(String yaml, String name) {
        String origin = "context pack " + name;
        try {
            return fromTree(StrictYaml.MAPPER.readTree(yaml == null ? "" : yaml), name, origin);
        } catch (IOException e) {
            throw new InvalidInputException("cannot parse " + origin + ": " + e.getMessage().lines().findFirst()
                    .orElse("") + ": fix the YAML");
        }
    }

    private static ContextPack fromTree(JsonNode root, String defaultName, String origin) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(origin + " is not a YAML mapping: see docs/context-packs.md");
        }
        PackFile pack = StrictYaml.convert(root, PackFile.class, origin, HELP);
        String name = isNull(pack.name()) ? defaultName : pack.name().asText();
        return new ContextPack(name, isNull(pack.rules()) ? "" : pack.rules().asText(),
                mcpServers(pack.mcpServers(), origin), strings(pack.templates(), origin, "templates"),
                strings(pack.files(), origin, "files"));
    }

    private static List<McpServer> mcpServers(JsonNode node, String source) {
        List<McpServer> servers = new ArrayList<>();
        if (node == null || node.isNull()) {
            return servers;
        }
        if (!node.isObject()) {
            throw new InvalidInputException("mcpServers in " + source + " must map server names to definitions");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode def = entry.getValue();
            StrictYaml.convert(def, ServerDefinition.class, "MCP server " + entry.getKey() + " in " + source, HELP);
            String type = def.path("type").asText("");
            McpServer.Transport transport = switch (type) {
                case "", "stdio" -> def.hasNonNull("url") ? McpServer.Transport.HTTP : McpServer.Transport.STDIO;
                case "http", "streamable-http" -> McpServer.Transport.HTTP;
                case "sse" -> McpServer.Transport.SSE;
                default -> throw new InvalidInputException("MCP server " + entry.getKey() + " in " + source
                        + " has unknown type '" + type + "': use stdio, http or sse");
            };
            if (transport == McpServer.Transport.STDIO && !def.hasNonNull("command")) {
                throw new InvalidInputException("MCP server " + entry.getKey() + " in " + source
                        + " has neither command nor url: give one");
            }
            servers.add(new McpServer(entry.getKey(), transport, text(def, "command"),
                    Json.MAPPER.convertValue(def.path("args").isMissingNode() ? null : def.get("args"), List.class),
                    stringMap(def.get("env")), text(def, "url"), stringMap(def.get("headers"))));
        }
        return servers;
    }

    private static Map<String, String> strings(JsonNode node, String source, String what) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new InvalidInputException(what + " in " + source + " must map names to text");
        }
        return stringMap(node);
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        }
        return map;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static JsonNode parse(Path file) {
        try {
            return StrictYaml.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("cannot parse " + file + ": " + e.getMessage().lines().findFirst().orElse("")
                    + ": fix the YAML");
        }
    }

    private static boolean isNull(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String hash(String rules, List<McpServer> servers, Map<String, String> templates,
                               Map<String, String> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Map<String, Object> canonical = new TreeMap<>();
            canonical.put("rules", rules);
            canonical.put("mcpServers", servers);
            canonical.put("templates", templates);
            canonical.put("files", files);
            byte[] bytes = Json.MAPPER.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT,
                    false).configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writeValueAsBytes(canonical);
            return "sha256:" + HexFormat.of().formatHex(digest.digest(bytes));
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash the context", e);
        }
    }

    /** The keys of a pack file (see docs/schema/context-pack.schema.json); values are checked as they are read. */
    private record PackFile(JsonNode name, JsonNode rules, JsonNode mcpServers, JsonNode templates, JsonNode files) {
    }

    /** The keys of a directory pack's MCP file, as in Claude Code's {@code .mcp.json}. */
    private record McpFile(JsonNode mcpServers) {
    }

    /** The keys of one MCP server definition. */
    private record ServerDefinition(JsonNode type, JsonNode command, JsonNode args, JsonNode env, JsonNode url,
                                    JsonNode headers) {
    }
}
