package io.ambient.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * A test double of the OpenAI Responses API on {@code 127.0.0.1}, as Codex CLI streams it: {@code POST /v1/responses}
 * with {@code stream: true} is answered with server-sent events ({@code response.created}, per output item
 * {@code response.output_item.added}, {@code response.output_text.delta} for a message, {@code
 * response.output_item.done}, then {@code response.completed} with {@link #USAGE}), in the shapes
 * {@code codex-rs/codex-api/src/sse/responses.rs} reads.
 * <p>
 * Blocks become output items: {@link Text} a {@code message}, {@link ToolCall} a {@code function_call} (its arguments a
 * JSON string), {@link CustomToolCall} a {@code custom_tool_call} (Codex's free-form {@code apply_patch}). Which turn
 * a request gets is the number of tool results already in its {@code input}, so a scripted turn calls at most one
 * tool. A request without tools is a side call and gets a short text.
 */
public final class FakeOpenAiResponsesApi extends FakeModelApi {
    /** What each answer reports having consumed: input (200 of them cached), output (7 of them reasoning). */
    public static final Usage USAGE = new Usage(1_234, 200, 56, 7);

    private static final Set<String> TOOL_RESULTS = Set.of("function_call_output", "custom_tool_call_output",
            "local_shell_call_output");

    private FakeOpenAiResponsesApi(List<Turn> script) {
        super("fake-openai-responses-api", script);
        script.forEach(turn -> {
            if (turn.blocks().stream().filter(block -> !(block instanceof Text)).count() > 1) {
                throw new IllegalArgumentException("one tool call per scripted turn: " + turn);
            }
        });
    }

    /** Starts the fake, answering the model turns of {@code script} in order. */
    public static FakeOpenAiResponsesApi start(Turn... script) {
        return new FakeOpenAiResponsesApi(List.of(script));
    }

    /** What a model provider's {@code base_url} should be: the API's root, {@code .../v1}. */
    public String apiUrl() {
        return baseUrl() + "/v1";
    }

    @Override
    protected Kind classify(String method, String path, JsonNode body) {
        if (!method.equals("POST") || !path.equals("/v1/responses") || body == null) {
            return Kind.UNKNOWN;
        }
        return body.path("tools").isEmpty() ? Kind.OTHER : Kind.TURN;
    }

    @Override
    protected JsonNode notFound(String what) {
        return NODES.objectNode().set("error", object("message", what).put("type", "invalid_request_error")
                .put("code", "not_found"));
    }

    @Override
    protected void answer(HttpExchange exchange, Request request) throws IOException {
        JsonNode body = request.body();
        int n = nextAnswer();
        Turn turn = request.kind() == Kind.TURN ? turn(toolResults(body.path("input"))) : Turn.of(text("ok"));
        String responseId = String.format("resp_fake%04d", n);
        String model = body.path("model").asText("gpt-5.5");
        exchange.getResponseHeaders().set("x-request-id", String.format("req_fake%04d", n));
        OutputStream out = startEvents(exchange);
        event(out, "response.created", object("type", "response.created")
                .set("response", response(responseId, model, "in_progress")));
        ArrayNode output = NODES.arrayNode();
        for (int i = 0; i < turn.blocks().size(); i++) {
            ObjectNode item = item(turn.blocks().get(i), String.format("fake%04d_%d", n, i));
            ObjectNode added = item.deepCopy();
            added.put("status", "in_progress");
            if (item.has("content")) {
                added.set("content", NODES.arrayNode());
            }
            event(out, "response.output_item.added", object("type", "response.output_item.added")
                    .put("output_index", i).set("item", added));
            if (item.has("content")) {
                // Two deltas, as the real API splits its output.
                String whole = item.path("content").path(0).path("text").asText();
                int half = whole.length() / 2;
                for (String part : List.of(whole.substring(0, half), whole.substring(half))) {
                    event(out, "response.output_text.delta", object("type", "response.output_text.delta")
                            .put("item_id", item.path("id").asText()).put("output_index", i)
                            .put("content_index", 0).put("delta", part));
                }
            }
            event(out, "response.output_item.done", object("type", "response.output_item.done")
                    .put("output_index", i).set("item", item));
            output.add(item);
        }
        ObjectNode completed = response(responseId, model, "completed");
        completed.set("output", output);
        completed.set("usage", USAGE.toJson());
        event(out, "response.completed", object("type", "response.completed").set("response", completed));
    }

    private static ObjectNode item(Block block, String id) throws IOException {
        if (block instanceof Text text) {
            ObjectNode item = object("type", "message").put("id", "msg_" + id).put("role", "assistant")
                    .put("status", "completed");
            item.putArray("content").addObject().put("type", "output_text").put("text", text.text())
                    .putArray("annotations");
            return item;
        }
        if (block instanceof ToolCall call) {
            return object("type", "function_call").put("id", "fc_" + id).put("call_id", "call_" + id)
                    .put("name", call.name()).put("arguments", JSON.writeValueAsString(call.inputJson()))
                    .put("status", "completed");
        }
        CustomToolCall call = (CustomToolCall) block;
        return object("type", "custom_tool_call").put("id", "ctc_" + id).put("call_id", "call_" + id)
                .put("name", call.name()).put("input", call.input()).put("status", "completed");
    }

    private static ObjectNode response(String id, String model, String status) {
        ObjectNode response = object("id", id).put("object", "response").put("status", status).put("model", model);
        response.putArray("output");
        return response;
    }

    private static int toolResults(JsonNode input) {
        int count = 0;
        for (JsonNode item : input) {
            if (TOOL_RESULTS.contains(item.path("type").asText())) {
                count++;
            }
        }
        return count;
    }

    /** Tokens one answer reports, in the shape of {@code response.completed}'s usage. */
    public record Usage(int inputTokens, int cachedTokens, int outputTokens, int reasoningTokens) {
        ObjectNode toJson() {
            ObjectNode usage = object("input_tokens", inputTokens).put("output_tokens", outputTokens)
                    .put("total_tokens", inputTokens + outputTokens);
            usage.set("input_tokens_details", object("cached_tokens", cachedTokens));
            usage.set("output_tokens_details", object("reasoning_tokens", reasoningTokens));
            return usage;
        }
    }
}
