package io.ambient.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ambient.agent.AgentEvent;
import io.ambient.agent.Usage;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.MergeStatus;
import io.ambient.fanout.PickRule;
import io.ambient.report.EventLog;
import io.ambient.report.PatchInfo;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Opens the rendered pages in headless Chromium, as a person would, at a desktop (1280 px) and a phone (390 px)
 * width: the key numbers must be on screen and nothing may stick out horizontally.
 * <p>
 * The product pages carry no script (CSP). The measuring is done by a test-only harness page
 * ({@code src/test/resources/render/measure.html}) that loads each report page in a same-origin iframe of the given
 * width (everything is served from loopback by this test), measures it, and writes the result as JSON into its own
 * DOM, which Chromium prints with {@code --dump-dom}. Chromium is provisioned by {@code .ci/provision-chromium.sh};
 * without it this test fails.
 * <p>
 * Screenshots for the docs: {@code mvn -pl ambient-core test -Dtest=ReportPageInBrowserTest
 * -Dambient.screenshots=../docs/images} (relative to ambient-core) writes {@code run-report-1280.png},
 * {@code run-report-390.png} and {@code fanout-report-1280.png} there.
 */
class ReportPageInBrowserTest {
    /** Debian's chromium, as .ci/provision-chromium.sh installs it ({@code -Dambient.chromium=PATH} to use another). */
    private static final Path CHROMIUM = Paths.get(System.getProperty("ambient.chromium", "/usr/bin/chromium"));
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--mute-audio");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String LONG_PATH = "src/main/java/io/ambient/" + "very_long_generated_directory_name_".repeat(8)
            + "Generated.java";

