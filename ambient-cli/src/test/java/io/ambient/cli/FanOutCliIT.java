package io.ambient.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ambient fanout} as users run it: the real jar, a real Docker engine, no terminal (so plain lines). */
class FanOutCliIT {
    /** Appends to the file named by the prompt's second word: the prompt is {@code Tidy ${SHARD_PATHS}}. */
    private static final String TIDY_SHARD = "set -- $AMBIENT_PROMPT; echo '// tidied' >> \"$2\"; echo \"tidied $2\"";

    @TempDir
    Path tmp;
    private Path repo;
    private Path out;

    @BeforeEach
    void repository() throws Exception {
        repo = Cli.gitRepo(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("api"));
        Files.createDirectories(repo.resolve("web"));
        Files.writeString(repo.resolve("api/Api.java"), "class Api {}\n");
        Files.writeString(repo.resolve("web/app.js"), "app();\n");
        Cli.exec(repo, "git", "add", "-A");
        Cli.exec(repo, "git", "-c", "user.name=t", "-c", "user.email=t@invalid", "commit", "-q", "-m", "modules");
        out = tmp.resolve("fanout");
    }

    @Test
    void twoShardsEachEditTheirOwnFileAndBothAreMerged() throws Exception {
        Cli.Result result = fanout("--shard", "api=api/Api.java", "--shard", "web=web/app.js",
                "--prompt", "Tidy ${SHARD_PATHS}", "--", "sh", "-c", TIDY_SHARD);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(repo.resolve("api/Api.java")).content().isEqualTo("class Api {}\n// tidied\n");
        assertThat(repo.resolve("web/app.js")).content().isEqualTo("app();\n// tidied\n");
        JsonNode report = report();
        assertThat(report.get("runs")).extracting(run -> run.get("name").asText() + " " + run.get("merge").asText())
                .containsExactly("api merged", "web merged");
        assertThat(report.get("runs")).allSatisfy(run ->
                assertThat(out.resolve(run.get("reportFile").asText())).exists());
        assertThat(result.stdout()).contains("[api] tidied api/Api.java").contains("[web] tidied web/app.js");
        assertThat(tableRow(result, "RUN")).containsSubsequence("STATUS", "VERIFY", "FILES", "+/-", "TURNS", "TOKENS",
                "COST", "TIME", "MERGE");
        assertThat(tableRow(result, "api")).containsSubsequence("succeeded", "1", "+1 -0", "merged");
        assertThat(tableRow(result, "web")).containsSubsequence("succeeded", "1", "+1 -0", "merged");
        assertThat(result.stderr()).contains("fan-out succeeded: 2 of 2 runs succeeded, 2 merged")
                .contains("report: " + out.resolve("fanout.json"));
    }

    @Test
    void withoutATerminalEachStateChangeIsOnePlainLine() throws Exception {
        Cli.Result result = fanout("--shard", "api=api/", "--prompt", "Work on ${SHARD_NAME}",
                "--", "sh", "-c", "echo \"$AMBIENT_PROMPT\"; echo careful >&2");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("[api] Work on api");
        assertThat(result.stderr().lines().toList()).contains("[api] preparing", "[api] starting (docker)",
                "[api:stderr] careful").anySatisfy(line -> assertThat(line).startsWith("[api] running (docker "))
                .anySatisfy(line -> assertThat(line).startsWith("[api] succeeded in"));
        assertThat(result.stdout() + result.stderr()).doesNotContain("\033");
    }

    @Test
    void aModelMatrixPicksTheRunThatChangedTheFewestLines() throws Exception {
        Cli.Result result = fanout("--models", "command:a,command:b", "--pick", "best", "--prompt", "Take notes",
                "--", "sh", "-c", "if [ \"$AMBIENT_MODEL\" = a ]; then printf 'x\\ny\\n' > notes.txt; "
                        + "else echo b > notes.txt; fi");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(repo.resolve("notes.txt")).content().isEqualTo("b\n");
        assertThat(report().get("runs")).extracting(run -> run.get("name").asText() + " " + run.get("merge").asText())
                .containsExactly("command-a not_picked", "command-b merged");
        assertThat(tableRow(result, "command-a")).containsSubsequence("+2 -0", "not_picked");
        assertThat(tableRow(result, "command-b")).containsSubsequence("+1 -0", "merged");
    }

