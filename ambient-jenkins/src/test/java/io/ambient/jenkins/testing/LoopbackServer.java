package io.ambient.jenkins.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback standing in for GitHub and the tracking endpoint, which cannot be reached here: it
 * answers with the responses queued, in order, and records every request. Built on the JDK's server, so that the
 * tests depend on no HTTP client library: the plugin runs on the OkHttp that Jenkins' okhttp-api plugin ships, and a
 * test server built on another OkHttp would not load next to it.
 */
public final class LoopbackServer implements AutoCloseable {
    /** One response to give. */
    public record Response(int status, String contentType, String body) {
        /** A JSON response. */
        public static Response json(int status, String body) {
            return new Response(status, "application/json", body);
        }

        /** A response without a body. */
        public static Response empty(int status) {
            return new Response(status, null, "");
        }
    }

    /** One request as the server received it. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        /** The first value of a header (names are case-insensitive), or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();

    private LoopbackServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server on a free loopback port. */
    public static LoopbackServer start() {
        return startOn(0);
    }

    /** A server on {@code port} of loopback, e.g. the port an earlier server had. */
    public static LoopbackServer startOn(int port) {
        try {
            return new LoopbackServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of {@code path} (starting with /) on this server. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Queues the response to the next request that has none yet. */
    public LoopbackServer enqueue(Response response) {
        responses.add(response);
        return this;
    }

    /** The next request received, waiting up to {@code seconds} for it; {@code null} when none came. */
    public Request takeRequest(long seconds) throws InterruptedException {
        return requests.poll(seconds, TimeUnit.SECONDS);
    }

    /** How many requests the server received. */
    public int requestCount() {
        return requestCount.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    Collections.unmodifiableMap(headers), body));
            requestCount.incrementAndGet();
            Response response = responses.poll();
            if (response == null) {
                response = Response.json(599, "{\"message\": \"the test queued no response for this request\"}");
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            if (response.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
            }
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Stops at once: a client still connected sees the connection refused or reset. */
    @Override
    public void close() {
        server.stop(0);
    }
}
