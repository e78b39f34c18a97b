package io.ambient.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the Anthropic Messages API on {@code 127.0.0.1} (random port): it answers {@code HEAD /} and
 * {@code POST /v1/messages[?beta=true]} with server-sent events replaying a script of model turns, records every
 * request, and answers any other path with 404 (recorded too).
 * <p>
 * Which turn a request gets is read from the conversation it carries: the number of {@code assistant} messages
 * already in it (0 for the first turn, 1 once the first answer and its tool results came back, ...). A request
 * without tools is one of the CLI's side calls (a title, a summary) and gets a short text; a turn past the end of the
 * script gets {@link #SCRIPT_EXHAUSTED}. Every answer carries {@link #TURN_USAGE}.
 */
public final class FakeAnthropicApi implements AutoCloseable {
    /** The text of an answer past the end of the script. */
    public static final String SCRIPT_EXHAUSTED = "(the fake API has no more scripted turns)";
    /** What each answer reports having consumed, in the shape of the real API's usage. */
    public static final TurnUsage TURN_USAGE = new TurnUsage(26, 3_104, 9_870, 57);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<Turn> script;
    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger answers = new AtomicInteger();

    private FakeAnthropicApi(List<Turn> script) throws IOException {
        this.script = List.copyOf(script);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-anthropic-api");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Starts the fake, answering the model turns of {@code script} in order. */
    public static FakeAnthropicApi start(Turn... script) {
        try {
            return new FakeAnthropicApi(List.of(script));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Anthropic API", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What {@code ANTHROPIC_BASE_URL} should be. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request received, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The {@code POST /v1/messages} requests that asked for a scripted model turn (not side calls). */
    public List<Request> turnRequests() {
        return requests.stream().filter(Request::isMessages).filter(Request::hasTools).toList();
    }

    /** Requests answered 404: paths the fake does not know. */
    public List<Request> unknownRequests() {
        return requests.stream().filter(request -> request.status() == 404).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] raw = readAll(exchange.getRequestBody());
            JsonNode body = parse(raw);
            boolean head = method.equals("HEAD") && path.equals("/");
            boolean messages = method.equals("POST") && path.equals("/v1/messages") && body != null;
            // Recorded before answering: once the CLI has its answer, the test may already be looking.
            requests.add(new Request(method, exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(raw, StandardCharsets.UTF_8), body,
                    head || messages ? 200 : 404));
            if (head) {
                exchange.sendResponseHeaders(200, -1);
            } else if (messages) {
                answer(exchange, body);
            } else {
                sendJson(exchange, 404, error("not_found_error", "the fake API does not know " + method + " "
                        + exchange.getRequestURI()));
            }
        }
    }

    private void answer(HttpExchange exchange, JsonNode body) throws IOException {
        int n = answers.incrementAndGet();
        String model = body.path("model").asText("claude-sonnet-4-5");
        Turn turn;
        if (body.path("tools").isEmpty()) {
            turn = Turn.of(text("ok"));
        } else {
            int index = assistantMessages(body.path("messages"));
            turn = index < script.size() ? script.get(index) : Turn.of(text(SCRIPT_EXHAUSTED));
        }
        String messageId = String.format("msg_fake%04d", n);
        List<ObjectNode> blocks = new ArrayList<>();
        for (int i = 0; i < turn.blocks().size(); i++) {
            blocks.add(turn.blocks().get(i).toJson(String.format("toolu_fake%04d_%d", n, i)));
        }
        if (!body.path("stream").asBoolean(false)) {
            ObjectNode message = message(messageId, model, TURN_USAGE.toJson(TURN_USAGE.outputTokens()));
            message.set("content", NODES.arrayNode().addAll(blocks));
            message.put("stop_reason", turn.stopReason());
            sendJson(exchange, 200, message);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("request-id", String.format("req_fake%04d", n));
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        ObjectNode start = message(messageId, model, TURN_USAGE.toJson(1));
        start.set("content", NODES.arrayNode());
        event(out, "message_start", object("type", "message_start").set("message", start));
        for (int i = 0; i < blocks.size(); i++) {
            ObjectNode block = blocks.get(i);
            boolean isText = block.path("type").asText().equals("text");
            ObjectNode empty = block.deepCopy();
            String whole;
            if (isText) {
                whole = block.path("text").asText();
                empty.put("text", "");
            } else {
                whole = JSON.writeValueAsString(block.path("input"));
                empty.set("input", NODES.objectNode());
            }
            event(out, "content_block_start", object("type", "content_block_start").put("index", i)
                    .set("content_block", empty));
            // Two deltas per block, as the real API splits its output.
            int half = whole.length() / 2;
            for (String part : List.of(whole.substring(0, half), whole.substring(half))) {
                ObjectNode delta = isText ? object("type", "text_delta").put("text", part)
                        : object("type", "input_json_delta").put("partial_json", part);
                event(out, "content_block_delta", object("type", "content_block_delta").put("index", i)
                        .set("delta", delta));
            }
            event(out, "content_block_stop", object("type", "content_block_stop").put("index", i));
        }
        ObjectNode stop = object("stop_reason", turn.stopReason());
        stop.set("stop_sequence", NullNode.getInstance());
        event(out, "message_delta", object("type", "message_delta").<ObjectNode>set("delta", stop)
                .set("usage", object("output_tokens", TURN_USAGE.outputTokens())));
        event(out, "message_stop", object("type", "message_stop"));
    }

    private static int assistantMessages(JsonNode messages) {
        int count = 0;
        for (JsonNode message : messages) {
            if (message.path("role").asText().equals("assistant")) {
                count++;
            }
        }
        return count;
    }

    private static ObjectNode message(String id, String model, ObjectNode usage) {
        ObjectNode message = object("id", id).put("type", "message").put("role", "assistant").put("model", model);
        message.set("stop_reason", NullNode.getInstance());
        message.set("stop_sequence", NullNode.getInstance());
        message.set("usage", usage);
        return message;
    }

    private static void event(OutputStream out, String name, JsonNode data) throws IOException {
        out.write(("event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static ObjectNode error(String type, String message) {
        return object("type", "error").set("error", object("type", type).put("message", message));
    }

    private static ObjectNode object(String field, String value) {
        return NODES.objectNode().put(field, value);
    }

    private static ObjectNode object(String field, int value) {
        return NODES.objectNode().put(field, value);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static JsonNode parse(byte[] raw) {
        if (raw.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    /** A text block of a scripted turn. */
    public static Block text(String text) {
        return new Text(text);
    }

    /** A tool call of a scripted turn, e.g. {@code toolUse("Write", Map.of("file_path", ..., "content", ...))}. */
    public static Block toolUse(String name, Map<String, ?> input) {
        return new ToolUse(name, input);
    }

    /** One content block of a scripted answer. */
    public sealed interface Block permits Text, ToolUse {
        ObjectNode toJson(String toolUseId);
    }

    record Text(String text) implements Block {
        @Override
        public ObjectNode toJson(String toolUseId) {
            return object("type", "text").put("text", text);
        }
    }

    record ToolUse(String name, Map<String, ?> input) implements Block {
        @Override
        public ObjectNode toJson(String toolUseId) {
            ObjectNode block = object("type", "tool_use").put("id", toolUseId).put("name", name);
            block.set("input", JSON.valueToTree(input));
            return block;
        }
    }

    /**
     * One scripted model answer.
     *
     * @param blocks     its content, in order
     * @param stopReason {@code tool_use} when it calls a tool, else {@code end_turn}
     */
    public record Turn(List<Block> blocks, String stopReason) {
        public Turn {
            blocks = List.copyOf(blocks);
        }

        public static Turn of(Block... blocks) {
            boolean callsTool = List.of(blocks).stream().anyMatch(ToolUse.class::isInstance);
            return new Turn(List.of(blocks), callsTool ? "tool_use" : "end_turn");
        }
    }

    /**
     * Tokens one answer reports: uncached input, cache writes, cache reads and output.
     */
    public record TurnUsage(int inputTokens, int cacheCreationInputTokens, int cacheReadInputTokens, int outputTokens) {
        /** All input tokens of one answer, cached or not. */
        public long allInputTokens() {
            return (long) inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
        }

        ObjectNode toJson(int output) {
            return object("input_tokens", inputTokens).put("output_tokens", output)
                    .put("cache_creation_input_tokens", cacheCreationInputTokens)
                    .put("cache_read_input_tokens", cacheReadInputTokens);
        }
    }

    /**
     * One request as received.
     *
     * @param method  HTTP method
     * @param uri     path and query, e.g. {@code /v1/messages?beta=true}
     * @param headers request headers
     * @param rawBody the body as text
     * @param body    the body as JSON, or {@code null}
     * @param status  the status the fake answered with
     */
    public record Request(String method, String uri, Map<String, List<String>> headers, String rawBody, JsonNode body,
                          int status) {
        public boolean isMessages() {
            return method.equals("POST") && uri.startsWith("/v1/messages") && !uri.startsWith("/v1/messages/");
        }

        /** The first value of header {@code name} (any case), or {@code null}. */
        public String header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .flatMap(header -> header.getValue().stream()).findFirst().orElse(null);
        }

        public boolean hasTools() {
            return body != null && !body.path("tools").isEmpty();
        }

        /** Names of the tools offered to the model. */
        public List<String> toolNames() {
            List<String> names = new ArrayList<>();
            if (body != null) {
                body.path("tools").forEach(tool -> names.add(tool.path("name").asText()));
            }
            return names;
        }

        /** The {@code system} field as plain text: its text blocks joined, or the string itself. */
        public String systemPrompt() {
            return texts(body == null ? null : body.get("system"));
        }

        /** The text of the conversation's messages (texts and tool results), in order. */
        public String messagesText() {
            StringBuilder text = new StringBuilder();
            if (body != null) {
                for (JsonNode message : body.path("messages")) {
                    text.append(texts(message.get("content"))).append('\n');
                }
            }
            return text.toString();
        }

        /** Everything the model was shown as text: the system prompt, then the messages. */
        public String promptText() {
            return systemPrompt() + "\n" + messagesText();
        }

        private static String texts(JsonNode node) {
            if (node == null || node.isNull()) {
                return "";
            }
            if (node.isTextual()) {
                return node.asText();
            }
            StringBuilder text = new StringBuilder();
            if (node.isArray()) {
                for (JsonNode part : (ArrayNode) node) {
                    if (part.has("text")) {
                        text.append(part.path("text").asText()).append('\n');
                    } else if (part.has("content")) {
                        text.append(texts(part.get("content"))).append('\n');
                    }
                }
            }
            return text.toString();
        }
    }
}
