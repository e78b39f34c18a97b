package io.ambient.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ambient.Json;
import io.ambient.NoDelaySockets;
import io.ambient.report.RunReport;
import io.ambient.tracking.Outbox;
import io.ambient.tracking.Publisher;
import io.ambient.tracking.RetryPolicy;
import io.ambient.tracking.TrackingClient;
import io.ambient.tracking.TrackingListener;
import io.ambient.tracking.TrackingRecord;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Tracking outbox throughput: {@code --records} run records enqueued to the durable outbox ({@link Publisher#enqueue},
 * two atomic file writes per record) and then delivered by {@link Publisher#flush} to a real HTTP receiver on
 * loopback (the JDK's {@code HttpServer}, answering 200 after an optional {@code --delay-ms}), side by side with the
 * baseline: the same records PUT directly with OkHttp, no outbox. Each round uses a fresh outbox and alternates
 * which variant goes first, so machine noise hits both alike. The receiver counts every run id it is sent, and
 * each round checks that every record arrived exactly once.
 * <p>
 * The records are realistic: the report of a run with {@code --events} events and {@code --files} changed files
 * (the patch text is dropped by {@link TrackingRecord}, as on the wire).
 * <p>
 * Usage: {@code bench/run.sh outbox [--records 2000] [--rounds 3] [--events 300] [--files 20] [--delay-ms 0]}
 */
public final class OutboxBenchmark {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String TOKEN = "bench-token";
    private static final String RUNS = "/runs/";
    private static final String ENQUEUE = "enqueue (Publisher.enqueue)";
    private static final String ENQUEUE_FIRST = "  first tenth (outbox near empty)";
    private static final String ENQUEUE_LAST = "  last tenth (outbox near full)";
    private static final String DELIVER = "deliver (Publisher.flush)";
    private static final String END_TO_END = "end to end (enqueue + deliver)";
    private static final String DIRECT = "direct PUT, OkHttp (baseline)";
    private static final String DIRECT_NODELAY = "direct PUT, OkHttp + TCP_NODELAY";

    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final int delayMillis;

    private OutboxBenchmark(int delayMillis) {
        this.delayMillis = delayMillis;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args);
        int records = Integer.parseInt(options.getOrDefault("--records", "2000"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
        int events = Integer.parseInt(options.getOrDefault("--events", "300"));
        int files = Integer.parseInt(options.getOrDefault("--files", "20"));
        int delay = Integer.parseInt(options.getOrDefault("--delay-ms", "0"));
        new OutboxBenchmark(delay).run(records, rounds, events, files);
    }

    private void run(int records, int rounds, int events, int files) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext(RUNS, this::receive);
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        // The baseline is a plain OkHttpClient (Nagle's algorithm on, as TrackingClient had it before NoDelaySockets);
        // the second turns Nagle off as TrackingClient now does, to show what the socket setting is worth.
        OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        OkHttpClient noDelay = new OkHttpClient.Builder().retryOnConnectionFailure(false)
                .socketFactory(new NoDelaySockets()).build(); // its own connection pool: none of Nagle's sockets
        Path scratch = Files.createTempDirectory("ambient-outbox-bench");
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (String what : List.of(ENQUEUE, ENQUEUE_FIRST, ENQUEUE_LAST, DELIVER, END_TO_END, DIRECT, DIRECT_NODELAY)) {
            rates.put(what, new ArrayList<>());
        }
        int bytes = Json.MAPPER.writeValueAsBytes(TrackingRecord.of(report("size", events, files))).length;
        System.out.printf(Locale.ROOT, "Outbox throughput: %d records of %.1f KB, %d rounds, receiver delay %d ms"
                + " (Java %s, %d cores)%n", records, bytes / 1024.0, rounds, delayMillis,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try {
            round("warm-up", Math.min(records, 200), events, files, endpoint, List.of(http, noDelay), scratch, true,
                    new LinkedHashMap<>());
            for (int r = 1; r <= rounds; r++) {
                round("r" + r, records, events, files, endpoint, List.of(http, noDelay), scratch, r % 2 == 0, rates);
            }
        } finally {
            server.stop(0);
            threads.shutdownNow();
            for (OkHttpClient client : List.of(http, noDelay)) {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
            delete(scratch);
        }
        System.out.printf(Locale.ROOT, "%-36s %12s %12s%n", "what", "best rec/s", "median rec/s");
        rates.forEach((what, values) -> System.out.printf(Locale.ROOT, "%-36s %12.0f %12.0f%n", what,
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), Bench.median(values)));
        System.out.printf(Locale.ROOT, "deliver / direct PUT (median): %.2f; end to end / direct PUT (median): %.2f%n",
                Bench.median(rates.get(DELIVER)) / Bench.median(rates.get(DIRECT)),
                Bench.median(rates.get(END_TO_END)) / Bench.median(rates.get(DIRECT)));
    }

    /** One round: the outbox path and the direct PUTs, in the given order; each checked for exactly-once arrival. */
    private void round(String name, int records, int events, int files, URI endpoint, List<OkHttpClient> direct,
                       Path scratch, boolean directFirst, Map<String, List<Double>> rates) throws IOException {
        List<RunReport> reports = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            reports.add(report(String.format(Locale.ROOT, "20261125-100000-%s-%05d", name, i), events, files));
        }
        if (directFirst) {
            direct(reports, endpoint, direct.get(0), DIRECT, rates);
            direct(reports, endpoint, direct.get(1), DIRECT_NODELAY, rates);
            viaOutbox(reports, endpoint, scratch.resolve(name), rates);
        } else {
            viaOutbox(reports, endpoint, scratch.resolve(name), rates);
            direct(reports, endpoint, direct.get(1), DIRECT_NODELAY, rates);
            direct(reports, endpoint, direct.get(0), DIRECT, rates);
        }
        System.out.printf(Locale.ROOT, "round %-8s each of the 3 paths: %d of %d records arrived exactly once. %s%n",
                name, records, records, rates.isEmpty() ? "(warm-up)" : rates.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.0f/s", e.getKey().strip(),
                                e.getValue().get(e.getValue().size() - 1)))
                        .reduce((a, b) -> a + ", " + b).orElse(""));
    }

    private void viaOutbox(List<RunReport> reports, URI endpoint, Path dir, Map<String, List<Double>> rates)
            throws IOException {
        received.clear();
        TrackingClient client = new TrackingClient(endpoint, TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(30));
        Outbox outbox = new Outbox(dir, reports.size(), TrackingListener.NONE, Clock.systemUTC());
        try (Publisher publisher = new Publisher(outbox, client, RetryPolicy.DEFAULT, TrackingListener.NONE,
                Clock.systemUTC())) {
            int tenth = Math.max(1, reports.size() / 10);
            long start = System.nanoTime();
            long firstTenth = 0;
            long lastTenth = 0;
            for (int i = 0; i < reports.size(); i++) {
                if (i == reports.size() - tenth) {
                    lastTenth = System.nanoTime();
                }
                Bench.check(publisher.enqueue(reports.get(i)), "enqueue failed for " + reports.get(i).runId());
                if (i == tenth - 1) {
                    firstTenth = System.nanoTime();
                }
            }
            long enqueued = System.nanoTime();
            Publisher.FlushResult result = publisher.flush(Duration.ofHours(1));
            long delivered = System.nanoTime();
            Bench.check(result.delivered() == reports.size() && result.pending() == 0,
                    "outbox delivered " + result + " of " + reports.size());
            add(rates, ENQUEUE, reports.size(), enqueued - start);
            add(rates, ENQUEUE_FIRST, tenth, firstTenth - start);
            add(rates, ENQUEUE_LAST, tenth, enqueued - lastTenth);
            add(rates, DELIVER, reports.size(), delivered - enqueued);
            add(rates, END_TO_END, reports.size(), delivered - start);
        }
        checkExactlyOnce("outbox", reports);
    }

    private void direct(List<RunReport> reports, URI endpoint, OkHttpClient http, String what,
                        Map<String, List<Double>> rates) throws IOException {
        // The same bytes the outbox sends, made beforehand: this measures the HTTP side only, like "deliver".
        List<byte[]> bodies = new ArrayList<>(reports.size());
        for (RunReport report : reports) {
            bodies.add(Json.MAPPER.writeValueAsBytes(TrackingRecord.of(report)));
        }
        received.clear();
        long start = System.nanoTime();
        for (int i = 0; i < reports.size(); i++) {
            Request request = new Request.Builder().url(endpoint + RUNS + reports.get(i).runId())
                    .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/json")
                    .put(RequestBody.create(bodies.get(i), JSON)).build();
            try (Response response = http.newCall(request).execute()) {
                Bench.check(response.code() == 200, "direct PUT answered " + response.code());
            }
        }
        add(rates, what, reports.size(), System.nanoTime() - start);
        checkExactlyOnce(what, reports);
    }

    private void checkExactlyOnce(String variant, List<RunReport> reports) {
        long once = reports.stream().filter(r -> {
            AtomicInteger count = received.get(r.runId());
            return count != null && count.get() == 1;
        }).count();
        int total = received.values().stream().mapToInt(AtomicInteger::get).sum();
        Bench.check(once == reports.size() && total == reports.size(), variant + ": " + once + " of "
                + reports.size() + " records arrived exactly once (" + total + " deliveries)");
    }

    private static void add(Map<String, List<Double>> rates, String what, int records, long nanos) {
        rates.computeIfPresent(what, (k, values) -> {
            values.add(records / (nanos / 1e9));
            return values;
        });
    }

    /** The receiver: reads the record, counts its run id, answers 200 with no body. */
    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String runId = exchange.getRequestURI().getPath().substring(RUNS.length());
            received.computeIfAbsent(runId, k -> new AtomicInteger()).incrementAndGet();
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            exchange.sendResponseHeaders(200, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RunReport report(String runId, int events, int files) {
        return RenderBenchmark.runReportBuilder(runId, events, files).labels(Map.of("job", "team/app/main", "build",
                "42", "stage", "Fix", "url", "https://ci.example.com/job/team/job/app/job/main/42/")).build();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
