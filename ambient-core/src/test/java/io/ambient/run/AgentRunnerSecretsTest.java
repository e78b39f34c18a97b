package io.ambient.run;

import io.ambient.Json;
import io.ambient.exec.DockerExecutor;
import io.ambient.exec.Executor;
import io.ambient.exec.OutputLine;
import io.ambient.exec.ProcessExecutor;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.report.render.HtmlRenderer;
import io.ambient.report.render.MarkdownRenderer;
import io.ambient.scm.ChangeRef;
import io.ambient.scm.CommentClientOptions;
import io.ambient.scm.GitHubClient;
import io.ambient.testing.GitRepos;
import io.ambient.testing.SecretEncodings;
import io.ambient.testing.SecretEncodings.Encoding;
import io.ambient.tracking.Outbox;
import io.ambient.tracking.TrackingListener;
import io.ambient.tracking.TrackingRecord;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret the agent prints or writes never reaches what a user sees, in any encoding: live lines, report, patch,
 * renderings, tracking record and comment. The matrix runs one agent per executor and encoding, which prints the
 * encoded secret (stdout and stderr, split writes for the plain one) and writes it into a file's name and content;
 * every output of that run is then checked for a trace of it.
 */
class AgentRunnerSecretsTest {
    /** Prints {@code $1} (or, when empty, the output of the real {@code base64} tool) everywhere it can. */
    private static final String LEAK = """
            text="${1:-$(printf '%s\\n' "$TOKEN" | base64)}"
            if [ "$2" = split ]; then printf '%s' "${text%%Kx9*}"; sleep 0.3; printf 'Kx9%s\\n' "${text#*Kx9}"
            else printf '%s\\n' "$text"; fi
            printf 'err %s\\n' "$text" >&2
            file="fn-$text.txt"
            mkdir -p "$(dirname "$file")" && printf '%s\\n' "$text" > "$file"
            """;
    private static final String IMAGE = System.getenv().getOrDefault("AMBIENT_TEST_IMAGE", "ambient-test/busybox:1");
    private static final List<String> OUTPUTS = List.of("run", "console", "report.json", "event log", "HTML", "Markdown",
            "patch", "tracking record (outbox)", "comment body");
    private static final Map<String, Map<String, String>> RUNS = new ConcurrentHashMap<>();
    private static final Map<String, Executor> EXECUTORS = new ConcurrentHashMap<>();
    @TempDir
    static Path runs;

    private static final String SECRET = "s3cr3t-token-value";
    @TempDir
    Path tmp;
    Path repo;
    ProcessExecutor executor;

    @BeforeEach
    void setUp() throws Exception {
        repo = GitRepos.sample(tmp.resolve("repo"));
        executor = new ProcessExecutor(tmp.resolve("state"));
    }

    @AfterEach
    void tearDown() {
        executor.close();
    }

    @Test
    void aSecretAndItsBase64AreMaskedInLinesReportAndPatch() throws Exception {
        List<String> shown = new ArrayList<>();
        String base64 = Base64.getEncoder().encodeToString(SECRET.getBytes());
        RunResult result = new AgentRunner(executor).run(RunRequest.builder().agent("command")
                .prompt("Leak $TOKEN").secret("TOKEN", SECRET).workspace(repo).outDir(tmp.resolve("out"))
                .args(List.of("sh", "-c", "echo \"token is $TOKEN\"; echo " + base64 + "; echo \"$TOKEN\" > leaked.txt"))
                .build(), new RunListener() {
                    @Override
                    public void onLine(OutputLine line) {
                        shown.add(line.text());
                    }
                });

        assertThat(shown).containsExactly("token is ****", "****");
        assertThat(Files.readString(result.reportFile())).doesNotContain(SECRET).doesNotContain(base64)
                .contains("token is ****");
        assertThat(tmp.resolve("out").resolve(ReportFiles.PATCH_FILE)).content().doesNotContain(SECRET)
                .contains("+****");
        assertThat(result.report().finalMessage()).isEqualTo("token is ****\n****");
    }

    @Test
    void anAgentsCredentialIsMaskedEvenWhenPassedAsPlainEnvironment() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path claude = Files.writeString(bin.resolve("claude"), "#!/bin/sh\necho \"key=$ANTHROPIC_API_KEY\"\n");
        claude.toFile().setExecutable(true);

        RunResult result = new AgentRunner(executor).run(RunRequest.builder().agent("claude-code").prompt("Hi")
                .env("ANTHROPIC_API_KEY", SECRET).env("PATH", bin + ":" + System.getenv("PATH"))
                .workspace(repo).outDir(tmp.resolve("out")).build(), RunListener.none());