    @Test
    void aFailingRunExitsOneAndTheOthersStillMerge() throws Exception {
        Cli.Result result = fanout("--shard", "api=api/Api.java", "--shard", "web=web/app.js",
                "--prompt", "Tidy ${SHARD_PATHS}",
                "--", "sh", "-c", "case \"$AMBIENT_PROMPT\" in *api*) echo broken; exit 3;; esac; " + TIDY_SHARD);

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).contains("[api] failed in").contains("fan-out failed: 1 of 2 runs succeeded");
        assertThat(tableRow(result, "api")).containsSubsequence("failed", "not_eligible");
        assertThat(report().at("/runs/0/report/exitCode").asInt()).isEqualTo(3);
        assertThat(repo.resolve("web/app.js")).content().endsWith("// tidied\n");
        assertThat(repo.resolve("api/Api.java")).content().isEqualTo("class Api {}\n");
    }

    @Test
    void aFanOutWhoseRunSucceededButDidNothingExitsThreeAndMarksTheRun() throws Exception {
        Cli.Result result = fanout("--shard", "api=api/Api.java", "--shard", "web=web/app.js",
                "--prompt", "Tidy ${SHARD_PATHS}",
                "--", "sh", "-c", "case \"$AMBIENT_PROMPT\" in *api*) true;; *) " + TIDY_SHARD + ";; esac");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(3);
        assertThat(tableRow(result, "api")).contains("succeeded (SUSPECT)");
        assertThat(tableRow(result, "web")).doesNotContain("SUSPECT");
        assertThat(result.stderr()).contains("fan-out succeeded: 2 of 2 runs succeeded").contains("1 SUSPECT");
    }

    @Test
    void aRunFailingVerifyIsNotMergedAndTheFanOutFails() throws Exception {
        Cli.Result result = fanout("--shard", "api=api/Api.java", "--verify", "grep -q nothing-like-this api/Api.java",
                "--prompt", "Tidy ${SHARD_PATHS}", "--", "sh", "-c", TIDY_SHARD);

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(tableRow(result, "api")).containsSubsequence("succeeded", "failed", "not_eligible");
        assertThat(repo.resolve("api/Api.java")).content().isEqualTo("class Api {}\n");
    }

    @Test
    void badInputExitsTwoWithOneLineAndStartsNothing() throws Exception {
        assertBadInput(fanout("--shard", "api=api/", "--shards-auto", "2", "--prompt", "x", "--", "true"),
                "--shard and --shards-auto both give shards");
        assertBadInput(fanout("--shard", "api=api/", "--shard", "web=web/", "--models", "command:a,command:b",
                "--max-runs", "3", "--prompt", "x", "--", "true"),
                "4 runs (2 shards x 2 models) is more than the cap of 3");
        assertBadInput(fanout("--shard", "api=api/", "--verify", "", "--prompt", "x", "--", "true"),
                "the verify command is empty");
        assertBadInput(fanout("--shard", "api", "--prompt", "x", "--", "true"), "invalid --shard 'api'");
        assertBadInput(fanout("--shard", "api=api/", "--pick", "worst", "--prompt", "x", "--", "true"),
                "invalid pick 'worst'");
        assertBadInput(fanout("--shard", "api=api/", "--prompt", "Fix ${TICKET}", "--", "true"), "TICKET");
        assertThat(out).doesNotExist();
        assertThat(repo.resolve("api/Api.java")).content().isEqualTo("class Api {}\n");
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsBadInputBeforeAnyRunStarts() throws Exception {
        Cli.Result result = fanout("--shard", "api=api/", "--endpoint", "gw.example:4000", "--prompt", "x", "--",
                "true");

        assertBadInput(result, "endpoint (--endpoint; in Jenkins, endpoint) 'gw.example:4000' is not an http(s) URL");
        assertThat(out).doesNotExist();
    }

    @Test
    void aLiteralPlaceholderIsWrittenWithTwoDollars() throws Exception {
        Cli.Result result = fanout("--shard", "api=api/", "--prompt", "Keep $${SHARD_NAME} in ${SHARD_NAME}",
                "--", "sh", "-c", "echo \"$AMBIENT_PROMPT\"");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("[api] Keep ${SHARD_NAME} in api");
    }

    @Test
    void interruptingTheCommandLineCancelsEveryRunAndStillWritesTheReport() throws Exception {
        List<String> args = args("--shard", "api=api/", "--shard", "web=web/", "--shard", "readme=README.md",
                "--max-parallel", "2", "--prompt", "Hang", "--", "sh", "-c", "echo started; sleep 60");
        Process process = Cli.start(tmp.resolve("logs"), Map.of(), args);
        awaitOutput(tmp.resolve("logs"), "[api] started");

        process.destroy();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        JsonNode report = report();
        assertThat(report.get("stoppedBy").asText()).isEqualTo("cancelled");
        assertThat(report.get("runs")).extracting(run -> run.get("merge").asText()).contains("not_started");
        assertThat(containersLabelled("fanout=" + report.get("fanOutId").asText())).isEmpty();
    }

    private Cli.Result fanout(String... args) throws IOException, InterruptedException {
        return Cli.run(tmp.resolve("logs"), Map.of(), args(args));
    }

    private List<String> args(String... args) {
        List<String> all = new ArrayList<>(List.of("fanout", "--workspace", repo.toString(), "--out", out.toString(),
                "--state-dir", tmp.resolve("state").toString(), "--image", Cli.IMAGE, "--network", "none"));
        all.addAll(List.of(args));
        return all;
    }

    private JsonNode report() throws IOException {
        return new ObjectMapper().readTree(out.resolve("fanout.json").toFile());
    }

    /** The comparison table's row of {@code name}, split into its cells. */
    private static List<String> tableRow(Cli.Result result, String name) {
        return result.stdout().lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> List.of(line.trim().split("\\s{2,}")))
                .orElseThrow(() -> new AssertionError("no table row " + name + " in:\n" + result.stdout()));
    }

    private static void assertBadInput(Cli.Result result, String message) {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("ambient: ").contains(message).doesNotContain("\n");
        assertThat(result.stdout()).isEmpty();
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

    private static String containersLabelled(String label) throws Exception {
        Process process = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=" + label)
                .redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return text.strip();
    }
}
