package io.ambient.fanout;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.exec.DockerExecutor;
import io.ambient.exec.OutputLine;
import io.ambient.exec.ProcessExecutor;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.run.RunListener;
import io.ambient.run.RunRequest;
import io.ambient.testing.DocSchemas;
import io.ambient.testing.GitRepos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fan-outs of the command agent in real containers on a real Docker engine. */
class FanOutRunnerTest {
    static final String IMAGE = System.getenv().getOrDefault("AMBIENT_TEST_IMAGE", "ambient-test/busybox:1");
    static final Shard API = new Shard("api", List.of("api/"));
    static final Shard WEB = new Shard("web", List.of("web/"));

    @TempDir
    Path tmp;
    Path repo;
    Path out;
    DockerExecutor executor;
    FanOutRunner fanOut;

    @BeforeEach
    void setUp() throws Exception {
        repo = GitRepos.sample(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("api"));
        Files.createDirectories(repo.resolve("web"));
        Files.writeString(repo.resolve("api/Api.java"), "class Api {}\n");
        Files.writeString(repo.resolve("web/app.js"), "app();\n");
        GitRepos.git(repo, "add", "-A");
        GitRepos.git(repo, "-c", "user.name=t", "-c", "user.email=t@invalid", "commit", "-q", "-m", "modules");
        GitRepos.chown(repo, "1000:1000");
        out = tmp.resolve("fanout");
        executor = DockerExecutor.fromEnvironment();
        fanOut = new FanOutRunner(executor);
    }

    @AfterEach
    void tearDown() {
        executor.close();
    }

