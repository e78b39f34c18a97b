package io.ambient.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ambient} jar as users run it: real processes, a real Docker engine. */
class AmbientCliIT {
    private static final String TIDY = "sed -i s/Teh/The/ README.md && rm old.txt && echo added > NEW.md"
            + " && echo tidied && echo 'careful' >&2";

    @TempDir
    Path tmp;
    private Path repo;
    private Path out;

    @BeforeEach
    void repository() throws Exception {
        repo = Cli.gitRepo(tmp.resolve("repo"));
        out = tmp.resolve("report");
    }

    @Test
    void versionNamesTheRelease() throws Exception {
        Cli.Result result = Cli.run(tmp.resolve("logs"), Map.of(), List.of("--version"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("ambient 0.");
    }

    @Test
    void aSucceedingAgentExitsZeroStreamsPrefixedOutputAndWritesTheReport() throws Exception {
        Cli.Result result = run("--prompt", "Tidy up", "--", "sh", "-c", TIDY);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("[command] tidied");
        assertThat(result.stderr()).contains("[command:stderr] careful").contains("succeeded in");
        JsonNode report = report();
        assertThat(report.get("status").asText()).isEqualTo("succeeded");
        assertThat(report.get("exitCode").asInt()).isZero();
        assertThat(report.get("changedFiles")).extracting(file -> file.get("path").asText() + " " + file.get("change").asText())
                .containsExactlyInAnyOrder("README.md modified", "old.txt deleted", "NEW.md added");
        assertThat(out.resolve("changes.patch")).content().contains("-Teh sample").contains("+The sample");
    }

    @Test
    void aRunThatSucceededButDidNothingExitsThreeAndItsLastLineSaysWhy() throws Exception {
        Cli.Result result = run("--prompt", "Tidy up", "--", "true");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(3);
        String last = result.stderr().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("succeeded").contains("SUSPECT: the agent succeeded but produced nothing");
        assertThat(report().get("suspect").asBoolean()).isTrue();
    }

    @Test
    void allowSuspectLetsASuspectRunExitZero() throws Exception {
        Cli.Result result = run("--allow-suspect", "--prompt", "Tidy up", "--", "true");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("SUSPECT");
    }

    @Test
    void aFailingAgentExitsOneWithAFailedReport() throws Exception {
        Cli.Result result = run("--prompt", "Fail", "--", "sh", "-c", "echo broken; exit 3");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(report().get("status").asText()).isEqualTo("failed");
        assertThat(report().get("exitCode").asInt()).isEqualTo(3);
    }

    @Test
    void aTimedOutAgentIsKilledAndReportedTimedOut() throws Exception {
        Cli.Result result = run("--prompt", "Hang", "--timeout", "2s", "--", "sleep", "60");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(report().get("status").asText()).isEqualTo("timed_out");
    }

    @Test
    void badInputExitsTwoWithOneLineNamingTheFixAndStartsNothing() throws Exception {
        assertBadInput(run("--agent", "clod", "--prompt", "x", "--", "true"), "unknown agent or profile 'clod'");
        assertBadInput(run("--prompt", " ", "--", "true"), "the prompt is empty");
        assertBadInput(run("--prompt", "x", "--timeout", "soon", "--", "true"), "invalid --timeout 'soon'");
        assertBadInput(runWith(List.of("--image", "ambient-test/missing:0"), "--prompt", "x", "--", "true"),
                "image ambient-test/missing:0 not found");
        Files.createDirectories(tmp.resolve("plain"));
        assertBadInput(runIn(tmp.resolve("plain"), "--prompt", "x", "--", "true"), "not a git repository");
        assertBadInput(runIn(tmp.resolve("nowhere"), "--prompt", "x", "--", "true"), "does not exist");
        assertThat(out).doesNotExist();
    }

    @Test
    void limitsAndNetworksThatCannotWorkAreBadInputBeforeAnythingStarts() throws Exception {
        assertBadInput(runIn(repo, "--cpus", "-2", "--prompt", "x", "--", "true"), "invalid CPU limit -2.0");
        assertBadInput(runIn(repo, "--cpus", "0", "--prompt", "x", "--", "true"), "invalid CPU limit 0.0");
        assertBadInput(runIn(repo, "--pids", "-1", "--prompt", "x", "--", "true"), "invalid process limit -1");
        assertBadInput(runIn(repo, "--memory", "1m", "--prompt", "x", "--", "true"), "at least 6 MiB");
        assertBadInput(runWith(List.of("--image", Cli.IMAGE, "--network", "ambient-bogusnet"), "--prompt", "x",
                "--", "true"), "network ambient-bogusnet not found");
        assertBadInput(runWith(List.of("--executor", "process", "--memory", "1g"), "--prompt", "x", "--", "true"),
                "limits need the docker executor");
        assertThat(out).doesNotExist();
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsBadInputThatNeverShowsItsCredentials() throws Exception {
        Cli.Result result = runWith(List.of("--image", Cli.IMAGE, "--endpoint", "ftp://bob:hunter22@gw.example"),
                "--run-id", "it-bad-endpoint", "--prompt", "x", "--", "true");

        assertBadInput(result, "'ftp://****@gw.example' is not an http(s) URL with a host: give the base URL");
        assertThat(result.stderr() + result.stdout()).doesNotContain("hunter22");
        assertThat(out).doesNotExist();
        assertThat(Cli.containersOf("it-bad-endpoint")).isEmpty();
    }

    @Test
    void networkNoneForAnAgentThatCallsAModelIsBadInputNamingTheFix() throws Exception {
        List<String> args = runArgs(repo, List.of("--image", Cli.IMAGE, "--network", "none", "--agent", "claude-code",
                "--secret", "ANTHROPIC_API_KEY", "--run-id", "it-offline-model", "--prompt", "x"));

        Cli.Result result = Cli.run(tmp.resolve("logs"), Map.of("ANTHROPIC_API_KEY", "sk-ant-it"), args);

        assertBadInput(result, "agent claude-code calls its model API, which network none cannot reach");
        assertThat(result.stderr()).contains("--network host").contains("--endpoint URL");
        assertThat(out).doesNotExist();
        assertThat(Cli.containersOf("it-offline-model")).isEmpty();
    }

    @Test
    void aReportDirectoryThatIsAFileIsBadInputBeforeAnythingStarts() throws Exception {
        Files.writeString(out, "mine");

        assertBadInput(runIn(repo, "--prompt", "x", "--", "true"), "report directory " + out + " is a file");
        assertThat(out).content().isEqualTo("mine");
    }

    @Test
    void aWorkspaceThatIsNotAGitRepositoryIsNamedBeforeTheMissingImage() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        List<String> args = runArgs(plain, List.of());
        args.addAll(List.of("--prompt", "x", "--", "true"));

        assertBadInput(Cli.run(tmp.resolve("logs"), Map.of(), args), "not a git repository");
    }

    @Test
    void attachingARunThatFinishedSaysSoAndWhereItsReportIs() throws Exception {
        assertThat(run("--run-id", "it-ended", "--prompt", "Tidy", "--", "sh", "-c", "echo tidied").exitCode()).isZero();

        Cli.Result attached = Cli.run(tmp.resolve("attach-logs"), Map.of(),
                List.of("attach", "it-ended", "--state-dir", tmp.resolve("state").toString()));

        assertBadInput(attached, "run it-ended has finished already (succeeded): its report is "
                + out.resolve("report.json").toAbsolutePath());
    }

    @Test
    void anUnreachableDockerEngineIsBadInputThatPointsAtTheProcessExecutor() throws Exception {
        List<String> args = new ArrayList<>(runArgs(repo, List.of("--image", Cli.IMAGE)));
        args.addAll(List.of("--prompt", "x", "--", "true"));
        Cli.Result result = Cli.run(tmp.resolve("logs"), Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), args);

        assertBadInput(result, "--executor process");
    }

    @Test
    void detachedRunsAreFinishedByAttachFromANewProcess() throws Exception {
        Cli.Result started = run("--detach", "--run-id", "it-detach", "--prompt", "Tidy",
                "--", "sh", "-c", "echo one; sleep 2; echo two");
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        assertThat(started.stdout().trim()).isEqualTo("it-detach");
        assertThat(out.resolve("report.json")).as("no report before the run ends").doesNotExist();

        Cli.Result attached = Cli.run(tmp.resolve("attach-logs"), Map.of(),
                List.of("attach", "it-detach", "--state-dir", tmp.resolve("state").toString()));

        assertThat(attached.exitCode()).as(attached.stderr()).isZero();
        assertThat(attached.stdout()).contains("[command] one").contains("[command] two");
        assertThat(report().get("status").asText()).isEqualTo("succeeded");
        assertThat(Cli.containersOf("it-detach")).isEmpty();
    }

    @Test
    void interruptingTheCommandLineCancelsTheRunAndStillWritesTheReport() throws Exception {
        List<String> args = runArgs(repo, List.of("--image", Cli.IMAGE, "--run-id", "it-interrupt"));
        args.addAll(List.of("--prompt", "Hang", "--", "sh", "-c", "echo started; sleep 60"));
        Process process = Cli.start(tmp.resolve("logs"), Map.of(), args);
        awaitOutput(tmp.resolve("logs"), "[command] started");

        process.destroy();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(report().get("status").asText()).isEqualTo("cancelled");
        assertThat(Cli.containersOf("it-interrupt")).isEmpty();
    }

    @Test
    void theProcessExecutorRunsWithoutIsolationAndSaysSo() throws Exception {
        List<String> args = runArgs(repo, List.of("--executor", "process"));
        args.addAll(List.of("--prompt", "Tidy", "--", "sh", "-c", TIDY));
        Cli.Result result = Cli.run(tmp.resolve("logs"), Map.of(), args);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("WITHOUT isolation");
        assertThat(report().get("executor").asText()).isEqualTo("process");
        assertThat(repo.resolve("NEW.md")).exists();
    }

    @Test
    void reapEndsCleanlyWhenNothingIsLeft() throws Exception {
        Cli.Result result = Cli.run(tmp.resolve("logs"), Map.of(),
                List.of("reap", "--state-dir", tmp.resolve("state").toString()));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("reaped");
    }

    private Cli.Result run(String... args) throws IOException, InterruptedException {
        return runIn(repo, args);
    }

    private Cli.Result runIn(Path workspace, String... args) throws IOException, InterruptedException {
        List<String> all = runArgs(workspace, List.of("--image", Cli.IMAGE, "--network", "none"));
        all.addAll(List.of(args));
        return Cli.run(tmp.resolve("logs"), Map.of(), all);
    }

    private Cli.Result runWith(List<String> options, String... args) throws IOException, InterruptedException {
        List<String> all = runArgs(repo, options);
        all.addAll(List.of(args));
        return Cli.run(tmp.resolve("logs"), Map.of(), all);
    }

    private List<String> runArgs(Path workspace, List<String> options) {
        List<String> args = new ArrayList<>(List.of("run", "--workspace", workspace.toString(),
                "--out", out.toString(), "--state-dir", tmp.resolve("state").toString()));
        args.addAll(options);
        return args;
    }

    private JsonNode report() throws IOException {
        return new ObjectMapper().readTree(out.resolve("report.json").toFile());
    }

    private static void assertBadInput(Cli.Result result, String message) {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("ambient: ").contains(message).doesNotContain("\n");
    }

    private static void awaitOutput(Path logs, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(logs.resolve("out")) || !Cli.read(logs, "out").contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in output within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
