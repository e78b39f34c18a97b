package io.ambient.agent;

import io.ambient.InvalidInputException;
import io.ambient.context.McpConfigs;
import io.ambient.exec.ExecLayout;
import io.ambient.exec.ExecResult;
import io.ambient.exec.OutputLine;
import io.ambient.exec.StdStream;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code command} agent: runs any program as the agent. The program gets the prompt three ways, so any tool
 * can take it the way it prefers:
 * <ul>
 *   <li>on standard input (then end of file);</li>
 *   <li>as the file named by {@code AMBIENT_PROMPT_FILE} (outside the workspace, so it never shows in the patch);</li>
 *   <li>in the environment variable {@code AMBIENT_PROMPT}, when the prompt is at most {@value #MAX_ENV_PROMPT}
 *       bytes (larger values break {@code execve} limits).</li>
 * </ul>
 * {@code AMBIENT_WORKSPACE} names the workspace, {@code AMBIENT_MODEL} the model and {@code AMBIENT_ENDPOINT} the model
 * endpoint, each if one was given. Context packs
 * arrive as files outside the workspace: {@code AMBIENT_RULES_FILE} (Markdown rules) and {@code AMBIENT_MCP_FILE}
 * (MCP servers in the common {@code {"mcpServers": {...}}} JSON form), each set only when there is such context.
 * Its output is plain text: every line becomes an {@link AgentEvent.Type#OUTPUT} event and the final message is the
 * tail of stdout.
 */
public final class CommandAgent implements AgentAdapter {
    /** The name users give with {@code --agent}. */
    public static final String NAME = "command";
    /** Largest prompt also passed in the environment, in UTF-8 bytes. */
    public static final int MAX_ENV_PROMPT = 64 * 1024;
    static final String PROMPT_FILE = "prompt.md";
    static final String RULES_FILE = "rules.md";
    static final String MCP_FILE = "mcp.json";
    private static final int FINAL_MESSAGE_LINES = 20;
    private static final int FINAL_MESSAGE_CHARS = 4000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean callsModelApi() {
        return false;
    }

    @Override
    public AgentInvocation invocation(AgentTask task, ExecLayout layout) {
        if (task.args().isEmpty()) {
            throw new InvalidInputException(
                    "the command agent needs a program to run: add it after '--', e.g. ambient run --agent command ... -- ./fix.sh");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AMBIENT_PROMPT_FILE", layout.inputDir() + "/" + PROMPT_FILE);
        env.put("AMBIENT_WORKSPACE", layout.workspaceDir());
        if (task.prompt().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_ENV_PROMPT) {
            env.put("AMBIENT_PROMPT", task.prompt());
        }
        if (task.model() != null) {
            env.put("AMBIENT_MODEL", task.model());
        }
        if (task.endpoint() != null) {
            env.put("AMBIENT_ENDPOINT", task.endpoint());
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(PROMPT_FILE, task.prompt());
        if (!task.context().rules().isBlank()) {
            files.put(RULES_FILE, task.context().rules());
            env.put("AMBIENT_RULES_FILE", layout.inputDir() + "/" + RULES_FILE);
        }
        if (!task.context().mcpServers().isEmpty()) {
            files.put(MCP_FILE, McpConfigs.mcpServersJson(task.context().mcpServers()));
            env.put("AMBIENT_MCP_FILE", layout.inputDir() + "/" + MCP_FILE);
        }
        env.putAll(task.env());
        return new AgentInvocation(task.args(), env, task.prompt(), files);
    }

    @Override
    public OutputParser newParser(EventSink events) {
        return new PlainTextParser(events);
    }

    /** Every line is an output event; the last lines of stdout are the final message. */
    private static final class PlainTextParser implements OutputParser {
        private final EventSink events;
        private final Deque<String> tail = new ArrayDeque<>();
        private long seq;

        PlainTextParser(EventSink events) {
            this.events = events;
        }

        @Override
        public void accept(OutputLine line) {
            String stream = line.stream() == StdStream.STDOUT ? "stdout" : "stderr";
            events.accept(new AgentEvent(seq++, Instant.now(), AgentEvent.Type.OUTPUT, line.text(),
                    Map.of("stream", stream)));
            if (line.stream() == StdStream.STDOUT) {
                tail.addLast(line.text());
                if (tail.size() > FINAL_MESSAGE_LINES) {
                    tail.removeFirst();
                }
            }
        }

        @Override
        public AgentOutcome finish(ExecResult result) {
            String message = String.join("\n", trimBlank(List.copyOf(tail)));
            if (message.length() > FINAL_MESSAGE_CHARS) {
                message = message.substring(message.length() - FINAL_MESSAGE_CHARS);
            }
            return AgentOutcome.plain(message, "exit " + result.exitCode());
        }

        private static List<String> trimBlank(List<String> lines) {
            int from = 0;
            int to = lines.size();
            while (from < to && lines.get(from).isBlank()) {
                from++;
            }
            while (to > from && lines.get(to - 1).isBlank()) {
                to--;
            }
            return lines.subList(from, to);
        }
    }
}