        assertThat(Files.readString(result.reportFile())).doesNotContain(SECRET).contains("key=****");
    }

    @AfterAll
    static void closeExecutors() {
        EXECUTORS.values().forEach(Executor::close);
    }

    /** Executor x encoding x output; the plain secret also in split writes, and the real base64 tool's output. */
    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        Encoding wrapped = SecretEncodings.all().stream().filter(e -> e.name().startsWith("base64 wrapped at 76"))
                .findFirst().orElseThrow();
        for (String executor : List.of("process", "docker")) {
            List<Object[]> agents = new ArrayList<>();
            SecretEncodings.all().forEach(encoding -> agents.add(new Object[] {encoding, encoding.text(), ""}));
            Encoding plain = SecretEncodings.all().get(0);
            agents.add(new Object[] {new Encoding("plain, split writes", plain.text(), plain.traces()), plain.text(),
                    "split"});
            agents.add(new Object[] {new Encoding("base64 tool's default output", "", wrapped.traces()), "", ""});
            for (Object[] agent : agents) {
                for (String output : OUTPUTS) {
                    rows.add(Arguments.of(executor, agent[0], agent[1], agent[2], output));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1} in {4}")
    @MethodSource("matrix")
    void noEncodingOfTheSecretReachesAnyOutput(String executor, Encoding encoding, String text, String mode,
                                               String output) {
        Map<String, String> outputs = RUNS.computeIfAbsent(executor + "/" + encoding.name(),
                key -> leak(executor, text, mode));

        if (output.equals("run")) {
            // The run still works; its report says the patch no longer reproduces the change exactly.
            assertThat(outputs.get(output)).startsWith("succeeded, 1 file(s) changed, patch masked");
        } else {
            SecretEncodings.assertNoTrace(outputs.get(output), encoding, output);
        }
    }

    /** Runs the leaking agent and renders and sends what a user of its run gets: every output, by name. */
    private static Map<String, String> leak(String executorName, String text, String mode) {
        try {
            Path dir = Files.createTempDirectory(runs, "run");
            Path workspace = GitRepos.sample(dir.resolve("repo"));
            Executor executor = EXECUTORS.computeIfAbsent(executorName, name -> name.equals("docker")
                    ? DockerExecutor.fromEnvironment() : new ProcessExecutor(runs.resolve("state")));
            RunRequest.Builder request = RunRequest.builder().agent("command").prompt("Leak $TOKEN")
                    .secret("TOKEN", SecretEncodings.SECRET).workspace(workspace).outDir(dir.resolve("out"))
                    .args(List.of("sh", "-c", LEAK, "sh", text, mode));
            if (executorName.equals("docker")) {
                request.image(IMAGE).network("none");
            }
            List<String> console = new ArrayList<>();
            RunResult result = new AgentRunner(executor).run(request.build(), new RunListener() {
                @Override
                public void onLine(OutputLine line) {
                    console.add(line.text());
                }
            });
            RunReport report = result.report();
            Map<String, String> outputs = new LinkedHashMap<>();
            outputs.put("run", report.status() + ", " + report.changedFiles().size() + " file(s) changed, patch "
                    + (report.patch().masked() ? "masked" : "not masked") + "\n" + report.patch().text());
            outputs.put("console", String.join("\n", console));
            outputs.put("report.json", Files.readString(result.reportFile()));
            outputs.put("event log", Json.MAPPER.writeValueAsString(report.events()));
            outputs.put("HTML", HtmlRenderer.runPage(report, HtmlRenderer.Options.DEFAULT));
            outputs.put("Markdown", MarkdownRenderer.run(report, Map.of()));
            outputs.put("patch", Files.readString(ReportFiles.patchFile(report, result.reportFile()),
                    StandardCharsets.ISO_8859_1));
            outputs.put("tracking record (outbox)", outbox(report, dir.resolve("outbox")));
            outputs.put("comment body", comment(MarkdownRenderer.run(report, Map.of())));
            return outputs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every file the outbox holds after queueing the run's record. */
    private static String outbox(RunReport report, Path dir) throws IOException {
        new Outbox(dir, Outbox.DEFAULT_MAX_RECORDS, TrackingListener.NONE, Clock.systemUTC())
                .put(TrackingRecord.of(report));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }

    /** The body GitHub receives when the run's Markdown is posted as a pull request comment. */
    private static String comment(String markdown) throws IOException, InterruptedException {
        try (MockWebServer github = new MockWebServer()) {
            github.start(InetAddress.getLoopbackAddress(), 0);
            github.enqueue(new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody("{\"id\": 1}"));
            try (GitHubClient client = new GitHubClient("token-1234", CommentClientOptions.DEFAULT)) {
                client.post(ChangeRef.github("o", "r", 1, false).withApiBaseUrl(github.url("/").toString()), markdown);
            }
            return github.takeRequest().getBody().readUtf8();
        }
    }
}
