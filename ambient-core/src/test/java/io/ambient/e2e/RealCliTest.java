package io.ambient.e2e;

import io.ambient.InvalidInputException;
import io.ambient.agent.Usage;
import io.ambient.context.AgentContext;
import io.ambient.e2e.FakeModelApi.Turn;
import io.ambient.exec.DockerExecutor;
import io.ambient.exec.ExecSpec;
import io.ambient.exec.OutputLine;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.report.StopCause;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunListener;
import io.ambient.run.RunRequest;
import io.ambient.run.RunResult;
import io.ambient.testing.GitRepos;
import io.ambient.testing.ReportSchema;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.ambient.e2e.FakeModelApi.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the end-to-end tests of the real agent CLIs share: the CLI's image (built by {@code .ci/build-agent-image.sh}),
 * run through our engine in a container on the host network ({@code --network host}) against a scripted model API
 * on the host's loopback, in a sample repository owned by the image's uid 1000 user.
 *
 * @param <A> the fake model API the CLI talks to
 */
abstract class RealCliTest<A extends FakeModelApi> {
    static final String RULES = "Always answer in haiku.";
    static final String POEM = "Teh typo sits still\nold.txt waits to be let go\ncommits hum softly\n";
    static final String PROMPT = "Write a haiku about this repository into poem.md.";
    static final String FINAL = "Wrote poem.md: seventeen syllables about the sample.";
    /** Shell work with a variable expansion, a loop, a pipe and a redirection. */
    static final String COUNT_LINES = "for f in *.md; do wc -l \"$f\"; done | sort > counts.txt";

    @TempDir
    Path tmp;
    Path repo;
    DockerExecutor executor;
    AgentRunner runner;
    /** The fake of the latest {@link #run}. */
    A api;
    final List<OutputLine> lines = new CopyOnWriteArrayList<>();
    private final String agent;
    private final String image;

    /** For {@code agent} in {@code image}, or in the image the environment variable {@code imageVariable} names. */
    RealCliTest(String agent, String imageVariable, String image) {
        this.agent = agent;
        this.image = System.getenv().getOrDefault(imageVariable, image);
    }

    @BeforeEach
    void startEngine() throws Exception {
        executor = DockerExecutor.fromEnvironment();
        try {
            executor.preflight(ExecSpec.builder("e2e-preflight", List.of(agent)).image(image).build());
        } catch (InvalidInputException e) {
            fail("the " + agent + " image " + image + " is missing: build it with `bash .ci/provision-docker.sh`"
                    + " (as root). The engine said: " + e.getMessage());
        }
        // The container runs as the workspace's owner: give it to the image's agent user.
        repo = GitRepos.chown(GitRepos.sample(tmp.resolve("repo")), "1000:1000");
        runner = new AgentRunner(executor);
    }

    @AfterEach
    void stopEngine() {
        if (api != null) {
            api.close();
        }
        executor.close();
    }

    /** A run of the agent on the sample repository with {@link #RULES} as its context. */
    RunRequest.Builder request(String prompt) {
        return RunRequest.builder()
                .agent(agent)
                .prompt(prompt)
                .image(image)
                .workspace(repo)
                .network("host")
                .context(new AgentContext(RULES, List.of()))
                .timeout(Duration.ofMinutes(2))
                .outDir(tmp.resolve("out"));
    }

    /**
     * Runs the real CLI against {@code fake} (which becomes {@link #api}; {@code null} for none), collecting its output
     * in {@link #lines}.
     */
    RunResult run(RunRequest.Builder request, A fake) {
        api = fake;
        RunListener listener = new RunListener() {
            @Override
            public void onLine(OutputLine line) {
                lines.add(line);
            }
        };
        return runner.run(request.build(), listener);
    }

    /** The scripted model's last answer: {@link #FINAL}. */
    static Turn done() {
        return Turn.of(text(FINAL));
    }

    /** Asserts that the run succeeded, not suspect, having added {@link #POEM} as poem.md, as the report says. */
    void assertWrotePoem(RunResult result) throws IOException {
        assertSucceeded(result);
        assertNotSuspect(result);
        assertThat(repo.resolve("poem.md")).content().isEqualTo(POEM);
        assertThat(Files.getAttribute(repo.resolve("poem.md"), "unix:uid")).isEqualTo(1000);
        assertThat(result.report().changedFiles()).extracting(ChangedFile::path, ChangedFile::change)
                .containsExactly(Tuple.tuple("poem.md", ChangeType.ADDED));
        assertThat(result.report().patch().text()).contains("+++ b/poem.md").contains("+old.txt waits to be let go");
    }

