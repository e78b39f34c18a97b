package io.ambient.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ambient.Json;
import io.ambient.context.McpConfigs;
import io.ambient.exec.ExecLayout;
import io.ambient.exec.ExecResult;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's Gemini CLI, run headless: {@code gemini -p "" --output-format stream-json}, the prompt on stdin.
 * <ul>
 *   <li>Prompt: a non-TTY stdin is read and put in front of the {@code -p} value, so an empty {@code -p} runs exactly
 *       the prompt from stdin; {@code -p} itself forces headless mode (a positional prompt would start the
 *       interactive UI in a terminal).</li>
 *   <li>Credential: {@code GEMINI_API_KEY} (Gemini API), or {@code GOOGLE_API_KEY} (Vertex AI express mode). The
 *       matching {@code security.auth.selectedType} is written to the settings: without it the CLI guesses from the
 *       environment, and a {@code GOOGLE_GEMINI_BASE_URL} makes it guess a "gateway" type that 0.61.0 then rejects
 *       (exit 41, "Invalid auth method selected.").</li>
 *   <li>Endpoint: {@code GOOGLE_GEMINI_BASE_URL}, or {@code GOOGLE_VERTEX_BASE_URL} for Vertex AI (core
 *       {@code contentGenerator.ts} reads the one of the selected auth type). The auth type written to the settings
 *       keeps the CLI from taking the base URL for a gateway.</li>
 *   <li>Permissions: unless the profile's arguments choose a mode, {@code --approval-mode yolo} in a container of
 *       its own (the container is the sandbox) and {@code auto_edit} as a local process (file edits only): headless
 *       runs do not ask, they drop every tool that would need asking from the model's tool list.</li>
 *   <li>Trust: {@code GEMINI_CLI_TRUST_WORKSPACE=true}; newer CLIs otherwise refuse an untrusted folder (exit 55).
 *       The variable rather than {@code --skip-trust}, because older CLIs reject unknown flags.</li>
 *   <li>Limits: {@code model.maxSessionTurns} in the settings (there is no flag); past it the CLI stops with
 *       {@code FatalTurnLimitedError} and exit 53. Tokens come only in the final {@code result}'s {@code stats}, so a
 *       budget acts when the run ends: it is then marked over budget.</li>
 *   <li>Context: rules become the user-level {@code ~/.gemini/GEMINI.md} of the run's agent home (merged with the
 *       project's own GEMINI.md); MCP servers, usage statistics, telemetry and update checks go to
 *       {@code ~/.gemini/settings.json} there. Neither touches the workspace. The CLI also keeps its sessions under
 *       that home, so resuming needs a persistent agent home shared by both runs.</li>
 * </ul>
 * Verified against Gemini CLI 0.61.0 (see {@code src/test/resources/streams/README-gemini-warp.md}).
 */
public final class GeminiAgent implements AgentAdapter {
    public static final String NAME = "gemini";
    static final String SETTINGS_FILE = ".gemini/settings.json";
    static final String RULES_FILE = ".gemini/GEMINI.md";
    private static final String VERTEX_AI = "vertex-ai";
    /** Backtick code, as Gemini CLI's import processor finds it: a run of backticks up to the same run. */
    private static final Pattern CODE = Pattern.compile("(`+)([\\s\\S]*?)\\1");
    /** What the processor takes for an import: {@code @} at a word's start, then {@code .}, {@code /} or a letter. */
    private static final Pattern IMPORT = Pattern.compile("(?<![^ \\t\\n\\r])@(?=[./A-Za-z])");
    private static final String WORD_JOINER = "\u2060";

    /** Exit codes of headless runs (core {@code utils/errors.ts}); API errors exit with their HTTP status. */
    static final int EXIT_AUTH = 41;
    static final int EXIT_INPUT = 42;
    static final int EXIT_SANDBOX = 44;
    static final int EXIT_CONFIG = 52;
    static final int EXIT_TURN_LIMIT = 53;
    static final int EXIT_TOOL = 54;
    static final int EXIT_UNTRUSTED = 55;
    static final int EXIT_CANCELLED = 130;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> credentialEnv() {
        return List.of("GEMINI_API_KEY", "GOOGLE_API_KEY");
    }

