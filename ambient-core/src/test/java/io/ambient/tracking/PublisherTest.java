package io.ambient.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import io.ambient.Json;
import io.ambient.report.PatchInfo;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.tracking.TrackingFixtures.MutableClock;
import io.ambient.tracking.TrackingFixtures.RecordingListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.ambient.tracking.TrackingFixtures.PATCH_TEXT;
import static io.ambient.tracking.TrackingFixtures.START;
import static io.ambient.tracking.TrackingFixtures.TOKEN;
import static io.ambient.tracking.TrackingFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

class PublisherTest {
    private static final Duration FLUSH = Duration.ofSeconds(10);
    private static final RetryPolicy RETRY =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));

    @TempDir
    Path dir;
    private MockWebServer server;
    private final MutableClock clock = new MutableClock(START);
    private final RecordingListener listener = new RecordingListener();
    private final List<Publisher> publishers = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        publishers.forEach(Publisher::close);
        server.shutdown();
    }

    private Publisher publisher(MockWebServer target, int maxRecords, Duration callTimeout) {
        URI endpoint = target.url("/api/").uri();
        Publisher publisher = new Publisher(new Outbox(dir, maxRecords, listener, clock),
                new TrackingClient(endpoint, TOKEN, Duration.ofSeconds(2), callTimeout), RETRY, listener, clock);
        publishers.add(publisher);
        return publisher;
    }

    private Publisher publisher() {
        return publisher(server, 100, Duration.ofSeconds(5));
    }

    @Test
    void requestIsAnAuthorizedJsonPutByRunIdWithoutThePatchText() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(201));
        Publisher publisher = publisher();

        assertThat(publisher.enqueue(report("20261125-100000-abcdef"))).isTrue();
        Publisher.FlushResult result = publisher.flush(FLUSH);

        assertThat(result).isEqualTo(new Publisher.FlushResult(1, 0, 0, 0));
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getPath()).isEqualTo("/api/runs/20261125-100000-abcdef");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        String body = request.getBody().readUtf8();
        assertThat(body).doesNotContain("PATCH-BODY-MUST-NOT-BE-PUBLISHED").doesNotContain(PATCH_TEXT);
        JsonNode json = Json.MAPPER.readTree(body);
        assertThat(json.path("runId").asText()).isEqualTo("20261125-100000-abcdef");
        assertThat(json.path("job").asText()).isEqualTo("team/app/main");
        assertThat(json.path("build").asText()).isEqualTo("42");
        assertThat(json.path("stage").asText()).isEqualTo("Fix");
        assertThat(json.path("url").asText()).isEqualTo("https://ci.example.com/job/team/job/app/job/main/42/");
        assertThat(json.path("patch").path("file").asText()).isEqualTo("changes.patch");
        assertThat(json.path("patch").path("bytes").asLong()).isEqualTo(PATCH_TEXT.length());
        assertThat(json.path("report").has("patch")).isFalse();
        assertThat(json.path("report").path("labels").path("extra").asText()).isEqualTo("kept");
        assertThat(TrackingFixtures.schemaProblems(json)).isEmpty();
        assertThat(publisher.outbox().size()).isZero();
    }

    @Test
    void aRecordSaysWhenSecretsWereMaskedInThePatchAndOnlyThen() throws Exception {
        RunReport masked = RunReport.builder().runId("r1").agent("command").executor("docker").prompt("Fix it")
                .status(RunStatus.SUCCEEDED).exitCode(0).startedAt(START).finishedAt(START.plusSeconds(3))
                .patch(new PatchInfo("changes.patch", 14, false, "diff ********\n", true)).build();

        JsonNode maskedJson = Json.MAPPER.valueToTree(TrackingRecord.of(masked));
        assertThat(maskedJson.path("patch").path("masked").asBoolean()).isTrue();
        assertThat(TrackingFixtures.schemaProblems(maskedJson)).isEmpty();
        JsonNode plainJson = Json.MAPPER.valueToTree(TrackingRecord.of(report("r2")));
        assertThat(plainJson.path("patch").has("masked")).isFalse();
    }

    @Test
    void theSchemaCatchesABadRecord() throws Exception {
        JsonNode good = Json.MAPPER.valueToTree(TrackingRecord.of(report("r1")));
        assertThat(TrackingFixtures.schemaProblems(good)).isEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode bad = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("patch")).put("text", PATCH_TEXT);
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("report")).remove("status");
        assertThat(TrackingFixtures.schemaProblems(bad)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void endpointDownForTheWholeRunThenUpDeliversEveryRecordExactlyOnce() throws Exception {
        int port = server.getPort();
        server.shutdown(); // nothing listens: connection refused
        Publisher publisher = publisher(server, 100, Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            publisher.enqueue(report("run-" + i));
        }
        Publisher.FlushResult down = publisher.flush(FLUSH);
        assertThat(down.delivered()).isZero();
        assertThat(down.retrying()).isEqualTo(5);
        assertThat(publisher.outbox().entries()).allSatisfy(e -> {
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.nextAttemptAt()).isAfter(START);
            assertThat(e.lastError()).contains("cannot deliver");
        });
        // Not due yet: nothing is sent, not even tried.
        assertThat(publisher.flush(FLUSH).retrying()).isZero();

        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), port);
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse().setResponseCode(200));
        }
        clock.advance(RETRY.max());
        Publisher.FlushResult up = publisher.flush(FLUSH);

        assertThat(up).isEqualTo(new Publisher.FlushResult(5, 0, 0, 0));
        assertThat(publisher.flush(FLUSH).delivered()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(5);
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            paths.add(server.takeRequest(1, TimeUnit.SECONDS).getPath());
        }
        assertThat(paths).containsExactlyInAnyOrder(
                "/api/runs/run-0", "/api/runs/run-1", "/api/runs/run-2", "/api/runs/run-3", "/api/runs/run-4");
    }

    @Test
    void aRecordWrittenByAKilledProcessIsDeliveredByTheNext() throws Exception {
        // "Killed" between write and send: enqueued, never flushed, never closed.
        new Publisher(new Outbox(dir, 100, listener, clock),
                new TrackingClient(server.url("/api/").uri(), TOKEN, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                RETRY, listener, clock).enqueue(report("survivor"));
        assertThat(server.getRequestCount()).isZero();

        server.enqueue(new MockResponse().setResponseCode(204));
        Publisher next = publisher();
        assertThat(next.flush(FLUSH).delivered()).isEqualTo(1);
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getPath()).isEqualTo("/api/runs/survivor");
        assertThat(next.outbox().size()).isZero();
    }

    @Test
    void aRecordWhoseStateFileWasNeverWrittenIsStillDelivered() throws Exception {
        Publisher first = publisher();
        first.enqueue(report("half-written"));
        Files.delete(dir.resolve("half-written" + Outbox.STATE_SUFFIX)); // killed between the two writes
        server.enqueue(new MockResponse().setResponseCode(200));

        assertThat(publisher().flush(FLUSH).delivered()).isEqualTo(1);
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getPath()).isEqualTo("/api/runs/half-written");
    }

    @Test
    void serverErrorIsRetriedWhenRetryAfterSays() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "7").setBody("busy"));
        server.enqueue(new MockResponse().setResponseCode(200));
        Publisher publisher = publisher();
        publisher.enqueue(report("r1"));

        assertThat(publisher.flush(FLUSH).retrying()).isEqualTo(1);
        OutboxEntry entry = publisher.outbox().entries().get(0);
        assertThat(entry.nextAttemptAt()).isEqualTo(START.plusSeconds(7));
        assertThat(entry.lastError()).contains("HTTP 503").contains("busy");

        clock.advance(Duration.ofSeconds(6));
        assertThat(publisher.flush(FLUSH).delivered()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(publisher.flush(FLUSH)).isEqualTo(new Publisher.FlushResult(1, 0, 0, 0));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void tooManyRequestsAndTimeoutsAreRetriedWithBackoff() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429));
        Publisher publisher = publisher();
        publisher.enqueue(report("r1"));

        assertThat(publisher.flush(FLUSH).retrying()).isEqualTo(1);
        OutboxEntry entry = publisher.outbox().entries().get(0);
        // First backoff: between half and all of the initial delay (jitter).
        assertThat(entry.nextAttemptAt()).isBetween(START.plus(RETRY.initial().dividedBy(2)),
                START.plus(RETRY.initial()));
        assertThat(entry.parked()).isFalse();
    }

    @Test
    void malformedSuccessBodyStillCountsAsDelivered() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{not json at all <html>"));
        Publisher publisher = publisher();
        publisher.enqueue(report("r1"));

        assertThat(publisher.flush(FLUSH)).isEqualTo(new Publisher.FlushResult(1, 0, 0, 0));
        assertThat(listener.warnings).isEmpty();
    }

    @Test
    void garbageInsteadOfHttpIsRetried() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(new MockResponse().setStatus("NOT-HTTP garbage"));
        server.enqueue(new MockResponse().setResponseCode(200));
        Publisher publisher = publisher();
        publisher.enqueue(report("r1"));

        assertThat(publisher.flush(FLUSH).retrying()).isEqualTo(1);
        clock.advance(RETRY.max());
        assertThat(publisher.flush(FLUSH).retrying()).isEqualTo(1);
        clock.advance(RETRY.max());
        assertThat(publisher.flush(FLUSH).delivered()).isEqualTo(1);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void twoPublishersOverOneOutboxSendEachRecordOnce() throws Exception {
        java.util.Map<String, Integer> received = new java.util.concurrent.ConcurrentHashMap<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                received.merge(request.getPath(), 1, Integer::sum);
                Thread.sleep(100); // slow enough for the two to overlap
                return new MockResponse().setResponseCode(204);
            }
        });
        Publisher first = publisher();
        Publisher second = publisher();
        for (int i = 1; i <= 5; i++) {
            first.enqueue(report("r" + i));
        }

        var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> second.flush(FLUSH));
        Publisher.FlushResult mine = first.flush(FLUSH);

        assertThat(mine.delivered() + other.get(20, TimeUnit.SECONDS).delivered()).isEqualTo(5);
        assertThat(received).hasSize(5).allSatisfy((path, count) -> assertThat(count).as(path).isEqualTo(1));
        assertThat(first.outbox().entries()).isEmpty();
    }

    @Test
    void aSlowEndpointTimesOutAndIsRetried() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                release.await(30, TimeUnit.SECONDS); // answers only after the client has given up
                return new MockResponse().setResponseCode(200);
            }
        });
        Publisher publisher = publisher(server, 100, Duration.ofMillis(300));
        publisher.enqueue(report("r1"));

        Publisher.FlushResult result = publisher.flush(FLUSH);
        release.countDown();

        assertThat(result.retrying()).isEqualTo(1);
        assertThat(publisher.outbox().entries().get(0).lastError()).contains("no answer");
    }

    @Test
    void unauthorizedParksTheRecordWithAMessageNamingTheStatus() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(401).setBody("bad token"));
        Publisher publisher = publisher();
        publisher.enqueue(report("r1"));

        assertThat(publisher.flush(FLUSH)).isEqualTo(new Publisher.FlushResult(0, 0, 1, 1));
        assertThat(listener.warnings).singleElement().asString()
                .contains("r1").contains("HTTP 401").contains("check the tracking token").doesNotContain(TOKEN);
        OutboxEntry entry = publisher.outbox().entries().get(0);
        assertThat(entry.parked()).isTrue();
        assertThat(entry.lastError()).contains("HTTP 401");

        // Parked: never retried on its own, however much time passes.
        clock.advance(Duration.ofDays(1));
        assertThat(publisher.flush(FLUSH).delivered()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(1);

        server.enqueue(new MockResponse().setResponseCode(200));
        assertThat(publisher.retryParked()).isEqualTo(1);
        assertThat(publisher.flush(FLUSH).delivered()).isEqualTo(1);
    }

    @Test
    void theSameRunIdReplacesThePendingRecord() throws Exception {
        Publisher publisher = publisher();
        publisher.enqueue(report("r1"));
        clock.advance(Duration.ofSeconds(1));
        publisher.enqueue(report("r1"));
        assertThat(publisher.outbox().size()).isEqualTo(1);

        server.enqueue(new MockResponse().setResponseCode(200));
        assertThat(publisher.flush(FLUSH).delivered()).isEqualTo(1);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aFullOutboxDropsTheOldestAfterAWarning() throws Exception {
        Publisher publisher = publisher(server, 3, Duration.ofSeconds(5));
        for (int i = 0; i < 4; i++) {
            publisher.enqueue(report("run-" + i));
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(publisher.outbox().entries()).extracting(OutboxEntry::runId)
                .containsExactly("run-1", "run-2", "run-3");
        assertThat(listener.warnings).singleElement().asString()
                .contains("full").contains("dropping").contains("run-0");
    }

    @Test
    void theTokenIsNeverWrittenToTheOutbox() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(500));
        Publisher publisher = publisher();
        publisher.enqueue(report("r1"));
        publisher.flush(FLUSH);

        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).doesNotContain(TOKEN);
            }
        }
        assertThat(String.join("\n", listener.warnings) + String.join("\n", listener.infos)).doesNotContain(TOKEN);
    }

    @Test
    void enqueueReturnsWhileTheEndpointIsStillAnswering() throws Exception {
        CountDownLatch requestArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                requestArrived.countDown();
                release.await(30, TimeUnit.SECONDS); // the endpoint is slow until the test says otherwise
                return new MockResponse().setResponseCode(200).setHeadersDelay(50, TimeUnit.MILLISECONDS);
            }
        });
        Publisher publisher = publisher(server, 100, Duration.ofSeconds(30));
        publisher.start();

        publisher.enqueue(report("first"));
        assertThat(requestArrived.await(10, TimeUnit.SECONDS)).isTrue();
        // The background sender is now stuck on the slow endpoint; the run goes on regardless.
        for (int i = 0; i < 3; i++) {
            assertThat(publisher.enqueue(report("next-" + i))).isTrue();
        }
        assertThat(release.getCount()).as("the endpoint has not answered yet").isEqualTo(1);
        assertThat(publisher.outbox().size()).isEqualTo(4);

        release.countDown();
        // flush() waits for the background pass, then sends what is left; everything arrives.
        for (int i = 0; i < 50 && publisher.outbox().size() > 0; i++) {
            publisher.flush(FLUSH);
        }
        assertThat(publisher.outbox().size()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(4);
    }
}
