package io.ambient.jenkins.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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

    /**
     * Serves the bare repository {@code bareRepository} over git's smart HTTP protocol at {@code urlPath} (e.g.
     * {@code /o/r.git}) with the real {@code git http-backend}, as a git host does: fetches and pushes need HTTP basic
     * authentication whose password is {@code token}. Git requests are not recorded with the API requests.
     */
    public LoopbackServer serveGit(String urlPath, Path bareRepository, String token) {
        server.createContext(urlPath, exchange -> {
            try (exchange) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization == null || !basicPassword(authorization).equals(token)) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                gitHttpBackend(exchange, urlPath, bareRepository);
            }
        });
        return this;
    }

    /** The password of a basic authorization header, whatever the user name; "" for anything else. */
    private static String basicPassword(String authorization) {
        if (!authorization.startsWith("Basic ")) {
            return "";
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
        return decoded.substring(decoded.indexOf(':') + 1);
    }

    /** One request through {@code git http-backend} as a CGI program (RFC 3875): environment in, headers out. */
    private static void gitHttpBackend(HttpExchange exchange, String urlPath, Path bareRepository) throws IOException {
        ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = cgi.environment();
        env.put("GIT_PROJECT_ROOT", bareRepository.getParent().toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("PATH_INFO", "/" + bareRepository.getFileName()
                + exchange.getRequestURI().getRawPath().substring(urlPath.length()));
        env.put("QUERY_STRING", Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), ""));
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("REMOTE_USER", "agent");
        env.put("REMOTE_ADDR", "127.0.0.1");
        for (String header : List.of("Content-Type", "Content-Length", "Content-Encoding", "Git-Protocol")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                env.put(header.equals("Content-Type") || header.equals("Content-Length")
                        ? header.toUpperCase(Locale.ROOT).replace('-', '_')
                        : "HTTP_" + header.toUpperCase(Locale.ROOT).replace('-', '_'), value);
            }
        }
        cgi.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = cgi.start();
        // The request body goes in while the answer comes out: a large pack must not fill both pipes at once.
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (OutputStream in = process.getOutputStream()) {
                exchange.getRequestBody().transferTo(in);
            } catch (IOException e) {
                // The program ended early; its answer says why.
            }
        });
        try (InputStream out = new BufferedInputStream(process.getInputStream())) {
            int status = 200;
            for (String line = headerLine(out); !line.isEmpty(); line = headerLine(out)) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ")[0]);
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                out.transferTo(body);
            }
        } finally {
            try {
                feeder.join();
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String headerLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Stops at once: a client still connected sees the connection refused or reset. */
    @Override
    public void close() {
        server.stop(0);
    }
}