    @Override
    public boolean enforcesMaxTurns() {
        return true;
    }

    @Override
    public boolean keepsSessionsInHome() {
        return true;
    }

    @Override
    public boolean reportsUsage() {
        return true;
    }

    @Override
    public AgentInvocation invocation(AgentTask task, ExecLayout layout) {
        List<String> command = new ArrayList<>(List.of("gemini", "-p", "", "--output-format", "stream-json"));
        if (task.model() != null) {
            command.addAll(List.of("-m", task.model()));
        }
        if (task.resumeSession() != null) {
            command.addAll(List.of("--resume", task.resumeSession()));
        }
        // --yolo together with --approval-mode is an error, so either in the arguments replaces the default.
        if (task.args().stream().noneMatch(arg -> arg.startsWith("--approval-mode") || arg.equals("--yolo")
                || arg.equals("-y"))) {
            command.addAll(List.of("--approval-mode", layout.contained() ? "yolo" : "auto_edit"));
        }
        command.addAll(task.args());
        // Written for every run, the rules empty when there are none, so a persistent home never keeps old ones.
        Map<String, String> files = new LinkedHashMap<>();
        files.put(SETTINGS_FILE, settings(task));
        files.put(RULES_FILE, asWritten(task.context().rules()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", layout.homeDir());
        env.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
        env.putAll(task.env());
        if (task.endpoint() != null) {
            env.put(VERTEX_AI.equals(authType(task.env())) ? "GOOGLE_VERTEX_BASE_URL" : "GOOGLE_GEMINI_BASE_URL",
                    task.endpoint());
        }
        return new AgentInvocation(command, env, task.prompt(), Map.of(), files);
    }

    /**
     * {@code rules} as Gemini CLI's memory import processor leaves them: it reads every {@code @} that starts a word
     * and is followed by {@code .}, {@code /} or a letter as an import of that file ({@code @Deprecated} becomes
     * "Import failed: Deprecated - ENOENT" in place of the rule), except inside backtick code, and no setting turns
     * it off ({@code packages/core/src/utils/memoryImportProcessor.ts}: {@code findImports} skips an {@code @} whose
     * previous character is not a space, tab or line break, and {@code processImports} skips {@code findCodeRegions},
     * the runs of {@code /(`+)([\s\S]*?)\1/g}; {@code memoryDiscovery.ts} {@code readGeminiMdFiles} processes every
     * GEMINI.md, {@code importFormat} choosing only between "tree" and "flat"). A word joiner (U+2060, invisible)
     * before each such {@code @} outside code keeps the text as written for the model and is no import.
     */
    static String asWritten(String rules) {
        StringBuilder text = new StringBuilder(rules.length() + 16);
        Matcher code = CODE.matcher(rules);
        int done = 0;
        while (code.find()) {
            text.append(IMPORT.matcher(rules.substring(done, code.start())).replaceAll(WORD_JOINER + "@"))
                    .append(code.group());
            done = code.end();
        }
        return text.append(IMPORT.matcher(rules.substring(done)).replaceAll(WORD_JOINER + "@")).toString();
    }

    /** The user-level settings: auth type, no statistics/telemetry/updates, the turn limit and MCP servers. */
    static String settings(AgentTask task) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        String authType = authType(task.env());
        if (authType != null) {
            root.putObject("security").putObject("auth").put("selectedType", authType);
        }
        root.putObject("privacy").put("usageStatisticsEnabled", false);
        root.putObject("telemetry").put("enabled", false);
        root.putObject("general").put("enableAutoUpdate", false).put("enableAutoUpdateNotification", false);
        if (task.maxTurns() != null) {
            root.putObject("model").put("maxSessionTurns", task.maxTurns());
        }
        if (!task.context().mcpServers().isEmpty()) {
            root.set("mcpServers", McpConfigs.geminiMcpServers(task.context().mcpServers()));
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CLI's auth type for the credential given, or {@code null} to let the CLI decide from its environment. */
    private static String authType(Map<String, String> env) {
        boolean vertex = "true".equalsIgnoreCase(env.get("GOOGLE_GENAI_USE_VERTEXAI"));
        boolean geminiKey = !env.getOrDefault("GEMINI_API_KEY", "").isEmpty();
        boolean googleKey = !env.getOrDefault("GOOGLE_API_KEY", "").isEmpty();
        if (vertex || (!geminiKey && googleKey)) {
            return VERTEX_AI;
        }
        return geminiKey ? "gemini-api-key" : null;
    }

    @Override
    public OutputParser newParser(EventSink events) {
        return new StreamJsonParser(events);
    }

    /**
     * Reads Gemini CLI's {@code stream-json}: init, message, tool_use, tool_result, error and result events, one per
     * line. Assistant text arrives as deltas; they are joined into one message event per model turn. A turn is one
     * model response: it starts with the first assistant text or tool call after the last tool result, which is how
     * the CLI counts {@code maxSessionTurns}.
     */
    private static final class StreamJsonParser extends JsonLinesParser {
        /** Longest final message kept; the message event itself is capped at {@link #MAX_TEXT}. */
        static final int MAX_FINAL_TEXT = 64 * 1024;
        private static final Set<String> FILE_TOOLS = Set.of("write_file", "replace", "edit");
        private static final int MAX_WARNINGS = 20;
        /**
         * The retry lines of {@code retryWithBackoff} ({@code logRetryAttempt}): with the HTTP status when there was
         * an answer ({@code with status 500}, or {@code with 429 error ...} / {@code with 5xx error} when only the
         * error's message names it), with only the cause (appended by the logger) when the request got no HTTP
         * answer (fetch failed).
         */
        private static final Pattern RETRY = Pattern.compile("Attempt (\\d+) failed"
                + "(?: with status (\\d+)| with (\\d+|5xx) error[^.]*)?"
                + "\\. Retrying with backoff\\.\\.\\.(?: Error: (.+))?");
        private static final Pattern API_STATUS = Pattern.compile("\"code\":\\s*(\\d{3})");
        private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

        private final StringBuilder message = new StringBuilder();
        private final Map<String, String> toolNames = new HashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private final Reachability reach = new Reachability();
        private boolean messageTruncated;
        private boolean inTurn;
        private int turns;
        private int failedTools;
        private String firstFailure;
        private String sessionId;
        private String lastText;
        private String lastStderr;
        private String model;
        private JsonNode result;
        private Usage usage = Usage.UNKNOWN;

        StreamJsonParser(EventSink events) {
            super(events);
        }

        @Override
        protected void handle(JsonNode event) {
            String type = String.valueOf(text(event, "type"));
            if (!"message".equals(type)) {
                endMessage();
            }
            switch (type) {
                case "init" -> {
                    sessionId = text(event, "session_id");
                    model = text(event, "model");
                }
                case "message" -> message(event);
                case "tool_use" -> toolUse(event);
                case "tool_result" -> toolResult(event);
                case "error" -> error(event);
                case "result" -> result(event);
                default -> emit(AgentEvent.Type.RAW, event.toString(), Map.of());
            }
        }

        private void message(JsonNode event) {
            if (!"assistant".equals(text(event, "role"))) {
                // The user message echoes the prompt.
                return;
            }
            startTurn();
            String content = text(event, "content");
            if (content == null || messageTruncated) {
                return;
            }
            int room = MAX_FINAL_TEXT - message.length();
            if (content.length() <= room) {
                message.append(content);
            } else {
                message.append(content, 0, Math.max(room, 0)).append("… (truncated)");
                messageTruncated = true;
            }
        }

        /** Emits the assistant text gathered so far as one message. */
        private void endMessage() {
            if (message.isEmpty()) {
                return;
            }
            lastText = message.toString();
            message.setLength(0);
            messageTruncated = false;
            emit(AgentEvent.Type.MESSAGE, lastText, Map.of());
        }

        private void startTurn() {
            reach.answered();
            if (!inTurn) {
                inTurn = true;
                turns++;
            }
        }

        private void toolUse(JsonNode event) {
            startTurn();
            String tool = String.valueOf(text(event, "tool_name"));
            String id = text(event, "tool_id");
            JsonNode parameters = event.path("parameters");
            if (id != null && toolNames.size() < 1000) {
                toolNames.put(id, tool);
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put("tool", tool);
            data.put("id", id);
            emit(AgentEvent.Type.TOOL_CALL, tool + " " + summary(parameters), data);
            String path = text(parameters, "file_path") != null ? text(parameters, "file_path")
                    : text(parameters, "absolute_path");
            if (FILE_TOOLS.contains(tool) && path != null) {
                emit(AgentEvent.Type.FILE_CHANGE, path, Map.of("path", path, "tool", tool));
            }
        }

        private void toolResult(JsonNode event) {
            inTurn = false;
            String id = text(event, "tool_id");
            String tool = id == null ? null : toolNames.remove(id);
            boolean failed = "error".equals(text(event, "status"));
            String errorMessage = text(event.path("error"), "message");
            String output = failed && errorMessage != null ? errorMessage : text(event, "output");
            Map<String, String> data = new LinkedHashMap<>();
            data.put("id", id);
            data.put("tool", tool);
            data.put("error", failed ? "true" : null);
            emit(AgentEvent.Type.TOOL_RESULT, output == null ? "" : output, data);
            if (failed) {
                failedTools++;
                if (firstFailure == null) {
                    firstFailure = cap((tool == null ? "a tool" : tool) + ": " + (output == null ? "failed" : output));
                }
            }
        }

        /** A non-fatal problem the CLI reported (loop detected, blocked agent, invalid stream...). */
        private void error(JsonNode event) {
            String severity = text(event, "severity");
            String text = text(event, "message");
            emit(AgentEvent.Type.ERROR, text, Map.of("severity", String.valueOf(severity)));
            warn("the agent reported a problem (" + severity + "): " + text);
        }

        private void result(JsonNode event) {
            result = event;
            usage = usage(event, model);
            emit(AgentEvent.Type.USAGE, usage.describe(), Map.of());
            if (!event.has("stats")) {
                warn("the result carried no usage");
            }
        }

        @Override
        protected void stderr(String text) {
            super.stderr(text);
            Matcher retry = RETRY.matcher(text);
            if (retry.lookingAt()) {
                String status = retry.group(2) != null ? retry.group(2) : retry.group(3);
                String failure;
                if (status != null) {
                    reach.replied();
                    failure = "API error " + status;
                } else {
                    reach.failedToConnect();
                    failure = "API connection failed" + (retry.group(4) == null ? "" : ": " + retry.group(4).strip());
                }
                emit(AgentEvent.Type.ERROR, failure + ", retry " + retry.group(1), Map.of("retry", "true"));
            }
            if (text.startsWith("MCP issues detected")) {
                // The CLI goes on without the servers that failed to start; the run may lack tools it was given.
                warn("an MCP server failed to start: " + text);
            }
            // Stack frames and brace lines of a logged error say nothing to a user; keep the last real line.
            String plain = ANSI.matcher(text).replaceAll("").strip();
            if (!plain.isEmpty() && !text.startsWith(" ") && !plain.equals("}") && !plain.startsWith("at ")) {
                lastStderr = plain;
            }
        }

        private void warn(String warning) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(cap(warning));
            }
        }

        @Override
        public int turnsSoFar() {
            return turns;
        }

        @Override
        public Usage usageSoFar() {
            return usage;
        }

        @Override
        public int connectionFailures() {
            return reach.failures();
        }

        @Override
        public AgentOutcome finish(ExecResult exec) {
            endMessage();
            int code = exec.exitCode();
            List<String> allWarnings = new ArrayList<>(warnings);
            if (failedTools > 0) {
                allWarnings.add(failedTools + " tool call" + (failedTools == 1 ? "" : "s") + " failed, first "
                        + firstFailure);
            }
            AgentOutcome.Limit limit = code == EXIT_TURN_LIMIT ? AgentOutcome.Limit.MAX_TURNS : null;
            if (result == null) {
                String message = lastText != null ? lastText : lastStderr != null ? lastStderr : stderrTail();
                String stopReason = code == 0 ? "no result event" : exitReason(code, null);
                allWarnings.add("the agent ended without its result event");
                return new AgentOutcome(message, turns, Usage.UNKNOWN, true, stopReason, sessionId, limit, List.of(),
                        allWarnings);
            }
            boolean success = "success".equals(text(result, "status")) && code == 0;
            JsonNode error = result.path("error");
            String errorType = text(error, "type");
            String errorMessage = text(error, "message");
            if ("FatalTurnLimitedError".equals(errorType)) {
                limit = AgentOutcome.Limit.MAX_TURNS;
            }
            String finalMessage = success || errorMessage == null ? lastText : errorMessage;
            if (finalMessage == null && !success) {
                finalMessage = lastStderr != null ? lastStderr : stderrTail();
            }
            String stopReason = success ? "success" : exitReason(code, errorMessage != null ? errorMessage : errorType);
            return new AgentOutcome(finalMessage, turns, usage, !success, stopReason, sessionId, limit,
                    List.of(), allWarnings);
        }

        /** Why a run ended with {@code code}: the CLI's fatal error classes, or the HTTP status of an API error. */
        private static String exitReason(int code, String error) {
            String reason = switch (code) {
                case 0 -> "error";
                case 1 -> "general error";
                case EXIT_AUTH -> "authentication failed";
                case EXIT_INPUT -> "invalid input";
                case EXIT_SANDBOX -> "sandbox error";
                case EXIT_CONFIG -> "configuration error";
                case EXIT_TURN_LIMIT -> "turn limit reached";
                case EXIT_TOOL -> "fatal tool error";
                case EXIT_UNTRUSTED -> "workspace not trusted";
                case EXIT_CANCELLED -> "cancelled";
                default -> null;
            };
            if (reason == null) {
                // An API error exits with its HTTP status, which the shell sees modulo 256 (400 → 144).
                Matcher status = API_STATUS.matcher(error == null ? "" : error);
                reason = status.find() ? "API error " + status.group(1) : "error";
            }
            return reason + " (exit " + code + ")";
        }

        /**
         * The tokens of the result's {@code stats}: {@code input_tokens} counts the cached ones too
         * ({@code input_tokens = input + cached}), so the uncached ones are {@code input}. The models are those of
         * {@code stats.models}, or the one {@code init} named.
         */
        private static Usage usage(JsonNode result, String initModel) {
            JsonNode stats = result.path("stats");
            Long cached = number(stats, "cached");
            Long input = number(stats, "input") != null ? number(stats, "input")
                    : Usage.uncached(number(stats, "input_tokens"), cached);
            List<String> models = new ArrayList<>();
            stats.path("models").fieldNames().forEachRemaining(models::add);
            if (models.isEmpty() && initModel != null) {
                models.add(initModel);
            }
            return new Usage(input, cached, null, number(stats, "output_tokens"), null, null, models);
        }

        /** A one-line view of a tool's parameters: the path or command when it has one, else the JSON. */
        private static String summary(JsonNode parameters) {
            for (String field : List.of("file_path", "absolute_path", "command", "pattern", "url", "dir_path", "path",
                    "query")) {
                if (parameters.hasNonNull(field)) {
                    return parameters.get(field).asText();
                }
            }
            return parameters.isMissingNode() ? "" : parameters.toString();
        }
    }
}
