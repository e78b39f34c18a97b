package io.ambient.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ambient.context.McpConfigs;
import io.ambient.exec.ExecLayout;
import io.ambient.exec.ExecResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Claude Code, run headless: {@code claude -p --output-format stream-json --verbose}, the prompt on stdin.
 * <ul>
 *   <li>Credential: {@code ANTHROPIC_API_KEY} (or {@code ANTHROPIC_AUTH_TOKEN} for a gateway).</li>
 *   <li>Endpoint: {@code ANTHROPIC_BASE_URL}, over one given in the environment.</li>
 *   <li>Permissions: in a container of its own, {@code --dangerously-skip-permissions} (it runs as a non-root user and
 *       the container is the sandbox: edits and shell work go through without asking); as a local process,
 *       {@code --permission-mode acceptEdits}. Either way unless the profile's arguments choose a mode or tools.</li>
 *   <li>Limits: {@code --max-turns} and {@code --max-budget-usd}; the CLI stops itself and says so in its result.
 *       The runner stops it too, as soon as the tokens of its {@code assistant} messages, at the model's price, cross
 *       the budget: the CLI checks its budget only between turns.</li>
 *   <li>Context: rules become the user-level {@code ~/.claude/CLAUDE.md} of the run's agent home (Claude Code merges it
 *       with the project's own CLAUDE.md); the home also keeps the sessions {@code --resume} continues; MCP servers go to a config file passed with
 *       {@code --mcp-config ... --strict-mcp-config}. Neither touches the workspace.</li>
 *   <li>{@code CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1} keeps it from calling home (telemetry, updates), which
 *       also stalls it on a closed network.</li>
 * </ul>
 */
