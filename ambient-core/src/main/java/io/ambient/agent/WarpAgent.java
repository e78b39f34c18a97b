package io.ambient.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ambient.InvalidInputException;
import io.ambient.context.McpConfigs;
import io.ambient.exec.ExecLayout;
import io.ambient.exec.ExecResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warp's agent, run headless through the Oz CLI: {@code oz agent run --prompt ... --output-format ndjson --cwd
 * <workspace>}.
 * <ul>
 *   <li>Binary: {@code oz} (formerly {@code warp-cli}). Warp's docs call it deprecated in favour of the new
 *       {@code warp} binary, with {@code oz} commands supported through the end of September 2026; the {@code warp}
 *       binary is an interactive TUI with no documented prompt or output-format flag, so {@code oz} is the only
 *       headless way today.</li>
 *   <li>Output: {@code ndjson}, one JSON object per line. {@code json} prints the same lines today; {@code ndjson}
 *       names that contract. The stream has no usage, cost or final status: the exit code decides success.</li>
 *   <li>Credential: {@code WARP_API_KEY}.</li>
 *   <li>Endpoint: none; {@code oz} talks to Warp's own service, so a run given one is refused.</li>
 *   <li>Limits: none in the CLI; the runner counts turns.</li>
 *   <li>Context: Warp has no user-level rules file that {@code oz} is known to read (its rules are project files,
 *       which would show in the patch, or cloud-synced global rules), so the rules go in front of the prompt in a
 *       delimited {@code <rules>} preamble. MCP servers go to a JSON file in the input directory passed with
 *       {@code --mcp} (which takes an id, a file or inline JSON). Whether Warp expands {@code ${NAME}} references in
 *       that file is not documented.</li>
 *   <li>Resume: {@code --conversation <id>}, the id of the {@code conversation_started} event.</li>
 * </ul>
 * Not verified against a real run: the CLI could not be installed here. The parser follows the serde definitions of
 * Warp's {@code agent_sdk/driver/output.rs} (see {@code src/test/resources/streams/README-gemini-warp.md}).
 */
