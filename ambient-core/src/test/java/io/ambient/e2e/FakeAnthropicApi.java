package io.ambient.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A test double of the Anthropic Messages API on {@code 127.0.0.1}: it answers {@code HEAD /} and
 * {@code POST /v1/messages[?beta=true]} with server-sent events replaying a script of model turns.
 * <p>
 * Which turn a request gets is read from the conversation it carries: the number of {@code assistant} messages
 * already in it (0 for the first turn, 1 once the first answer and its tool results came back, ...). A request
 * without tools is one of the CLI's side calls (a title, a summary) and gets a short text. Every answer carries
 * {@link #TURN_USAGE}.
 */
public final class FakeAnthropicApi extends FakeModelApi {
    /** What each answer reports having consumed, in the shape of the real API's usage. */
    public static final TurnUsage TURN_USAGE = new TurnUsage(26, 3_104, 9_870, 57);

    private FakeAnthropicApi(List<Turn> script) {
        super("fake-anthropic-api", script);
    }

    /** Starts the fake, answering the model turns of {@code script} in order; its base URL is {@link #baseUrl()}. */
    public static FakeAnthropicApi start(Turn... script) {
        return new FakeAnthropicApi(List.of(script));
    }

    @Override
    protected Kind classify(String method, String path, JsonNode body) {
        if (method.equals("HEAD") && path.equals("/")) {
            return Kind.OTHER;
        }
        if (!method.equals("POST") || !path.equals("/v1/messages") || body == null) {
            return Kind.UNKNOWN;
        }
        return body.path("tools").isEmpty() ? Kind.OTHER : Kind.TURN;
    }

    @Override
    protected JsonNode notFound(String what) {
        return object("type", "error").set("error", object("type", "not_found_error").put("message", what));
    }

    @Override
    protected void answer(HttpExchange exchange, Request request) throws IOException {
        if (request.method().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        JsonNode body = request.body();
        int n = nextAnswer();
        String model = body.path("model").asText("claude-sonnet-4-5");
        Turn turn = request.kind() == Kind.TURN ? turn(assistantMessages(body.path("messages"))) : Turn.of(text("ok"));
        String stopReason = turn.callsTool() ? "tool_use" : "end_turn";
        String messageId = String.format("msg_fake%04d", n);
        List<ObjectNode> blocks = new ArrayList<>();
        for (int i = 0; i < turn.blocks().size(); i++) {
            blocks.add(toJson(turn.blocks().get(i), String.format("toolu_fake%04d_%d", n, i)));
        }
        if (!body.path("stream").asBoolean(false)) {
            ObjectNode message = message(messageId, model, TURN_USAGE.toJson(TURN_USAGE.outputTokens()));
            message.set("content", NODES.arrayNode().addAll(blocks));
            message.put("stop_reason", stopReason);
            sendJson(exchange, 200, message);
            return;
        }
        exchange.getResponseHeaders().set("request-id", String.format("req_fake%04d", n));
        OutputStream out = startEvents(exchange);
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
        ObjectNode stop = object("stop_reason", stopReason);
        stop.set("stop_sequence", NullNode.getInstance());
        event(out, "message_delta", object("type", "message_delta").<ObjectNode>set("delta", stop)
                .set("usage", object("output_tokens", TURN_USAGE.outputTokens())));
        event(out, "message_stop", object("type", "message_stop"));
    }

    private static ObjectNode toJson(Block block, String toolUseId) {
        if (block instanceof Text text) {
            return object("type", "text").put("text", text.text());
        }
        if (block instanceof ToolCall call) {
            return object("type", "tool_use").put("id", toolUseId).put("name", call.name())
                    .set("input", call.inputJson());
        }
        throw new IllegalArgumentException("the Messages API has no free-form tools: " + block);
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

    /** Names of the tools offered to the model in {@code request}. */
    public static List<String> toolNames(Request request) {
        List<String> names = new ArrayList<>();
        if (request.body() != null) {
            request.body().path("tools").forEach(tool -> names.add(tool.path("name").asText()));
        }
        return names;
    }

    /** The text of the conversation's messages (texts and tool results) in {@code request}, in order. */
    public static String messagesText(Request request) {
        StringBuilder text = new StringBuilder();
        if (request.body() != null) {
            for (JsonNode message : request.body().path("messages")) {
                text.append(texts(message.get("content"))).append('\n');
            }
        }
        return text.toString();
    }

    /** Everything {@code request} showed the model as text: the {@code system} field, then the messages. */
    public static String promptText(Request request) {
        return texts(request.body() == null ? null : request.body().get("system")) + "\n" + messagesText(request);
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
}
