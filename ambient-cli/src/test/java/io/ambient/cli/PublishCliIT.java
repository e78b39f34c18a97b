package io.ambient.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.tracking.Outbox;
import io.ambient.tracking.TrackingListener;
import io.ambient.tracking.TrackingRecord;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --publish} and {@code ambient publish} against a tracking endpoint in this JVM. */
class PublishCliIT {
    private static final String TOKEN = "it-tracking-token";
    private static final Map<String, String> ENV = Map.of("AMBIENT_TRACKING_TOKEN", TOKEN);

    @TempDir
    Path tmp;
    private Path repo;
    private MockWebServer server;

    @BeforeEach
    void setUp() throws Exception {
        repo = Cli.gitRepo(tmp.resolve("repo"));
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void tearDown() throws IOException {
        server.shutdown();
    }

    @Test
    void aRunIsPublishedWithTheBearerToken() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));

        Cli.Result result = run(endpoint());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String runId = runId();
        RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getPath()).isEqualTo("/runs/" + runId);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(new ObjectMapper().readTree(request.getBody().readUtf8()).get("runId").asText()).isEqualTo(runId);
        assertThat(result.stderr()).contains("delivered").doesNotContain(TOKEN);
    }

    @Test
    void aDownEndpointKeepsTheRecordForAmbientPublishWhichDeliversItOnce() throws Exception {
        Cli.Result result = run("http://127.0.0.1:" + closedPort());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("kept in the outbox, will be retried by 'ambient publish'");
        assertThat(server.getRequestCount()).isZero();

        server.enqueue(new MockResponse().setResponseCode(204));
        Cli.Result published = publish();
        assertThat(published.exitCode()).as(published.stderr()).isZero();
        assertThat(published.stdout()).contains("delivered 1").contains("pending 0");
        RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(request.getPath()).isEqualTo("/runs/" + runId());
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);

        Cli.Result again = publish();
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("delivered 0");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aMissingTokenIsBadInputAndStartsNothing() throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--workspace", repo.toString(),
                "--out", tmp.resolve("report").toString(), "--state-dir", tmp.resolve("state").toString(),
                "--image", Cli.IMAGE, "--publish", endpoint(), "--publish-token-env", "AMBIENT_IT_NO_SUCH_TOKEN",
                "--prompt", "x", "--", "true"));
        Cli.Result result = Cli.run(tmp.resolve("logs"), Map.of(), args);

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("ambient: ").contains("AMBIENT_IT_NO_SUCH_TOKEN")
                .doesNotContain("\n");
        assertThat(tmp.resolve("report")).doesNotExist();
    }

    @Test
    void twoAmbientPublishProcessesOverOneOutboxSendEachRecordOnce() throws Exception {
        Map<String, Integer> received = new ConcurrentHashMap<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                received.merge(request.getPath(), 1, Integer::sum);
                Thread.sleep(300); // slow enough for the two processes to overlap
                return new MockResponse().setResponseCode(204);
            }
        });
        Outbox outbox = new Outbox(tmp.resolve("state").resolve("outbox"), 100, TrackingListener.NONE,
                Clock.systemUTC());
        for (int i = 1; i <= 6; i++) {
            outbox.put(TrackingRecord.of(RunReport.builder().runId("run-" + i).agent("command").prompt("X")
                    .status(RunStatus.SUCCEEDED).startedAt(Instant.now()).finishedAt(Instant.now()).build()));
        }
        List<String> args = List.of("publish", "--endpoint", endpoint(), "--state-dir", tmp.resolve("state").toString());

        Process first = Cli.start(tmp.resolve("publish-1"), ENV, args);
        Process second = Cli.start(tmp.resolve("publish-2"), ENV, args);

        assertThat(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(second.exitValue()).isZero();
        assertThat(received).hasSize(6).allSatisfy((path, count) -> assertThat(count).as(path).isEqualTo(1));
        assertThat(outbox.entries()).isEmpty();
    }

    private Cli.Result run(String publishTo) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "--workspace", repo.toString(),
                "--out", tmp.resolve("report").toString(), "--state-dir", tmp.resolve("state").toString(),
                "--image", Cli.IMAGE, "--network", "none", "--publish", publishTo,
                "--prompt", "X", "--", "sh", "-c", "echo hi"));
        return Cli.run(tmp.resolve("logs"), ENV, args);
    }

    private Cli.Result publish() throws IOException, InterruptedException {
        return Cli.run(tmp.resolve("publish-logs"), ENV, List.of("publish", "--endpoint", endpoint(),
                "--state-dir", tmp.resolve("state").toString()));
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private String runId() throws IOException {
        return new ObjectMapper().readTree(tmp.resolve("report").resolve("report.json").toFile()).get("runId").asText();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