public final class ClaudeCodeAgent implements AgentAdapter {
    public static final String NAME = "claude-code";
    static final String RULES_FILE = ".claude/CLAUDE.md";
    static final String MCP_FILE = "claude-mcp.json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> credentialEnv() {
        return List.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN");
    }

    @Override
    public boolean enforcesMaxTurns() {
        return true;
    }

    @Override
    public boolean reportsCost() {
        return true;
    }

    @Override
    public boolean keepsSessionsInHome() {
        return true;
    }

    @Override
    public AgentInvocation invocation(AgentTask task, ExecLayout layout) {
        List<String> command = new ArrayList<>(List.of("claude", "-p", "--output-format", "stream-json", "--verbose"));
        if (task.model() != null) {
            command.addAll(List.of("--model", task.model()));
        }
        if (task.maxTurns() != null) {
            command.addAll(List.of("--max-turns", task.maxTurns().toString()));
        }
        if (task.budgetUsd() != null) {
            command.addAll(List.of("--max-budget-usd", task.budgetUsd().toString()));
        }
        if (task.resumeSession() != null) {
            command.addAll(List.of("--resume", task.resumeSession()));
        }
        if (task.args().stream().noneMatch(arg -> arg.startsWith("--permission-mode")
                || arg.equals("--dangerously-skip-permissions"))) {
            command.addAll(layout.contained() ? List.of("--dangerously-skip-permissions")
                    : List.of("--permission-mode", "acceptEdits"));
        }
        Map<String, String> files = new LinkedHashMap<>();
        if (!task.context().mcpServers().isEmpty()) {
            files.put(MCP_FILE, McpConfigs.mcpServersJson(task.context().mcpServers()));
            command.addAll(List.of("--mcp-config", layout.inputDir() + "/" + MCP_FILE, "--strict-mcp-config"));
        }
        command.addAll(task.args());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", layout.homeDir());
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.putAll(task.env());
        if (task.endpoint() != null) {
            env.put("ANTHROPIC_BASE_URL", task.endpoint());
        }
        // Written for every run, empty without rules, so a persistent home never keeps an earlier run's rules.
        return new AgentInvocation(command, env, task.prompt(), files, Map.of(RULES_FILE, task.context().rules()));
    }

    @Override
    public OutputParser newParser(EventSink events) {
        return new StreamJsonParser(events);
    }

    /** Reads Claude Code's {@code stream-json}: system, assistant, user and result events, one per line. */
    private static final class StreamJsonParser extends JsonLinesParser {
        private static final Set<String> FILE_TOOLS = Set.of("Write", "Edit", "MultiEdit", "NotebookEdit");
        private final Set<String> messageIds = new HashSet<>();
        private final List<String> warnings = new ArrayList<>();
        private final CallUsage calls = new CallUsage();
        private final Reachability reach = new Reachability();
        private String sessionId;
        private String lastText;
        private JsonNode result;
        private Usage resultUsage;

        StreamJsonParser(EventSink events) {
            super(events);
        }

        @Override
        protected void handle(JsonNode event) {
            String type = text(event, "type");
            if (text(event, "session_id") != null) {
                sessionId = text(event, "session_id");
            }
            switch (type == null ? "" : type) {
                case "system" -> system(event);
                case "assistant" -> assistant(event);
                case "user" -> user(event);
                case "result" -> result(event);
                case "stream_event" -> {
                    // Token deltas (--include-partial-messages): the whole blocks follow as assistant events.
                }
                default -> emit(AgentEvent.Type.RAW, event.toString(), Map.of());
            }
        }

        private void system(JsonNode event) {
            String subtype = String.valueOf(text(event, "subtype"));
            switch (subtype) {
                case "init" -> {
                    // Session id and model; nothing the user needs as an event.
                }
                case "api_retry" -> apiRetry(event);
                case "status", "compact_boundary" -> {
                    // Progress notes of the CLI itself.
                }
                default -> emit(AgentEvent.Type.RAW, event.toString(), Map.of());
            }
        }

        /** A retry without {@code error_status} got no HTTP answer (refused, no route, DNS): error "unknown". */
        private void apiRetry(JsonNode event) {
            String status = text(event, "error_status");
            if (status == null) {
                reach.failedToConnect();
            } else {
                reach.replied();
            }
            emit(AgentEvent.Type.ERROR, (status == null ? "API connection failed" : "API error " + status)
                    + ", retry " + text(event, "attempt") + " of " + text(event, "max_retries"), Map.of("retry", "true"));
        }

        private void assistant(JsonNode event) {
            JsonNode message = event.path("message");
            String id = text(message, "id");
            boolean synthetic = "<synthetic>".equals(text(message, "model"));
            if (id != null && !synthetic) {
                messageIds.add(id);
                calls.message(id, text(message, "model"), message.path("usage"));
                reach.answered();
            }
            for (JsonNode block : message.path("content")) {
                switch (String.valueOf(text(block, "type"))) {
                    case "text" -> {
                        lastText = text(block, "text");
                        emit(synthetic ? AgentEvent.Type.ERROR : AgentEvent.Type.MESSAGE, lastText, Map.of());
                    }
                    case "tool_use" -> toolUse(block);
                    case "thinking", "redacted_thinking" -> {
                        // Private reasoning: not part of the report.
                    }
                    default -> emit(AgentEvent.Type.RAW, block.toString(), Map.of());
                }
            }
            if (text(event, "error") != null && !synthetic) {
                emit(AgentEvent.Type.ERROR, "API error: " + text(event, "error"), Map.of());
            }
        }

        private void toolUse(JsonNode block) {
            String tool = text(block, "name");
            JsonNode input = block.path("input");
            emit(AgentEvent.Type.TOOL_CALL, tool + " " + summary(input), Map.of("tool", tool, "id",
                    String.valueOf(text(block, "id"))));
            String path = text(input, "file_path") != null ? text(input, "file_path") : text(input, "notebook_path");
            if (FILE_TOOLS.contains(tool) && path != null) {
                emit(AgentEvent.Type.FILE_CHANGE, path, Map.of("path", path, "tool", tool));
            }
        }

        private void user(JsonNode event) {
            JsonNode content = event.path("message").path("content");
            for (JsonNode block : content) {
                if ("tool_result".equals(text(block, "type"))) {
                    Map<String, String> data = new LinkedHashMap<>();
                    data.put("id", text(block, "tool_use_id"));
                    data.put("error", block.path("is_error").asBoolean() ? "true" : null);
                    emit(AgentEvent.Type.TOOL_RESULT, resultText(block.get("content")), data);
                }
            }
        }

        private void result(JsonNode event) {
            result = event;
            JsonNode usage = event.path("usage");
            Usage reported = usage(event, calls.models());
            // Claude Code 2.1.197 ends a run it stopped at --max-budget-usd with a result whose usage is all zeros
            // (its cost is right): the model calls' tokens are then the better count.
            boolean noTokens = reported.totalTokens() == null || reported.totalTokens() == 0;
            resultUsage = noTokens && calls.total().hasTokens()
                    ? calls.total().withModels(reported.models()).withCost(reported.costUsd(), Usage.CostSource.REPORTED)
                    : reported;
            emit(AgentEvent.Type.USAGE, resultUsage.describe(), Map.of());
            Long apiStatus = number(event, "api_error_status");
            if (apiStatus != null && !event.path("is_error").asBoolean()) {
                warnings.add("the agent reported API error status " + apiStatus + " with a successful result");
            }
            if (usage.isMissingNode()) {
                warnings.add("the result carried no usage");
            }
        }

        @Override
        public int turnsSoFar() {
            return messageIds.size();
        }

        /** The result's usage once it came, else the sum of the model calls so far. */
        @Override
        public Usage usageSoFar() {
            return resultUsage != null ? resultUsage : calls.total();
        }

        @Override
        public int connectionFailures() {
            return reach.failures();
        }

        @Override
        public AgentOutcome finish(ExecResult exec) {
            if (result == null) {
                String message = lastText != null ? lastText : stderrTail();
                return new AgentOutcome(message, turnsSoFar(), calls.total(), true, "no result event", sessionId, null,
                        List.of(), List.of("the agent ended without its result event"));
            }
            String subtype = String.valueOf(text(result, "subtype"));
            List<String> errors = new ArrayList<>();
            result.path("errors").forEach(error -> errors.add(error.asText()));
            String finalMessage = text(result, "result") != null ? text(result, "result")
                    : !errors.isEmpty() ? String.join("\n", errors) : lastText;
            AgentOutcome.Limit limit = switch (subtype) {
                case "error_max_turns" -> AgentOutcome.Limit.MAX_TURNS;
                case "error_max_budget_usd" -> AgentOutcome.Limit.BUDGET;
                default -> null;
            };
            List<String> denials = new ArrayList<>();
            result.path("permission_denials").forEach(denial -> denials.add(text(denial, "tool_name") + ": "
                    + summary(denial.path("tool_input"))));
            String stopReason = text(result, "terminal_reason") != null ? text(result, "terminal_reason") : subtype;
            Long turns = number(result, "num_turns");
            return new AgentOutcome(finalMessage, turns == null ? turnsSoFar() : turns.intValue(), resultUsage,
                    result.path("is_error").asBoolean() || subtype.startsWith("error"), stopReason, sessionId, limit,
                    denials, warnings);
        }

        /**
         * The result's tokens, cache reads and writes apart, its cost and the models of its {@code modelUsage} (or
         * those the messages named, when it has none).
         */
        private static Usage usage(JsonNode result, List<String> seen) {
            JsonNode cost = result.get("total_cost_usd");
            List<String> models = new ArrayList<>();
            result.path("modelUsage").fieldNames().forEachRemaining(models::add);
            return tokens(result.path("usage"), models.isEmpty() ? seen : models)
                    .withCost(cost != null && cost.isNumber() ? cost.asDouble() : null, Usage.CostSource.REPORTED);
        }

        /** The tokens of an Anthropic API {@code usage} object. */
        private static Usage tokens(JsonNode usage, List<String> models) {
            return new Usage(number(usage, "input_tokens"), number(usage, "cache_read_input_tokens"),
                    number(usage, "cache_creation_input_tokens"), number(usage, "output_tokens"), null, null, models);
        }

        private static String resultText(JsonNode content) {
            if (content == null || content.isNull()) {
                return "";
            }
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder text = new StringBuilder();
            content.forEach(part -> {
                if (part.has("text")) {
                    text.append(text.isEmpty() ? "" : "\n").append(part.get("text").asText());
                }
            });
            return text.toString();
        }

        /**
         * The tokens of the model calls so far, from the {@code usage} each {@code assistant} message carries. The CLI
         * prints one message per content block with the usage of the call's start: input and cache tokens are whole,
         * output tokens are those of the start (the final result has them all), so the sum is a lower bound on output.
         */
        private static final class CallUsage {
            private final Set<String> models = new LinkedHashSet<>();
            private Usage closed = new Usage(0L, 0L, 0L, 0L, null, null, List.of());
            private String currentId;
            private Usage current = Usage.UNKNOWN;
            private Usage total = Usage.UNKNOWN;

            void message(String id, String model, JsonNode usage) {
                if (model != null && models.size() < Usage.MAX_MODELS) {
                    models.add(model);
                }
                if (usage.isMissingNode()) {
                    return;
                }
                if (!id.equals(currentId)) {
                    closed = plus(closed, current);
                    currentId = id;
                }
                current = tokens(usage, List.of());
                total = plus(closed, current).withModels(models());
            }

            List<String> models() {
                return List.copyOf(models);
            }

            Usage total() {
                return total;
            }

            private static Usage plus(Usage a, Usage b) {
                return new Usage(Usage.sum(a.inputTokens(), b.inputTokens()),
                        Usage.sum(a.cacheReadTokens(), b.cacheReadTokens()),
                        Usage.sum(a.cacheWriteTokens(), b.cacheWriteTokens()),
                        Usage.sum(a.outputTokens(), b.outputTokens()), null, null, List.of());
            }
        }

        /** A one-line view of a tool's input: the path or command when it has one, else the JSON. */
        private static String summary(JsonNode input) {
            for (String field : List.of("file_path", "notebook_path", "command", "pattern", "url", "path")) {
                if (input.hasNonNull(field)) {
                    return input.get(field).asText();
                }
            }
            return input.isMissingNode() ? "" : input.toString();
        }
    }
}