    @TempDir
    static Path dir;
    private static HttpServer server;
    private static ExecutorService executor;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            exchange.getResponseHeaders().set("Content-Type", name.endsWith(".css") ? "text/css; charset=utf-8"
                    : name.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void thePagesShowTheKeyNumbersAndNothingOverflowsAtDesktopAndPhoneWidths() throws Exception {
        requireChromium();
        write("run.html", HtmlRenderer.runPage(runReport(), HtmlRenderer.Options.DEFAULT));
        write("fanout.html", HtmlRenderer.fanOutPage(fanOutReport(), HtmlRenderer::runPageHref, Map.of(),
                ReportStyles.FILE_NAME));
        ReportStyles.writeTo(dir);

        List<JsonNode> results = measure("run.html@1280", "run.html@390", "fanout.html@1280", "fanout.html@390");

        for (JsonNode result : results) {
            String where = result.path("page").asText() + " at " + result.path("width").asInt() + " px";
            assertThat(result.has("error")).as(where + ": " + result.path("error").asText()).isFalse();
            assertThat(result.path("styled").asInt()).as(where + ": the stylesheet is loaded").isEqualTo(1);
            String text = result.path("text").asText();
            if (result.path("page").asText().equals("run.html")) {
                shows(where, text.toLowerCase(java.util.Locale.ROOT), "succeeded");
                shows(where, text, "$1.2346", "1,234,567 in / 89,012 out", "12 min 03 s", "20261125-100000-abcdef",
                        "Final message", "600 events");
                assertThat(text.matches("(?s).*TURNS\\s+42\\s.*")).as(where + ": turns shown").isTrue();
            } else {
                shows(where, text, "$3.4567", "fo-big", "sonnet-0", "sonnet-4", "13,023", "$2.5000", "1 min 23 s",
                        "mvn -B -q verify");
                shows(where, text.toLowerCase(java.util.Locale.ROOT), "succeeded", "failed", "conflict");
                assertThat(result.path("picked").asText()).as(where + ": the merged run is marked")
                        .contains("sonnet-2", "merged", "picked");
            }
            noOverflow(where + " (as loaded)", result.path("closed"));
            noOverflow(where + " (all <details> open)", result.path("opened"));
        }
    }

    /** The check can fail: a page with a long unbroken word and a wide table overflows, and is caught. */
    @Test
    void theMeasureCatchesAnOverflowingPage() throws Exception {
        requireChromium();
        write("wide.html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "</head><body><p>" + "x".repeat(300) + "</p></body></html>");

        JsonNode result = measure("wide.html@390").get(0);

        assertThat(result.path("closed").path("scrollWidth").asInt())
                .isGreaterThan(result.path("closed").path("viewport").asInt());
        assertThat(result.path("closed").path("spilling")).isNotEmpty();
        try {
            noOverflow("wide.html", result.path("closed"));
        } catch (AssertionError expected) {
            assertThat(expected).hasMessageContaining("scrollWidth");
            return;
        }
        fail("an overflowing page passed the overflow check");
    }

    /** Not a check: writes the screenshots for docs/reports.md when -Dambient.screenshots=DIR is given. */
    @Test
    void screenshotsForTheDocs() throws Exception {
        String target = System.getProperty("ambient.screenshots");
        if (target == null || target.isBlank()) {
            return;
        }
        requireChromium();
        write("run.html", HtmlRenderer.runPage(runReport(), HtmlRenderer.Options.DEFAULT));
        write("fanout.html", HtmlRenderer.fanOutPage(fanOutReport(), HtmlRenderer::runPageHref, Map.of(),
                ReportStyles.FILE_NAME));
        ReportStyles.writeTo(dir);
        Path out = Paths.get(target).toAbsolutePath();
        Files.createDirectories(out);
        screenshot("run.html", 1280, 1800, out.resolve("run-report-1280.png"));
        screenshot("run.html", 390, 2200, out.resolve("run-report-390.png"));
        screenshot("fanout.html", 1280, 600, out.resolve("fanout-report-1280.png"));
    }

    // ---------------------------------------------------------------- reports

    /** A realistic, awkward run: long final message, multi-file patch with a very long line, long path, many events. */
    static RunReport runReport() {
        StringBuilder message = new StringBuilder("I fixed the flaky retry logic and added tests.\n\n");
        for (int i = 1; i <= 40; i++) {
            message.append(i).append(". Changed `RetryPolicy.backoff()` so that attempt ").append(i)
                    .append(" waits min(cap, base * 2^n) with full jitter; see ").append(LONG_PATH).append('\n');
        }
        message.append("Stack trace seen before the fix: ").append("java.lang.IllegalStateException:at_"
                .repeat(20)).append('\n');
        StringBuilder patch = new StringBuilder();
        List<ChangedFile> files = new ArrayList<>();
        String[] paths = {"README.md", "src/main/java/io/ambient/RetryPolicy.java", LONG_PATH, "docs/retry.md"};
        for (String path : paths) {
            patch.append("diff --git a/").append(path).append(" b/").append(path).append('\n')
                    .append("index 1111111..2222222 100644\n--- a/").append(path).append("\n+++ b/").append(path)
                    .append("\n@@ -1,6 +1,7 @@\n context line one\n-old line\n+new line\n");
            if (path.equals(paths[1])) {
                patch.append("+    private static final String TABLE = \"").append("0123456789abcdef".repeat(40))
                        .append("\";\n");
            }
            patch.append(" context line two\n");
            files.add(new ChangedFile(path, ChangeType.MODIFIED, 2, 1, false));
        }
        List<AgentEvent> events = new ArrayList<>();
        AgentEvent.Type[] cycle = {AgentEvent.Type.MESSAGE, AgentEvent.Type.TOOL_CALL, AgentEvent.Type.TOOL_RESULT,
                AgentEvent.Type.TOOL_CALL, AgentEvent.Type.TOOL_RESULT, AgentEvent.Type.OUTPUT, AgentEvent.Type.ERROR};
        for (int i = 0; i < 600; i++) {
            AgentEvent.Type type = cycle[i % cycle.length];
            String text = switch (type) {
                case TOOL_CALL -> "Bash: mvn -B -q test -Dtest=RetryPolicyTest -pl " + LONG_PATH;
                case TOOL_RESULT -> "[INFO] Tests run: 12, Failures: 0\n" + "=".repeat(200);
                case OUTPUT -> "output " + "token".repeat(60);
                case ERROR -> "error: cannot open " + LONG_PATH;
                default -> "Let me look at the retry policy, event " + i + ".";
            };
            events.add(new AgentEvent(i, Reports.START.plusMillis(i * 1_000L), type, text,
                    type == AgentEvent.Type.TOOL_CALL ? Map.of("tool", "Bash") : Map.of()));
        }
        return RunReport.builder().runId("20261125-100000-abcdef").agent("claude-code").model("claude-sonnet-4")
                .executor("docker").image("registry.example.com/ambient/agent-image-with-a-long-name:2026.11.25-abcdef")
                .prompt("Fix the flaky retry logic in " + LONG_PATH).status(RunStatus.SUCCEEDED).exitCode(0)
                .startedAt(Reports.START).finishedAt(Reports.START.plusMillis(723_000))
                .changedFiles(files).patch(new PatchInfo("changes.patch", patch.length(), false, patch.toString()))
                .finalMessage(message.toString()).turns(42).usage(new Usage(1_234_567L, 89_012L, 1.23456))
                .stopReason("end_turn").sessionId("0b9f3f5e-1f0c-4c7e-9a43-" + "abcdef".repeat(6))
                .labels(Map.of("job", "ambient/" + "nightly-".repeat(10) + "build", "branch", "main"))
                .events(new EventLog(events.size(), 0, events))
                .build();
    }

    /** Five runs, one merged, one failed, one not started. */
    static FanOutReport fanOutReport() {
        List<FanOutRun> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "sonnet-" + i;
            if (i == 4) {
                runs.add(new FanOutRun(name, null, null, null, null, null, null, List.of(), MergeStatus.NOT_STARTED,
                        List.of()));
                continue;
            }
            RunReport report = Reports.base().runId("fo-big-" + i).status(i == 3 ? RunStatus.FAILED : RunStatus.SUCCEEDED)
                    .usage(new Usage(12_345L - i, 678L, 0.5 + i)).build();
            runs.add(new FanOutRun(name, null, null, "claude-sonnet-4", "runs/" + name + "/report.json", report, null,
                    List.of(), i == 2 ? MergeStatus.MERGED : i == 1 ? MergeStatus.CONFLICT : MergeStatus.NOT_PICKED,
                    i == 1 ? List.of("sonnet-2") : List.of()));
        }
        return new FanOutReport(FanOutReport.SCHEMA_VERSION, "fo-big", "/tmp/workspaces/" + "fan-out-".repeat(12),
                Reports.START, Reports.START.plusSeconds(83), 83_400, 4, PickRule.BEST, "mvn -B -q verify", 10.0, null,
                3.4567, runs);
    }

    // ---------------------------------------------------------------- the browser

    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: run .ci/provision-chromium.sh (as root) to install Debian's chromium");
        }
    }

    private static void shows(String where, String text, String... needles) {
        for (String needle : needles) {
            if (!text.contains(needle)) {
                fail(where + ": \"" + needle + "\" is not on the rendered page; it starts with:\n"
                        + text.substring(0, Math.min(800, text.length())));
            }
        }
    }

    private static void noOverflow(String where, JsonNode state) {
        int viewport = state.path("viewport").asInt();
        int scrollWidth = state.path("scrollWidth").asInt();
        assertThat(viewport).as(where + ": viewport measured").isGreaterThan(0);
        if (scrollWidth > viewport || !state.path("outside").isEmpty() || !state.path("spilling").isEmpty()) {
            fail(where + ": the page overflows horizontally: document scrollWidth " + scrollWidth + " > viewport "
                    + viewport + "?\n  outside the viewport: " + state.path("outside")
                    + "\n  text spilling out of its box: " + state.path("spilling"));
        }
    }

    private List<JsonNode> measure(String... frames) throws Exception {
        try (InputStream in = ReportPageInBrowserTest.class.getResourceAsStream("/render/measure.html")) {
            Files.write(dir.resolve("measure.html"), in.readAllBytes());
        }
        String url = base() + "measure.html?frames=" + String.join(",", frames);
        String dom = chromium(List.of("--window-size=1400,900", "--virtual-time-budget=10000", "--dump-dom", url));
        int start = dom.indexOf("<pre id=\"result\">");
        int end = dom.indexOf("</pre>", start);
        assertThat(start).as("the harness ran: " + dom).isGreaterThanOrEqualTo(0);
        String json = dom.substring(start + "<pre id=\"result\">".length(), end).replace("&lt;", "<")
                .replace("&gt;", ">").replace("&nbsp;", "\u00a0").replace("&amp;", "&");
        assertThat(json).as("the harness finished").isNotEqualTo("pending");
        List<JsonNode> results = new ArrayList<>();
        JSON.readTree(json).forEach(results::add);
        assertThat(results).hasSize(frames.length);
        return results;
    }

    private void screenshot(String page, int width, int height, Path png) throws Exception {
        Files.deleteIfExists(png);
        chromium(List.of("--window-size=" + width + "," + height, "--screenshot=" + png, base() + page));
        assertThat(png).exists();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static String chromium(List<String> args) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new ArrayList<>();
        command.add(CHROMIUM.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.addAll(args);
        Path stderr = Files.createTempFile(dir, "chromium", ".err");
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(stderr.toFile()).start();
        byte[] out;
        try (InputStream in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!process.waitFor(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("chromium timed out: " + command);
        }
        if (process.exitValue() != 0) {
            fail("chromium exited " + process.exitValue() + ": " + command + "\n" + Files.readString(stderr));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static void write(String name, String html) throws IOException {
        Files.writeString(dir.resolve(name), html, StandardCharsets.UTF_8);
    }
}
