package io.ambient.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the scripted model APIs ({@link FakeAnthropicApi}, {@link FakeOpenAiResponsesApi}, {@link FakeGeminiApi})
 * share: an HTTP server on {@code 127.0.0.1} (random port) that records every request, answers the paths its API
 * knows from a script of model turns, and any other path with 404 (recorded too); the script's turns and blocks,
 * which each API renders in its own wire format; and writing server-sent events.
 * <p>
 * Which turn a request gets is read from the conversation it carries (each API says how), so a retried request gets
 * the same turn again; a turn past the end of the script gets {@link #SCRIPT_EXHAUSTED}.
 */
public abstract class FakeModelApi implements AutoCloseable {
    /** The text of an answer past the end of the script. */
    public static final String SCRIPT_EXHAUSTED = "(the fake API has no more scripted turns)";

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<Turn> script;
    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger answers = new AtomicInteger();

    /** Starts serving {@code script}; {@code name} names the server's threads. */
    protected FakeModelApi(String name, List<Turn> script) {
        this.script = List.copyOf(script);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name, e);
        }
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** What a request is to this API. */
    public enum Kind {
        /** A request for the next model turn of the conversation: answered from the script. */
        TURN,
        /** A request the API knows that is not a scripted turn (a probe, a side call for a title). */
        OTHER,
        /** A path the fake does not know: answered 404. */
        UNKNOWN
    }

    /** What {@code method path} with {@code body} (JSON, or {@code null}) is to this API. */
    protected abstract Kind classify(String method, String path, JsonNode body);

    /** Answers a request {@link #classify} did not call {@link Kind#UNKNOWN}. */
    protected abstract void answer(HttpExchange exchange, Request request) throws IOException;

    /** The body of a 404 answer, in the API's error shape. */
    protected abstract JsonNode notFound(String what);

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, without a path. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request received, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests that asked for a scripted model turn (not side calls), in order. */
    public List<Request> turnRequests() {
        return requests.stream().filter(request -> request.kind() == Kind.TURN).toList();
    }

    /** Requests answered 404: paths the fake does not know. */
    public List<Request> unknownRequests() {
        return requests.stream().filter(request -> request.kind() == Kind.UNKNOWN).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** The scripted turn after {@code answered} model turns of the conversation. */
    protected Turn turn(int answered) {
        return answered < script.size() ? script.get(answered) : Turn.of(text(SCRIPT_EXHAUSTED));
    }

    /** A number for this answer's ids: 1 for the first answer, 2 for the next... */
    protected int nextAnswer() {
        return answers.incrementAndGet();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            JsonNode body = parse(raw);
            Kind kind = classify(method, exchange.getRequestURI().getPath(), body);
            Request request = new Request(method, exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(raw, StandardCharsets.UTF_8), body,
                    kind == Kind.UNKNOWN ? 404 : 200, kind);
            // Recorded before answering: once the CLI has its answer, the test may already be looking.
            requests.add(request);
            if (kind == Kind.UNKNOWN) {
                sendJson(exchange, 404, notFound("the fake API does not know " + method + " " + request.uri()));
            } else {
                answer(exchange, request);
            }
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

    /** Starts a 200 answer of server-sent events; write them with {@link #event}. */
    protected static OutputStream startEvents(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** One server-sent event; {@code name} {@code null} for a data-only event. */
    protected static void event(OutputStream out, String name, JsonNode data) throws IOException {
        String frame = (name == null ? "" : "event: " + name + "\n") + "data: " + JSON.writeValueAsString(data)
                + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    protected static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    protected static ObjectNode object(String field, String value) {
        return NODES.objectNode().put(field, value);
    }

    protected static ObjectNode object(String field, int value) {
        return NODES.objectNode().put(field, value);
    }

    /** A text block of a scripted turn. */
    public static Block text(String text) {
        return new Text(text);
    }

    /** A call of a tool taking JSON arguments, e.g. {@code toolCall("Write", Map.of("file_path", ..., ...))}. */
    public static Block toolCall(String name, Map<String, ?> input) {
        return new ToolCall(name, input);
    }

    /** A call of a tool taking free-form text, such as Codex's {@code apply_patch}. */
    public static Block customToolCall(String name, String input) {
        return new CustomToolCall(name, input);
    }

    /** One content block of a scripted answer. */
    public sealed interface Block permits Text, ToolCall, CustomToolCall {
    }

    /** Text the model says. */
    public record Text(String text) implements Block {
    }

    /** A tool call with JSON arguments. */
    public record ToolCall(String name, Map<String, ?> input) implements Block {
        /** The arguments as JSON. */
        public ObjectNode inputJson() {
            return JSON.valueToTree(input);
        }
    }

    /** A tool call with a free-form text input. */
    public record CustomToolCall(String name, String input) implements Block {
    }

    /** One scripted model answer: its content, in order. */
    public record Turn(List<Block> blocks) {
        public Turn {
            blocks = List.copyOf(blocks);
        }

        public static Turn of(Block... blocks) {
            return new Turn(List.of(blocks));
        }

        /** Whether the answer asks for a tool. */
        public boolean callsTool() {
            return blocks.stream().anyMatch(block -> !(block instanceof Text));
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
     * @param kind    what the request was to the fake
     */
    public record Request(String method, String uri, Map<String, List<String>> headers, String rawBody, JsonNode body,
                          int status, Kind kind) {
        /** The first value of header {@code name} (any case), or {@code null}. */
        public String header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .flatMap(header -> header.getValue().stream()).findFirst().orElse(null);
        }
    }
}
