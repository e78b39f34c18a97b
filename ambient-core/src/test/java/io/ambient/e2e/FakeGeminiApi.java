package io.ambient.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test double of the Gemini API on {@code 127.0.0.1}, as Gemini CLI (through {@code @google/genai}) calls it:
 * {@code POST /v1beta/models/MODEL:streamGenerateContent?alt=sse} is answered with data-only server-sent events, each
 * a {@code GenerateContentResponse} chunk ({@code candidates[0].content.parts}: texts in two pieces, then each
 * {@code functionCall}); the last chunk has {@code finishReason: STOP} and {@link #USAGE}. {@code :generateContent}
 * (the CLI's side calls) gets the same answer as one JSON object, {@code :countTokens} a count.
 * <p>
 * Which turn a request gets is the number of {@code model} turns already in its {@code contents}. A request without
 * tools is a side call and gets a short text.
 */
public final class FakeGeminiApi extends FakeModelApi {
    /** What each answer reports: prompt tokens (200 of them cached) and candidate tokens. */
    public static final Usage USAGE = new Usage(1_200, 200, 30);

    private static final Pattern MODEL_CALL = Pattern.compile(
            "/v1beta/models/([^/:]+):(streamGenerateContent|generateContent|countTokens)");

    private FakeGeminiApi(List<Turn> script) {
        super("fake-gemini-api", script);
    }

    /** Starts the fake, answering the model turns of {@code script} in order; {@code GOOGLE_GEMINI_BASE_URL} is
     * {@link #baseUrl()}. */
    public static FakeGeminiApi start(Turn... script) {
        return new FakeGeminiApi(List.of(script));
    }

    @Override
    protected Kind classify(String method, String path, JsonNode body) {
        Matcher call = MODEL_CALL.matcher(path);
        if (!method.equals("POST") || !call.matches() || body == null) {
            return Kind.UNKNOWN;
        }
        boolean turn = call.group(2).equals("streamGenerateContent") && !body.path("tools").isEmpty();
        return turn ? Kind.TURN : Kind.OTHER;
    }

    @Override
    protected JsonNode notFound(String what) {
        return NODES.objectNode().set("error", object("code", 404).put("message", what).put("status", "NOT_FOUND"));
    }

    @Override
    protected void answer(HttpExchange exchange, Request request) throws IOException {
        int n = nextAnswer();
        Matcher call = MODEL_CALL.matcher(request.uri().replaceFirst("\\?.*", ""));
        call.matches();
        String model = call.group(1);
        if (call.group(2).equals("countTokens")) {
            sendJson(exchange, 200, object("totalTokens", USAGE.promptTokens()));
            return;
        }
        Turn turn = request.kind() == Kind.TURN ? turn(modelTurns(request.body().path("contents")))
                : Turn.of(text("ok"));
        List<ObjectNode> parts = new ArrayList<>();
        for (Block block : turn.blocks()) {
            parts.addAll(parts(block));
        }
        String responseId = String.format("fake%04d", n);
        if (call.group(2).equals("generateContent")) {
            sendJson(exchange, 200, chunk(parts, model, responseId, true));
            return;
        }
        OutputStream out = startEvents(exchange);
        for (int i = 0; i < parts.size(); i++) {
            event(out, null, chunk(List.of(parts.get(i)), model, responseId, i == parts.size() - 1));
        }
    }

    /** A text as two parts, as the real API streams it; a call as one {@code functionCall} part. */
    private static List<ObjectNode> parts(Block block) {
        if (block instanceof Text text) {
            int half = text.text().length() / 2;
            return List.of(object("text", text.text().substring(0, half)),
                    object("text", text.text().substring(half)));
        }
        if (block instanceof ToolCall call) {
            ObjectNode part = NODES.objectNode();
            part.putObject("functionCall").put("name", call.name()).set("args", call.inputJson());
            return List.of(part);
        }
        throw new IllegalArgumentException("the Gemini API has no free-form tools: " + block);
    }

    private static ObjectNode chunk(List<ObjectNode> parts, String model, String responseId, boolean last) {
        ObjectNode chunk = NODES.objectNode();
        ObjectNode candidate = chunk.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addAll(parts);
        content.put("role", "model");
        candidate.put("index", 0);
        if (last) {
            candidate.put("finishReason", "STOP");
            chunk.set("usageMetadata", USAGE.toJson());
        }
        return chunk.put("modelVersion", model).put("responseId", responseId);
    }

    private static int modelTurns(JsonNode contents) {
        int count = 0;
        for (JsonNode content : contents) {
            if (content.path("role").asText().equals("model")) {
                count++;
            }
        }
        return count;
    }

    /** The text of everything {@code request} showed the model: its system instruction and its contents. */
    public static String promptText(Request request) {
        StringBuilder text = new StringBuilder();
        if (request.body() != null) {
            texts(request.body().path("systemInstruction").path("parts"), text);
            request.body().path("contents").forEach(content -> texts(content.path("parts"), text));
        }
        return text.toString();
    }

    private static void texts(JsonNode parts, StringBuilder text) {
        for (JsonNode part : (parts instanceof ArrayNode array ? array : NODES.arrayNode())) {
            if (part.has("text")) {
                text.append(part.path("text").asText()).append('\n');
            }
        }
    }

    /** Tokens one answer reports, in the shape of {@code usageMetadata}. */
    public record Usage(int promptTokens, int cachedTokens, int candidatesTokens) {
        ObjectNode toJson() {
            return object("promptTokenCount", promptTokens).put("cachedContentTokenCount", cachedTokens)
                    .put("candidatesTokenCount", candidatesTokens)
                    .put("totalTokenCount", promptTokens + candidatesTokens);
        }
    }
}