    /** Asserts that the run succeeded, not suspect, having fixed the sample README's typo, as the report says. */
    void assertFixedTypo(RunResult result) {
        assertSucceeded(result);
        assertNotSuspect(result);
        assertThat(repo.resolve("README.md")).content().isEqualTo("The sample\n");
        assertThat(result.report().changedFiles()).extracting(ChangedFile::path, ChangedFile::change)
                .containsExactly(Tuple.tuple("README.md", ChangeType.MODIFIED));
        assertThat(result.report().patch().text()).contains("-Teh sample").contains("+The sample");
    }

    /** Asserts that the run succeeded, not suspect, having run {@link #COUNT_LINES} in the workspace. */
    void assertCountedLines(RunResult result) {
        assertSucceeded(result);
        assertNotSuspect(result);
        assertThat(repo.resolve("counts.txt")).content().isEqualTo("1 README.md\n");
        assertThat(result.report().changedFiles()).extracting(ChangedFile::path).containsExactly("counts.txt");
    }

    void assertSucceeded(RunResult result) {
        assertThat(result.report().status()).as(diagnostics(result)).isEqualTo(RunStatus.SUCCEEDED);
    }

    void assertNotSuspect(RunResult result) {
        assertThat(result.report().suspect()).as("suspect reasons %s\n%s", result.report().suspectReasons(),
                diagnostics(result)).isFalse();
    }

    /**
     * Asserts that the run went over {@code budgetUsd} by its tokens at a price (the CLI reports no cost) and was
     * stopped for it, its usage kept.
     */
    void assertOverBudgetByEstimate(RunResult result, double budgetUsd) {
        RunReport report = result.report();
        assertThat(report.status()).as(diagnostics(result)).isEqualTo(RunStatus.BUDGET_EXCEEDED);
        assertThat(report.stoppedBy()).isEqualTo(StopCause.BUDGET);
        assertThat(report.usage().costSource()).isEqualTo(Usage.CostSource.ESTIMATED);
        assertThat(report.usage().costUsd()).isGreaterThan(budgetUsd);
        assertThat(report.usage().inputTokens()).isPositive();
        assertThat(report.usage().outputTokens()).isPositive();
        ReportSchema.assertConforms(result.reportFile());
    }

    /** A loopback URL ending in {@code path} where nothing listens: a port taken from the system, then closed. */
    static String closedEndpoint(String path) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }
    }

    /**
     * Runs {@code request} against {@code endpoint}, which refuses connections, and asserts that the engine stopped it
     * within 90 seconds as unreachable, with one line naming the endpoint, the network and the fix.
     */
    void assertStopsAsUnreachable(RunRequest.Builder request, String endpoint) {
        long start = System.nanoTime();

        RunResult result = run(request.endpoint(endpoint).timeout(Duration.ofMinutes(5)), null);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        RunReport report = result.report();
        assertThat(took).as(diagnostics(result)).isLessThan(Duration.ofSeconds(90));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.stoppedBy()).isEqualTo(StopCause.UNREACHABLE);
        assertThat(report.error()).contains("model endpoint " + endpoint).contains("network host")
                .contains("--endpoint").contains("--network");
        assertThat(report.finalMessage()).isEqualTo(report.error());
        ReportSchema.assertConforms(result.reportFile());
        System.out.println(agent + ": unreachable endpoint stopped after " + took.toMillis() + " ms: "
                + report.error());
    }

    /** What to look at when a run did not go as scripted: its error, exit code, output and the fake's log. */
    String diagnostics(RunResult result) {
        StringBuilder text = new StringBuilder("run ended ").append(result.report().status())
                .append(", exit ").append(result.report().exitCode())
                .append(result.report().error() == null ? "" : ", error: " + result.report().error())
                .append("\n-- CLI output --\n");
        lines.forEach(line -> text.append(line.stream()).append(": ").append(line.text(), 0,
                Math.min(line.text().length(), 2000)).append('\n'));
        text.append("-- requests to the fake API --\n");
        if (api != null) {
            api.requests().forEach(request -> text.append(request.method()).append(' ').append(request.uri())
                    .append(" -> ").append(request.status()).append('\n'));
        }
        return text.toString();
    }
}