public final class WarpAgent implements AgentAdapter {
    public static final String NAME = "warp";
    static final String MCP_FILE = "warp-mcp.json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> credentialEnv() {
        return List.of("WARP_API_KEY");
    }

    @Override
    public AgentInvocation invocation(AgentTask task, ExecLayout layout) {
        if (task.endpoint() != null) {
            throw new InvalidInputException("agent warp runs on Warp's own service and cannot use another model "
                    + "endpoint: drop the endpoint (--endpoint; in Jenkins, endpoint) or use claude-code, codex or gemini");
        }
        List<String> command = new ArrayList<>(List.of("oz", "agent", "run", "--prompt", prompt(task),
                "--output-format", "ndjson", "--cwd", layout.workspaceDir()));
        if (task.model() != null) {
            command.addAll(List.of("--model", task.model()));
        }
        if (task.resumeSession() != null) {
            command.addAll(List.of("--conversation", task.resumeSession()));
        }
        Map<String, String> files = new LinkedHashMap<>();
        if (!task.context().mcpServers().isEmpty()) {
            files.put(MCP_FILE, McpConfigs.mcpServersJson(task.context().mcpServers()));
            command.addAll(List.of("--mcp", layout.inputDir() + "/" + MCP_FILE));
        }
        command.addAll(task.args());
        return new AgentInvocation(command, new LinkedHashMap<>(task.env()), null, files);
    }

    /** The prompt, after the rules when there are any: the CLI takes the prompt only as an argument. */
    static String prompt(AgentTask task) {
        String rules = task.context().rules();
        if (rules.isBlank()) {
            return task.prompt();
        }
        return "<rules>\nFollow these rules for the task below.\n\n" + rules.strip() + "\n</rules>\n\n" + task.prompt();
    }

    @Override
    public OutputParser newParser(EventSink events) {
        return new NdjsonParser(events);
    }

    /**
     * Reads {@code oz agent run}'s ndjson: system, agent, agent_reasoning, tool_call, tool_result, tool_error,
     * tool_canceled and a few progress events. A tool call has no id; its result is the next result line. The stream
     * has no turn boundaries: a turn is counted at the first agent text or tool call after a tool's result.
     */
    private static final class NdjsonParser extends JsonLinesParser {
        /** Longest final message kept; the message event itself is capped at {@link #MAX_TEXT}. */
        static final int MAX_FINAL_TEXT = 64 * 1024;

        private String sessionId;
        private String runId;
        private String lastText;
        private String lastTool;
        private boolean inTurn;
        private int turns;
        private int failedTools;
        private String firstFailure;

        NdjsonParser(EventSink events) {
            super(events);
        }

        @Override
        protected void handle(JsonNode event) {
            switch (String.valueOf(text(event, "type"))) {
                case "system" -> system(event);
                case "agent" -> agent(event);
                case "agent_reasoning" -> startTurn(); // Private reasoning: not part of the report, but a turn.
                case "update_todos", "complete_todos" -> {
                    // The agent's own to-do list: not part of the report.
                }
                case "tool_call" -> toolCall(event);
                case "tool_result" -> toolResult(event);
                case "tool_error" -> failed(text(event, "error"));
                case "tool_canceled" -> failed("canceled");
                case "artifact_created" -> artifact(event);
                case "Subagent" -> emit(AgentEvent.Type.TOOL_CALL, "subagent " + text(event, "task_id"),
                        Map.of("tool", "subagent"));
                case "SkillInvoked" -> emit(AgentEvent.Type.TOOL_CALL, "skill " + text(event, "name"),
                        Map.of("tool", "skill"));
                default -> emit(AgentEvent.Type.RAW, event.toString(), Map.of());
            }
        }

        private void system(JsonNode event) {
            switch (String.valueOf(text(event, "event_type"))) {
                case "conversation_started" -> sessionId = text(event, "conversation_id");
                case "run_started" -> runId = text(event, "run_id");
                case "shared_session_established" -> {
                    // A link for watching the run live: nothing for the report.
                }
                default -> emit(AgentEvent.Type.RAW, event.toString(), Map.of());
            }
        }

        private void agent(JsonNode event) {
            startTurn();
            String text = text(event, "text");
            if (text == null) {
                return;
            }
            text = text.strip();
            lastText = text.length() <= MAX_FINAL_TEXT ? text : text.substring(0, MAX_FINAL_TEXT) + "… (truncated)";
            emit(AgentEvent.Type.MESSAGE, text, Map.of());
        }

        private void startTurn() {
            if (!inTurn) {
                inTurn = true;
                turns++;
            }
        }

        private void toolCall(JsonNode event) {
            startTurn();
            String tool = String.valueOf(text(event, "tool"));
            lastTool = tool;
            emit(AgentEvent.Type.TOOL_CALL, tool + " " + summary(tool, event), Map.of("tool", tool));
            if ("edit_files".equals(tool)) {
                for (JsonNode path : event.path("file_paths")) {
                    emit(AgentEvent.Type.FILE_CHANGE, path.asText(), Map.of("path", path.asText(), "tool", tool));
                }
            }
        }

        private void toolResult(JsonNode event) {
            String tool = String.valueOf(text(event, "tool"));
            if ("run_command".equals(tool) && "running".equals(text(event, "status"))) {
                // A snapshot of a long-running command; its completion follows.
                return;
            }
            inTurn = false;
            Map<String, String> data = new LinkedHashMap<>();
            data.put("tool", tool);
            String text = switch (tool) {
                case "run_command" -> {
                    Long exitCode = number(event, "exit_code");
                    data.put("exit_code", exitCode == null ? null : exitCode.toString());
                    yield text(event, "output");
                }
                case "edit_files" -> text(event, "diff");
                case "read_files", "search_codebase", "grep", "file_glob" -> paths(event);
                case "call_mcp_tool" -> mcpText(event.path("result"));
                default -> event.toString();
            };
            if ("call_mcp_tool".equals(tool) && event.path("result").path("isError").asBoolean()) {
                data.put("error", "true");
            }
            emit(AgentEvent.Type.TOOL_RESULT, text == null ? "" : text, data);
        }

        /** A tool that failed or was canceled: its result, marked as an error. */
        private void failed(String error) {
            inTurn = false;
            String message = error == null ? "failed" : error;
            Map<String, String> data = new LinkedHashMap<>();
            data.put("tool", lastTool);
            data.put("error", "true");
            emit(AgentEvent.Type.TOOL_RESULT, message, data);
            failedTools++;
            if (firstFailure == null) {
                firstFailure = cap((lastTool == null ? "a tool" : lastTool) + ": " + message);
            }
        }

        private void artifact(JsonNode event) {
            String type = String.valueOf(text(event, "artifact_type"));
            String what = switch (type) {
                case "pull_request" -> text(event, "url");
                case "file" -> text(event, "filepath");
                case "plan" -> text(event, "title");
                default -> text(event, "artifact_uid");
            };
            emit(AgentEvent.Type.TOOL_RESULT, "created " + type.replace('_', ' ') + " " + what,
                    Map.of("tool", "artifact_created", "artifact_type", type));
        }

        @Override
        public int turnsSoFar() {
            return turns;
        }

        @Override
        public AgentOutcome finish(ExecResult exec) {
            int code = exec.exitCode();
            List<String> warnings = new ArrayList<>();
            if (failedTools > 0) {
                warnings.add(failedTools + " tool call" + (failedTools == 1 ? "" : "s") + " failed, first "
                        + firstFailure);
            }
            if (code != 0) {
                // The stream has no error event: what went wrong is on stderr.
                String stderr = stderrTail();
                String message = !stderr.isBlank() ? stderr : lastText;
                return new AgentOutcome(message, turns, Usage.UNKNOWN, true, "exit code " + code, sessionId, null,
                        List.of(), warnings);
            }
            if (lastText == null) {
                warnings.add("the agent ended without a message");
            }
            if (sessionId == null && runId == null) {
                warnings.add("the agent never reported its conversation");
            }
            return new AgentOutcome(lastText != null ? lastText : stderrTail(), turns, Usage.UNKNOWN, false,
                    "completed", sessionId, null, List.of(), warnings);
        }

        /** A one-line view of a tool call: its command, paths or query, else the JSON. */
        private static String summary(String tool, JsonNode event) {
            return switch (tool) {
                case "run_command" -> String.valueOf(text(event, "command"));
                case "edit_files" -> join(event.path("file_paths"));
                case "read_files" -> paths(event);
                case "search_codebase" -> String.valueOf(text(event, "query"));
                case "grep" -> join(event.path("queries")) + " in " + text(event, "path");
                case "file_glob" -> join(event.path("patterns"));
                case "upload_artifact" -> String.valueOf(text(event, "path"));
                case "read_mcp_resource", "call_mcp_tool" -> String.valueOf(text(event, "name"));
                default -> "";
            };
        }

        /** The paths of a {@code files} list, comma-separated. */
        private static String paths(JsonNode event) {
            List<String> paths = new ArrayList<>();
            event.path("files").forEach(file -> paths.add(file.path("path").asText()));
            event.path("failed_files").forEach(file -> paths.add(file.path("path").asText() + " (failed: "
                    + file.path("message").asText() + ")"));
            return String.join(", ", paths);
        }

        private static String join(JsonNode array) {
            List<String> values = new ArrayList<>();
            array.forEach(value -> values.add(value.asText()));
            return String.join(", ", values);
        }

        /** The text parts of an MCP {@code CallToolResult}. */
        private static String mcpText(JsonNode result) {
            StringBuilder text = new StringBuilder();
            result.path("content").forEach(part -> {
                if (part.has("text")) {
                    text.append(text.isEmpty() ? "" : "\n").append(part.get("text").asText());
                }
            });
            return text.isEmpty() ? result.toString() : text.toString();
        }
    }
}