    @Test
    void noMoreRunsThanMaxParallelRunAtOnce() {
        List<Shard> shards = List.of(shard("a"), shard("b"), shard("c"), shard("d"), shard("e"), shard("f"));
        FanOutReport report = fanOut.run(spec(FanOutPlan.of(shards, List.of(), 64)).maxParallel(2).build(),
                script("sleep 1"), FanOutListener.none());

        assertThat(report.runs()).allSatisfy(run -> assertThat(run.report().status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(maxOverlap(report.runs().stream().map(FanOutRun::report).toList())).isEqualTo(2);
        assertThat(report.maxParallel()).isEqualTo(2);
    }

    @Test
    void modelRunsWorkOnTheirOwnCopiesAndTheBestIsMerged() throws Exception {
        FanOutReport report = fanOut.run(spec(FanOutPlan.of(List.of(), List.of("command:alpha", "command:beta"), 64))
                .build(), script("echo \"$AMBIENT_MODEL\" >> notes.txt; cat notes.txt"), FanOutListener.none());

        assertThat(report.runs()).extracting(run -> run.report().finalMessage()).containsExactly("alpha", "beta");
        assertThat(report.runs()).extracting(FanOutRun::merge)
                .containsExactly(MergeStatus.MERGED, MergeStatus.NOT_PICKED);
        assertThat(repo.resolve("notes.txt")).content().isEqualTo("alpha\n");
        assertThat(out.resolve(".workspaces")).doesNotExist();
    }

    @Test
    void theBestRunPassesVerifyThenChangesTheFewestLines() throws Exception {
        // alpha breaks the build; beta changes two lines; gamma one: gamma is picked.
        String script = "case \"$AMBIENT_MODEL\" in alpha) touch broken; echo x > a.txt;; "
                + "beta) printf 'x\\ny\\n' > b.txt;; gamma) echo z > c.txt;; esac";
        FanOutReport report = fanOut.run(spec(FanOutPlan.of(List.of(),
                List.of("command:alpha", "command:beta", "command:gamma"), 64)).verify("test ! -e broken").build(),
                script(script), FanOutListener.none());

        assertThat(report.runs()).extracting(run -> run.verify().passed()).containsExactly(false, true, true);
        assertThat(report.runs()).extracting(FanOutRun::merge)
                .containsExactly(MergeStatus.NOT_ELIGIBLE, MergeStatus.NOT_PICKED, MergeStatus.MERGED);
        assertThat(repo.resolve("c.txt")).exists();
        assertThat(repo.resolve("b.txt")).doesNotExist();
        assertThat(report.runs().get(0).verify().exitCode()).isEqualTo(1);
        assertThat(report.comparison()).extracting(FanOutReport.ComparisonRow::verify)
                .containsExactly("failed", "passed", "passed");
    }

    @Test
    void firstPassingPicksThePlanOrderNotTheSmallestChange() {
        String script = "case \"$AMBIENT_MODEL\" in alpha) printf 'x\\ny\\n' > a.txt;; beta) echo z > b.txt;; esac";
        FanOutReport report = fanOut.run(spec(FanOutPlan.of(List.of(), List.of("command:alpha", "command:beta"), 64))
                .pick(PickRule.FIRST_PASSING).build(), script(script), FanOutListener.none());

        assertThat(report.runs()).extracting(FanOutRun::merge)
                .containsExactly(MergeStatus.MERGED, MergeStatus.NOT_PICKED);
    }

    @Test
    void shardRunsAreAllMergedAndAnEditOutsideTheShardIsReported() throws Exception {
        String script = "f=$(echo \"$AMBIENT_PROMPT\" | cut -d' ' -f2); echo '// tidied' >> \"$f\"; "
                + "if [ \"$f\" = api/Api.java ]; then echo stray > web/stray.js; fi";
        FanOutReport report = fanOut.run(FanOutSpec.builder(repo, out, FanOutPlan.of(List.of(
                new Shard("api", List.of("api/Api.java")), new Shard("web", List.of("web/app.js"))), List.of(), 64))
                .prompt("Tidy ${SHARD_PATHS}").build(), script(script), FanOutListener.none());

        assertThat(report.runs().get(0).outOfScope()).containsExactly("web/stray.js");
        assertThat(report.runs().get(1).outOfScope()).isEmpty();
        assertThat(report.runs()).extracting(FanOutRun::merge).containsOnly(MergeStatus.MERGED);
        assertThat(repo.resolve("api/Api.java")).content().endsWith("// tidied\n");
        assertThat(repo.resolve("web/app.js")).content().endsWith("// tidied\n");
    }

    @Test
    void anOutOfScopeEditCanBeRejected() throws Exception {
        FanOutReport report = fanOut.run(spec(FanOutPlan.of(List.of(API, WEB), List.of(), 64)).rejectOutOfScope(true)
                .build(), script("echo \"$AMBIENT_PROMPT\" >> README.md"), FanOutListener.none());

        assertThat(report.runs()).extracting(FanOutRun::merge).containsOnly(MergeStatus.OUT_OF_SCOPE);
        assertThat(repo.resolve("README.md")).content().isEqualTo("Teh sample\n");
    }

    @Test
    void twoRunsChangingTheSameFileConflictAndTheSecondIsNotMerged() throws Exception {
        FanOutReport report = fanOut.run(spec(FanOutPlan.of(List.of(API, WEB), List.of(), 64)).build(),
                script("echo \"$AMBIENT_PROMPT\" >> README.md"), FanOutListener.none());

        assertThat(report.runs()).extracting(FanOutRun::merge).containsExactly(MergeStatus.MERGED, MergeStatus.CONFLICT);
        assertThat(report.runs().get(1).conflictsWith()).containsExactly("api");
        assertThat(repo.resolve("README.md")).content().isEqualTo("Teh sample\nWork on api/\n");
    }

    @Test
    void cancellingTheFanOutStopsEveryContainerWithinSeconds() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        FanOutListener listener = countingLines(started);
        CompletableFuture<FanOutReport> running = CompletableFuture.supplyAsync(() -> fanOut.run(
                spec(FanOutPlan.of(List.of(API, WEB, shard("c")), List.of(), 64)).maxParallel(2).build(),
                script("echo started; sleep 60"), listener));
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        Instant cancelledAt = Instant.now();

        fanOut.cancel();
        FanOutReport report = running.get(60, TimeUnit.SECONDS);

        assertThat(Duration.between(cancelledAt, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(report.stoppedBy()).isEqualTo(FanOutReport.StopReason.CANCELLED);
        assertThat(report.runs()).extracting(run -> run.report() == null ? "not started" : run.report().status().toString())
                .containsExactly("cancelled", "cancelled", "not started");
        assertThat(containersLabelled("fanout=" + report.fanOutId())).isEmpty();
        assertThat(repo.resolve("README.md")).content().isEqualTo("Teh sample\n");
        assertThat(out.resolve(".workspaces")).doesNotExist();
    }

    @Test
    void aRunThatCannotStartStopsTheRunsAlreadyStartedBeforeTheFanOutFails() throws Exception {
        String slow = "slow-" + System.nanoTime();
        CountDownLatch slowRuns = new CountDownLatch(1);
        AtomicInteger brokenCalls = new AtomicInteger();
        RunFactory factory = run -> {
            // The first call per run is the fan-out's check; the second builds the run itself.
            if (run.name().equals("broken") && brokenCalls.incrementAndGet() == 2) {
                await(slowRuns);
                throw new AmbientException("the engine went away");
            }
            return script("echo started; sleep 60").request(run);
        };
        FanOutListener listener = countingLines(slowRuns);
        Instant startedAt = Instant.now();

        assertThatThrownBy(() -> fanOut.run(spec(FanOutPlan.of(List.of(shard(slow), shard("broken")), List.of(), 64))
                .maxParallel(2).build(), factory, listener)).hasMessageContaining("the engine went away");

        assertThat(Duration.between(startedAt, Instant.now())).isLessThan(Duration.ofSeconds(45));
        assertThat(containersLabelled("fanout-run=" + slow)).isEmpty();
        assertThat(out.resolve(".workspaces")).doesNotExist();
    }

    @Test
    void everyRunIsCheckedByTheExecutorItWillRunOnBeforeTheFirstStarts() {
        FanOutRunner onProcesses = new FanOutRunner(new ProcessExecutor(tmp.resolve("state")));

        assertThatThrownBy(() -> onProcesses.run(spec(FanOutPlan.of(List.of(API, WEB), List.of(), 64)).build(),
                script("true"), FanOutListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("network isolation needs the docker executor");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFanOutCancelledBeforeItRunsStartsNothing() {
        fanOut.cancel();

        FanOutReport report = fanOut.run(spec(FanOutPlan.of(List.of(API, WEB), List.of(), 64)).build(),
                script("echo work >> README.md"), FanOutListener.none());

        assertThat(report.stoppedBy()).isEqualTo(FanOutReport.StopReason.CANCELLED);
        assertThat(report.runs()).allSatisfy(run -> assertThat(run.report()).isNull());
        assertThat(repo.resolve("README.md")).content().isEqualTo("Teh sample\n");
    }

    @Test
    void aRunnerThatRanAFanOutRefusesAnotherRatherThanStartingNothing() {
        fanOut.cancel();
        fanOut.run(spec(FanOutPlan.of(List.of(API), List.of(), 64)).build(), script("true"), FanOutListener.none());

        // Its stop reason stands (a cancel before run() must), so a second fan-out would silently start no run.
        assertThatThrownBy(() -> fanOut.run(spec(FanOutPlan.of(List.of(API), List.of(), 64)).build(), script("true"),
                FanOutListener.none())).isInstanceOf(IllegalStateException.class).hasMessageContaining("one fan-out");
    }

    @Test
    void aFailureDoesNotStopTheOthersUnlessTheFanOutFailsFast() {
        FanOutReport report = fanOut.run(spec(FanOutPlan.of(List.of(API, WEB), List.of(), 64)).maxParallel(1).build(),
                script("case \"$AMBIENT_PROMPT\" in *api*) exit 3;; esac"), FanOutListener.none());
        assertThat(report.runs()).extracting(run -> run.report().status())
                .containsExactly(RunStatus.FAILED, RunStatus.SUCCEEDED);

        FanOutReport failFast = new FanOutRunner(executor).run(spec(FanOutPlan.of(List.of(API, WEB), List.of(), 64))
                .maxParallel(1).failFast(true).build(), script("case \"$AMBIENT_PROMPT\" in *api*) exit 3;; esac"),
                FanOutListener.none());
        assertThat(failFast.stoppedBy()).isEqualTo(FanOutReport.StopReason.FAIL_FAST);
        assertThat(failFast.runs().get(1).merge()).isEqualTo(MergeStatus.NOT_STARTED);
    }

    @Test
    void theReportHoldsEveryRunsReportAndIsWrittenBesideThem() throws Exception {
        FanOutReport report = fanOut.run(spec(FanOutPlan.of(List.of(API, WEB), List.of(), 64)).build(),
                script("echo done"), FanOutListener.none());

        assertThat(out.resolve(FanOutRunner.REPORT_FILE)).exists();
        assertThat(report.runs()).allSatisfy(run -> assertThat(out.resolve(run.reportFile())).exists());
        assertThat(report.runs()).extracting(run -> run.report().labels().get("fanout")).containsOnly(report.fanOutId());
        assertThat(io.ambient.Json.MAPPER.readValue(out.resolve(FanOutRunner.REPORT_FILE).toFile(), FanOutReport.class)
                .runs()).hasSize(2);
        assertThat(DocSchemas.problems("fanout-report.schema.json",
                io.ambient.Json.MAPPER.readTree(out.resolve(FanOutRunner.REPORT_FILE).toFile()))).isEmpty();
    }

    @Test
    void aVerifiedAndCancelledFanOutsReportsMatchTheSchemaToo() throws Exception {
        fanOut.run(spec(FanOutPlan.of(List.of(), List.of("command:alpha", "command:beta"), 64)).verify("true")
                .build(), script("echo x > \"$AMBIENT_MODEL\".txt"), FanOutListener.none());

        assertThat(DocSchemas.problems("fanout-report.schema.json",
                io.ambient.Json.MAPPER.readTree(out.resolve(FanOutRunner.REPORT_FILE).toFile()))).isEmpty();
    }

    @Test
    void badInputInAnyRunIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> fanOut.run(spec(FanOutPlan.of(List.of(), List.of("command:a", "nosuch:b"), 64))
                .build(), script("true"), FanOutListener.none()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nosuch");
        assertThatThrownBy(() -> fanOut.run(spec(FanOutPlan.of(List.of(API), List.of(), 64)).verify(" ").build(),
                script("true"), FanOutListener.none()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("verify command is empty");
        assertThatThrownBy(() -> fanOut.run(spec(FanOutPlan.of(List.of(API), List.of(), 64)).budgetUsd(1.0).build(),
                script("true"), FanOutListener.none()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("reports neither its cost nor its tokens");
        assertThat(out).doesNotExist();
    }

    @Test
    void aRunNameTooLongToEndItsRunIdIsRefusedBeforeAnythingStartsNamingTheLimit() {
        Shard longName = shard("a-shard-named-at-great-length-for-report");

        assertThatThrownBy(() -> fanOut.run(spec(FanOutPlan.of(List.of(API, longName), List.of(), 64)).build(),
                script("echo x >> README.md"), FanOutListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("run name 'a-shard-named-at-great-length-for-report' is 40 characters long: a fan-out's run "
                        + "names end its runs' ids and may have at most 37; shorten the shard or profile name");
        assertThat(out).doesNotExist();
    }

    @Test
    void moreRunsThanTheCapAreRefused() {
        assertThatThrownBy(() -> FanOutPlan.of(List.of(API, WEB), List.of("command:a", "command:b"), 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("4 runs (2 shards x 2 models) is more than the cap of 3: use fewer shards or models, "
                        + "or raise --max-runs");
    }

    private FanOutSpec.Builder spec(List<PlannedRun> runs) {
        return FanOutSpec.builder(repo, out, runs).prompt("Work on ${SHARD_PATHS}");
    }

    private static RunFactory script(String script) {
        return run -> RunRequest.builder().agent(run.profile() == null ? "command" : run.profile()).model(run.model())
                .image(IMAGE).network("none").args(List.of("sh", "-c", script));
    }

    private static Shard shard(String name) {
        return new Shard(name, List.of(name + "/"));
    }

    /** The most runs whose containers were running at one moment, from the engine's own start and end times. */
    static int maxOverlap(List<RunReport> reports) {
        List<long[]> edges = new ArrayList<>();
        for (RunReport report : reports) {
            edges.add(new long[] {report.startedAt().toEpochMilli() * 1_000_000L + report.startedAt().getNano() % 1_000_000, 1});
            edges.add(new long[] {report.finishedAt().toEpochMilli() * 1_000_000L + report.finishedAt().getNano() % 1_000_000, -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            max = Math.max(max, now);
        }
        return max;
    }

    /** Counts every line any run writes down on {@code lines}. */
    private static FanOutListener countingLines(CountDownLatch lines) {
        return new FanOutListener() {
            @Override
            public RunListener run(PlannedRun run) {
                return new RunListener() {
                    @Override
                    public void onLine(OutputLine line) {
                        lines.countDown();
                    }
                };
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String containersLabelled(String label) throws Exception {
        Process process = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=" + label).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return text.strip();
    }
}
