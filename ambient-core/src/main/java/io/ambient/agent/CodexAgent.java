package io.ambient.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ambient.context.McpConfigs;
import io.ambient.exec.ExecLayout;
import io.ambient.exec.ExecResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenAI's Codex CLI, run headless: {@code codex exec --json}, the prompt on stdin ({@code -} as the prompt argument).
 * <ul>
 *   <li>Credential: {@code CODEX_API_KEY}, or {@code OPENAI_API_KEY}, which is copied to {@code CODEX_API_KEY}
 *       because current builds read only the latter in {@code exec}.</li>
 *   <li>Endpoint: a {@code [model_providers.ambient]} table in {@code config.toml} ({@code base_url}, {@code env_key =
 *       "CODEX_API_KEY"}, {@code wire_api = "responses"}) chosen with {@code model_provider = "ambient"}; codex-cli
 *       0.169.0 ignores {@code OPENAI_BASE_URL}, and {@code openai} is a built-in id a table cannot redefine.</li>
 *   <li>Permissions: {@code exec} never asks for approval, so the sandbox is the only control. Unless the profile's
 *       arguments choose one it is {@code danger-full-access} in a container of its own (the container is the
 *       sandbox, and Codex's own, bwrap, cannot create a user namespace inside a container) and
 *       {@code workspace-write} as a local process.</li>
 *   <li>Limits: none in the CLI. The runner counts turns, as the parser infers them from the stream, and prices the
 *       tokens of {@code turn.completed} for a budget: {@code exec} reports them once, when its turn ends.</li>
 *   <li>Context: {@code CODEX_HOME} ({@code .codex} in the run's agent home) holds the rules as its global {@code AGENTS.md}
 *       (Codex merges it with the project's own AGENTS.md) and the MCP servers in its {@code config.toml}. Neither
 *       touches the workspace.</li>
 *   <li>{@code -c analytics.enabled=false --disable plugins} keep it from reaching for outside hosts, which also slows
 *       every run on a closed network.</li>
 *   <li>Resume: {@code codex exec resume SESSION_ID}, which rejects {@code --sandbox} (codex-cli 0.169.0), so the
 *       sandbox is passed as {@code -c sandbox_mode=...} there. Codex finds the session in
 *       {@code $CODEX_HOME/sessions}: both runs need the same persistent agent home.</li>
 * </ul>
 */
public final class CodexAgent implements AgentAdapter {
    public static final String NAME = "codex";
    static final String HOME = ".codex";
    static final String CONTAINED_SANDBOX = "danger-full-access";
    static final String LOCAL_SANDBOX = "workspace-write";
    /** Id of the model provider that points Codex at the run's endpoint. */
    static final String PROVIDER = "ambient";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> credentialEnv() {
        return List.of("CODEX_API_KEY", "OPENAI_API_KEY");
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
        boolean resume = task.resumeSession() != null;
        List<String> command = new ArrayList<>(List.of("codex", "exec"));
        if (resume) {
            command.addAll(List.of("resume", task.resumeSession()));
        }
        command.addAll(List.of("--json", "--skip-git-repo-check", "-c", "analytics.enabled=false", "--disable",
                "plugins"));
        List<String> args = resume ? sandboxAsConfig(task.args()) : task.args();
        if (!choosesSandbox(args)) {
            String sandbox = layout.contained() ? CONTAINED_SANDBOX : LOCAL_SANDBOX;
            command.addAll(resume ? List.of("-c", "sandbox_mode=\"" + sandbox + "\"") : List.of("--sandbox", sandbox));
        }
        if (task.model() != null) {
            command.addAll(List.of("-m", task.model()));
        }
        command.addAll(args);
        command.add("-");

        // Written for every run (which also creates CODEX_HOME, without which Codex refuses to start), empty when
        // there is nothing to say, so a persistent home never keeps an earlier run's rules or servers.
        Map<String, String> files = new LinkedHashMap<>();
        files.put(HOME + "/AGENTS.md", task.context().rules());
        files.put(HOME + "/config.toml", providerToml(task.endpoint())
                + McpConfigs.codexToml(task.context().mcpServers()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CODEX_HOME", layout.homeDir() + "/" + HOME);
        env.putAll(task.env());
        String openAiKey = task.env().get("OPENAI_API_KEY");
        if (task.env().getOrDefault("CODEX_API_KEY", "").isEmpty() && openAiKey != null && !openAiKey.isEmpty()) {
            env.put("CODEX_API_KEY", openAiKey);
        }
        return new AgentInvocation(command, env, task.prompt(), Map.of(), files);
    }

    /**
     * The model provider for {@code endpoint}, or nothing for Codex's own. Its top-level key comes before any table
     * of the file, as TOML requires.
     */
    private static String providerToml(String endpoint) {
        if (endpoint == null) {
            return "";
        }
        return "model_provider = \"" + PROVIDER + "\"\n\n[model_providers." + PROVIDER + "]\nname = \"" + PROVIDER
                + "\"\nbase_url = " + McpConfigs.tomlString(endpoint) + "\nenv_key = \"CODEX_API_KEY\"\n"
                + "wire_api = \"responses\"\n\n";
    }

    /** Whether the arguments set the sandbox themselves, by flag or by config. */
    private static boolean choosesSandbox(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : "";
            if (arg.equals("-s") || arg.equals("--sandbox") || arg.startsWith("--sandbox=")
                    || arg.equals("--dangerously-bypass-approvals-and-sandbox") || arg.equals("--yolo")
                    || arg.startsWith("--config=sandbox_mode=")
                    || (arg.equals("-c") || arg.equals("--config")) && next.startsWith("sandbox_mode=")) {
                return true;
            }
        }
        return false;
    }

    /** {@code --sandbox MODE} rewritten as {@code -c sandbox_mode="MODE"}, which {@code exec resume} accepts. */
    private static List<String> sandboxAsConfig(List<String> args) {
        List<String> rewritten = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("-s") || arg.equals("--sandbox")) && i + 1 < args.size()) {
                rewritten.addAll(List.of("-c", "sandbox_mode=\"" + args.get(++i) + "\""));
            } else if (arg.startsWith("--sandbox=")) {
                rewritten.addAll(List.of("-c", "sandbox_mode=\"" + arg.substring("--sandbox=".length()) + "\""));
            } else {
                rewritten.add(arg);
            }
        }
        return rewritten;
    }

    @Override
    public OutputParser newParser(EventSink events) {
        return new CodexParser(events);
    }

    /**
     * Reads {@code codex exec --json}: thread, turn and item events, one per line.
     * <p>
     * A turn is one model response, i.e. one request to the model API. The stream does not mark responses, so they
     * are inferred: a new turn begins with the first model output (a message, reasoning, a tool call) after the
     * prompt or after a tool's result went back to the model. In the captures this gives exactly the number of
     * requests the model server received (2 for a message, a command and a final message; 1 for a resumed answer; 0
     * when no request succeeded). Tool calls of one response that Codex runs one after another count as several
     * turns: an over-count stops a turn-limited run early, never late.
     */
    private static final class CodexParser extends JsonLinesParser {
        private static final int MAX_FAILURES = 20;
        /**
         * A retry's reason when no HTTP answer came: reqwest's send error (refused, no route, DNS, TLS), a dropped
         * stream, or Codex waiting for the network. A reply shows as {@code unexpected status NNN} instead.
         */
        private static final Pattern NO_ANSWER = Pattern.compile("error sending request|stream disconnected"
                + "|waiting for network|connection (refused|reset|closed)|dns error|failed to lookup address",
                Pattern.CASE_INSENSITIVE);
        private final Reachability reach = new Reachability();
        private final Set<String> startedTools = new HashSet<>();
        private final List<String> denials = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private int moreFailures;
        private boolean awaitingModel = true;
        private int turns;
        private String sessionId;
        private String lastMessage;
        private String lastError;
        private Usage usage = Usage.UNKNOWN;
        private String ending;
        private String failure;

        CodexParser(EventSink events) {
            super(events);
        }

        @Override
        protected void handle(JsonNode event) {
            String type = text(event, "type");
            switch (type == null ? "" : type) {
                case "thread.started" -> sessionId = text(event, "thread_id");
                case "turn.started" -> awaitingModel = true;
                case "item.started", "item.updated", "item.completed" -> item(type, event.path("item"), event);
                case "turn.completed" -> turnCompleted(event.path("usage"));
                case "turn.failed" -> {
                    ending = "failed";
                    String message = text(event.path("error"), "message");
                    failure = message != null ? message : lastError;
                }
                case "error" -> error(text(event, "message"));
                default -> emit(AgentEvent.Type.RAW, event.toString(), Map.of());
            }
        }

        private void item(String phase, JsonNode item, JsonNode event) {
            String id = text(item, "id");
            boolean completed = phase.equals("item.completed");
            switch (String.valueOf(text(item, "type"))) {
                case "agent_message" -> {
                    modelSpoke();
                    lastMessage = text(item, "text");
                    emit(AgentEvent.Type.MESSAGE, lastMessage, Map.of());
                }
                case "reasoning" -> modelSpoke(); // Private reasoning: not part of the report.
                case "command_execution" -> command(phase, id, item);
                case "file_change" -> {
                    modelSpoke();
                    if (completed) {
                        fileChange(id, item);
                        awaitingModel = true;
                    }
                }
                case "mcp_tool_call" -> mcpToolCall(phase, id, item);
                case "todo_list" -> {
                    // Started and updated by the model's plan tool, whose result goes straight back to the model;
                    // completed is only Codex closing the list at the end of the turn.
                    if (!completed) {
                        modelSpoke();
                        emit(AgentEvent.Type.TOOL_CALL, plan(item), Map.of("tool", "update_plan", "id",
                                String.valueOf(id)));
                        awaitingModel = true;
                    }
                }
                case "web_search" -> {
                    modelSpoke(); // Searched by the model API within the response: no new turn after it.
                    if (completed) {
                        emit(AgentEvent.Type.TOOL_CALL, text(item, "query"), Map.of("tool", "web_search", "id",
                                String.valueOf(id)));
                    }
                }
                case "error" -> emit(AgentEvent.Type.ERROR, text(item, "message"), Map.of("warning", "true"));
                default -> emit(AgentEvent.Type.RAW, event.toString(), Map.of());
            }
        }

        private void command(String phase, String id, JsonNode item) {
            String command = text(item, "command");
            if (phase.equals("item.updated")) {
                return; // The growing output; the whole of it comes with item.completed.
            }
            modelSpoke();
            if (startedTools.add(String.valueOf(id))) {
                emit(AgentEvent.Type.TOOL_CALL, command, Map.of("tool", "shell", "id", String.valueOf(id)));
            }
            if (!phase.equals("item.completed")) {
                return;
            }
            awaitingModel = true;
            String status = String.valueOf(text(item, "status"));
            Long exitCode = number(item, "exit_code");
            Map<String, String> data = new LinkedHashMap<>();
            data.put("id", id);
            data.put("exit_code", exitCode == null ? null : exitCode.toString());
            data.put("error", status.equals("failed") || status.equals("declined") ? "true" : null);
            emit(AgentEvent.Type.TOOL_RESULT, String.valueOf(text(item, "aggregated_output")), data);
            if (status.equals("declined")) {
                denials.add("shell: " + command);
            } else if (status.equals("failed")) {
                failed("a command failed" + (exitCode == null ? "" : " with exit code " + exitCode) + ": " + command);
            }
        }

        private void fileChange(String id, JsonNode item) {
            if ("failed".equals(text(item, "status"))) {
                emit(AgentEvent.Type.TOOL_RESULT, "patch failed: " + item.path("changes"), Map.of("tool",
                        "apply_patch", "id", String.valueOf(id), "error", "true"));
                failed("a patch failed to apply: " + item.path("changes"));
                return;
            }
            for (JsonNode change : item.path("changes")) {
                String path = text(change, "path");
                Map<String, String> data = new LinkedHashMap<>();
                data.put("path", path);
                data.put("kind", text(change, "kind"));
                data.put("tool", "apply_patch");
                emit(AgentEvent.Type.FILE_CHANGE, path, data);
            }
        }

        private void mcpToolCall(String phase, String id, JsonNode item) {
            if (phase.equals("item.updated")) {
                return;
            }
            modelSpoke();
            String tool = text(item, "server") + "/" + text(item, "tool");
            if (startedTools.add(String.valueOf(id))) {
                emit(AgentEvent.Type.TOOL_CALL, tool + " " + item.path("arguments"), Map.of("tool", tool, "id",
                        String.valueOf(id)));
            }
            if (!phase.equals("item.completed")) {
                return;
            }
            awaitingModel = true;
            String error = text(item.path("error"), "message");
            boolean failed = error != null || "failed".equals(text(item, "status"));
            StringBuilder result = new StringBuilder();
            item.path("result").path("content").forEach(block -> {
                if (block.hasNonNull("text")) {
                    result.append(result.isEmpty() ? "" : "\n").append(block.get("text").asText());
                }
            });
            Map<String, String> data = new LinkedHashMap<>();
            data.put("id", id);
            data.put("error", failed ? "true" : null);
            emit(AgentEvent.Type.TOOL_RESULT, error != null ? error : result.toString(), data);
            if (failed) {
                failed("an MCP tool call failed: " + tool + (error == null ? "" : ": " + error));
            }
        }

        /**
         * Retries ({@code Reconnecting... n/5 (reason)}) come as {@code error} events too: only {@code turn.failed}
         * means the run failed.
         */
        private void error(String message) {
            lastError = message;
            boolean retry = message != null && message.startsWith("Reconnecting...");
            if (retry && !message.contains("unexpected status") && NO_ANSWER.matcher(message).find()) {
                reach.failedToConnect();
            } else if (retry) {
                reach.replied();
            }
            emit(AgentEvent.Type.ERROR, message, retry ? Map.of("retry", "true") : Map.of());
        }

        /**
         * Usage is a running total for the thread, so the last report replaces the earlier ones. The stream names no
         * model: the runner takes the one asked for.
         */
        private void turnCompleted(JsonNode reported) {
            ending = "completed";
            // input_tokens includes the cached ones and output_tokens the reasoning ones.
            Long input = number(reported, "input_tokens");
            Long cached = number(reported, "cached_input_tokens");
            usage = new Usage(Usage.uncached(input, cached), cached,
                    number(reported, "cache_write_input_tokens"), number(reported, "output_tokens"), null, null,
                    List.of());
            Map<String, String> data = new LinkedHashMap<>();
            data.put("cached_input_tokens", text(reported, "cached_input_tokens"));
            data.put("reasoning_output_tokens", text(reported, "reasoning_output_tokens"));
            emit(AgentEvent.Type.USAGE, usage.describe(), data);
        }

        private void modelSpoke() {
            reach.answered();
            if (awaitingModel) {
                turns++;
                awaitingModel = false;
            }
        }

        private void failed(String warning) {
            if (failures.size() < MAX_FAILURES) {
                failures.add(warning);
            } else {
                moreFailures++;
            }
        }

        private static String plan(JsonNode item) {
            List<String> steps = new ArrayList<>();
            item.path("items").forEach(step -> steps.add((step.path("completed").asBoolean() ? "[x] " : "[ ] ")
                    + text(step, "text")));
            return String.join("\n", steps);
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
            List<String> warnings = new ArrayList<>();
            if (ending == null) {
                String message = lastMessage != null ? lastMessage : lastError != null ? lastError : stderrTail();
                return new AgentOutcome(message, turns, usage, true, "no turn end event", sessionId, null, denials,
                        List.of("the agent ended without its turn.completed or turn.failed event"));
            }
            boolean error = ending.equals("failed");
            if (!error && exec.exitCode() == 0) {
                warnings.addAll(failures); // Codex exits 0 whatever its commands did.
                if (moreFailures > 0) {
                    warnings.add("and " + moreFailures + " more failed tool calls");
                }
            }
            String finalMessage = lastMessage != null ? lastMessage : error ? failure : null;
            return new AgentOutcome(finalMessage, turns, usage, error, error ? failure : ending, sessionId, null,
                    denials, warnings);
        }
    }
}
