package io.ambient.run;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.Json;
import io.ambient.agent.AgentEvent;
import io.ambient.exec.Executor;
import io.ambient.exec.LogCursor;
import io.ambient.exec.OutputLine;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.report.SecretMasker;
import io.ambient.testing.GitRepos;
import io.ambient.testing.ReportSchema;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link AgentRunner} promises, whichever executor runs the agent. */
abstract class AgentRunnerContract {
    static final String TIDY = "sed -i s/Teh/The/ README.md && rm old.txt && echo added > NEW.md && echo tidied";

    @TempDir
    Path tmp;
    Path repo;
    Path out;
    Executor executor;
    AgentRunner runner;

    abstract Executor newExecutor();

    /** A request for this executor, with what it needs (an image for Docker). */
    abstract RunRequest.Builder request();

    @BeforeEach
    void setUp() throws Exception {
        repo = GitRepos.sample(tmp.resolve("repo"));
        out = tmp.resolve("out");
        executor = newExecutor();
        runner = new AgentRunner(executor);
    }

    @AfterEach
    void tearDown() {
        executor.close();
    }

    @Test
    void aSucceedingRunReportsWhatTheAgentChangedAndSaid() throws Exception {
        RunResult result = runner.run(command("Tidy the repo", TIDY).build(), RunListener.none());

        RunReport report = result.report();
        assertThat(result.succeeded()).isTrue();
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.exitCode()).isZero();
        assertThat(report.executor()).isEqualTo(executor.name());
        assertThat(report.prompt()).isEqualTo("Tidy the repo");
        assertThat(report.finalMessage()).isEqualTo("tidied");
        assertThat(report.changedFiles()).extracting(ChangedFile::path, ChangedFile::change).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("README.md", ChangeType.MODIFIED),
                org.assertj.core.groups.Tuple.tuple("old.txt", ChangeType.DELETED),
                org.assertj.core.groups.Tuple.tuple("NEW.md", ChangeType.ADDED));
        assertThat(report.patch().text()).contains("+The sample").contains("-obsolete");
        assertThat(out.resolve(ReportFiles.PATCH_FILE)).content().contains("+added");
        assertThat(report.durationMillis()).isEqualTo(Duration.between(report.startedAt(), report.finishedAt()).toMillis())
                .isNotNegative();
        assertThat(ReportFiles.read(result.reportFile())).isEqualTo(report);
        ReportSchema.assertConforms(result.reportFile());
    }

    @Test
    void theAgentGetsThePromptOnStdinInAFileAndInItsEnvironment() {
        RunResult result = runner.run(command("Fix it",
                "read -r line; echo \"stdin=$line\"; echo \"file=$(cat \"$AMBIENT_PROMPT_FILE\")\"; echo \"env=$AMBIENT_PROMPT\"")
                .build(), RunListener.none());

        assertThat(result.report().finalMessage()).isEqualTo("stdin=Fix it\nfile=Fix it\nenv=Fix it");
        assertThat(result.report().changedFiles()).isEmpty();
    }

    @Test
    void aFailingAgentIsReportedFailedWithItsExitCode() {
        RunResult result = runner.run(command("Fail", "echo broken >&2; exit 3").build(), RunListener.none());

        assertThat(result.report().status()).isEqualTo(RunStatus.FAILED);
        ReportSchema.assertConforms(result.reportFile());
        assertThat(result.report().exitCode()).isEqualTo(3);
    }

    @Test
    void anAgentPastItsTimeoutIsKilledAndReportedTimedOut() {
        RunResult result = runner.run(command("Hang", "sleep 60").timeout(Duration.ofSeconds(2)).build(),
                RunListener.none());

        assertThat(result.report().status()).isEqualTo(RunStatus.TIMED_OUT);
        ReportSchema.assertConforms(result.reportFile());
        assertThat(result.report().durationMillis()).isLessThan(20_000);
    }

    @Test
    void aRunGivenNoTimeoutGetsTheDefaultOfAnHour() {
        RunResult result = runner.run(command("Say hi", "echo hi").build(), RunListener.none());

        assertThat(result.report().limits().timeoutSeconds()).isEqualTo(3600L);
    }

    @Test
    void aResumedRunShowsOnlyNewLinesButReportsAllOfThem() {
        RunTicket ticket = runner.start(command("Count", "for i in 1 2 3 4 5; do echo line$i; done").build(),
                RunListener.none());
        LogCursor shown = new LogCursor(2, 0);
        List<String> lines = new ArrayList<>();

        RunResult result = runner.finish(ticket, shown, new RunListener() {
            @Override
            public void onLine(OutputLine line) {
                lines.add(line.text());
            }
        });

        assertThat(lines).containsExactly("line3", "line4", "line5");
        assertThat(result.report().events().total()).isEqualTo(5);
        assertThat(result.report().finalMessage()).isEqualTo("line1\nline2\nline3\nline4\nline5");
    }

    @Test
    void aRunPolledWithBoundedFollowsFromFreshProcessesShowsEveryLineOnce() throws Exception {
        RunTicket started = runner.start(command("Count slowly",
                "for i in $(seq 1 30); do echo line$i; sleep 0.05; done").build(), RunListener.none());
        String persisted = Json.MAPPER.writeValueAsString(started);
        List<String> lines = new ArrayList<>();
        RunListener shown = new RunListener() {
            @Override
            public void onLine(OutputLine line) {
                lines.add(line.text());
            }
        };
        List<FollowStep> polls = pollToEnd(cursor -> {
            // Each poll as a restarted controller would make it: a new executor, the ticket read back.
            executor.close();
            executor = newExecutor();
            try {
                RunTicket ticket = Json.MAPPER.readValue(persisted, RunTicket.class);
                return new AgentRunner(executor).follow(ticket, cursor, shown, SecretMasker.NONE, Duration.ofMillis(200));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        FollowStep step = polls.get(polls.size() - 1);

        assertThat(polls).hasSizeGreaterThan(1);
        assertThat(lines).containsExactlyElementsOf(IntStream.rangeClosed(1, 30).mapToObj(i -> "line" + i).toList());
        assertThat(step.result().report().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(step.result().report().events().total()).isEqualTo(30);
    }

    @Test
    void aRunPolledWithBoundedFollowsHandsOverEachEventOnce() {
        RunTicket ticket = runner.start(command("Count slowly",
                "for i in $(seq 1 20); do echo line$i; sleep 0.05; done").build(), RunListener.none());
        List<String> events = new ArrayList<>();
        RunListener shown = new RunListener() {
            @Override
            public void onEvent(AgentEvent event) {
                events.add(event.text());
            }
        };
        List<FollowStep> polls = pollToEnd(cursor -> runner.follow(ticket, cursor, shown, SecretMasker.NONE,
                Duration.ofMillis(200)));
        FollowStep step = polls.get(polls.size() - 1);

        assertThat(polls).hasSizeGreaterThan(1);
        assertThat(events).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "line" + i).toList());
        assertThat(step.result().report().events().total()).isEqualTo(20);
    }

    @Test
    void aFollowCappedAtSomeLinesHandsThemOverInBatchesWithNoneLostOrRepeated() {
        RunTicket ticket = runner.start(command("Count", "for i in $(seq 1 50); do echo line$i; done; sleep 1").build(),
                RunListener.none());
        List<String> lines = new ArrayList<>();
        RunListener shown = new RunListener() {
            @Override
            public void onLine(OutputLine line) {
                lines.add(line.text());
            }
        };
        List<Integer> batches = new ArrayList<>();
        LogCursor cursor = LogCursor.START;
        FollowStep step;
        do {
            int before = lines.size();
            step = runner.follow(ticket, cursor, shown, SecretMasker.NONE, Duration.ofSeconds(30), 20);
            cursor = step.cursor();
            batches.add(lines.size() - before);
        } while (!step.ended());

        assertThat(batches).allSatisfy(batch -> assertThat(batch).isLessThanOrEqualTo(20));
        assertThat(batches.subList(0, 2)).containsExactly(20, 20);
        assertThat(lines).containsExactlyElementsOf(IntStream.rangeClosed(1, 50).mapToObj(i -> "line" + i).toList());
        assertThat(step.result().report().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aBoundedFollowOfAQuietRunReturnsAndLeavesItRunning() {
        RunTicket ticket = runner.start(command("Wait", "sleep 2; echo woke").build(), RunListener.none());

        FollowStep first = runner.follow(ticket, LogCursor.START, RunListener.none(), SecretMasker.NONE,
                Duration.ofMillis(300));
        RunResult result = runner.finish(ticket, first.cursor(), RunListener.none());

        assertThat(first.ended()).isFalse();
        assertThat(first.cursor()).isEqualTo(LogCursor.START);
        assertThat(result.report().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.report().finalMessage()).isEqualTo("woke");
    }

    @Test
    void followingARunWhoseEndWasCollectedAlreadyKeepsItsReport() {
        // A poller that lost the answer of the poll that saw the end (a controller restart) follows once more.
        RunTicket ticket = runner.start(command("Say", "echo done").build(), RunListener.none());
        RunResult first = runner.finish(ticket, LogCursor.START, RunListener.none());

        RunResult again = runner.finish(ticket, LogCursor.START, RunListener.none());

        assertThat(again.report().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.report().finalMessage()).isEqualTo("done");
        assertThat(ReportFiles.read(first.reportFile()).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aTimeoutThatPassedWhileNobodyFollowedIsEnforcedByTheNextFollow() throws Exception {
        RunTicket ticket = runner.start(command("Hang", "sleep 60").timeout(Duration.ofSeconds(1)).build(),
                RunListener.none());
        assertThat(runner.follow(ticket, LogCursor.START, RunListener.none(), SecretMasker.NONE,
                Duration.ofMillis(100)).ended()).isFalse();
        Thread.sleep(1_500);

        RunResult result = runner.finish(ticket, LogCursor.START, RunListener.none());

        assertThat(result.report().status()).isEqualTo(RunStatus.TIMED_OUT);
    }

    @Test
    void aCancelledRunIsReportedCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        RunTicket ticket = runner.start(command("Hang", "echo started; sleep 60").build(), RunListener.none());
        CompletableFuture<RunResult> finished = CompletableFuture.supplyAsync(() -> runner.finish(ticket,
                LogCursor.START, new RunListener() {
                    @Override
                    public void onLine(OutputLine line) {
                        started.countDown();
                    }
                }));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        runner.cancel(ticket);

        assertThat(finished.get(30, TimeUnit.SECONDS).report().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void anEmptyPromptIsRejectedBeforeAnythingExists() {
        assertThatThrownBy(() -> runner.run(command(" ", "true").build(), RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--prompt");
        assertThat(out).doesNotExist();
    }

    @Test
    void aWorkspaceThatIsNotAGitRepositoryIsRejectedBeforeAnythingExists() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));

        assertThatThrownBy(() -> runner.run(command("Tidy", "true").workspace(plain).build(), RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a git repository");
        assertThat(out).doesNotExist();
    }

    @Test
    void aReportDirectoryThatIsAFileIsRejectedBeforeAnythingExists() throws Exception {
        Files.writeString(out, "not a directory");

        assertThatThrownBy(() -> runner.run(command("Tidy", "true").build(), RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("report directory " + out + " is a file");
        assertThat(out).content().isEqualTo("not a directory");
    }

    @Test
    void anOutDirInsideTheWorkspaceThatGitDoesNotIgnoreIsRefusedBeforeAnythingExists() {
        Path inside = repo.resolve("agent-report");

        assertThatThrownBy(() -> runner.run(command("Tidy", "true").outDir(inside).build(), RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("inside the workspace").hasMessageContaining(".gitignore");
        assertThat(inside).doesNotExist();
    }

    @Test
    void noReportFileIsWrittenThroughALinkTheAgentPlantedInTheOutDir() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious\n");
        Path inside = ignoredOutDir();

        RunResult result = runner.run(command("Plant links", "ln -s " + victim + " out/changes.patch && ln -s " + victim
                + " out/report.json && echo added > NEW.md").outDir(inside).build(), RunListener.none());

        assertThat(victim).content().isEqualTo("precious\n");
        assertThat(result.report().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(inside.resolve(ReportFiles.PATCH_FILE)).isRegularFile().content().contains("+added");
        assertThat(Files.isSymbolicLink(inside.resolve(ReportFiles.REPORT_FILE))).isFalse();
        assertThat(result.report().changedFiles()).extracting(ChangedFile::path).containsExactly("NEW.md");
    }

    @Test
    void anOutDirTheAgentReplacesWithALinkIsNeverWrittenThrough() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path inside = ignoredOutDir();

        assertThatThrownBy(() -> runner.run(command("Swap the out dir", "rm -rf out && ln -s " + elsewhere + " out")
                .outDir(inside).build(), RunListener.none()))
                .isInstanceOf(AmbientException.class)
                .hasMessageContaining(inside + " was replaced");
        assertThat(elsewhere).isEmptyDirectory();
    }

    /** An out dir inside the workspace that git ignores, which the agent can write (bind mode, process executor). */
    Path ignoredOutDir() throws Exception {
        Files.writeString(repo.resolve(".gitignore"), "out/\n");
        GitRepos.git(repo, "add", ".gitignore");
        GitRepos.git(repo, "commit", "-qm", "ignore out");
        Path inside = Files.createDirectories(repo.resolve("out"));
        GitRepos.chown(repo, "1000:1000");
        return inside;
    }

    @Test
    void theEndpointReachesACommandAgentAndItsCredentialsNeverTheReport() throws Exception {
        List<OutputLine> lines = new ArrayList<>();
        RunResult result = runner.run(command("Call the gateway", "echo \"model at $AMBIENT_ENDPOINT\"")
                .endpoint("http://bob:hunter2x@gw.example:4000/v1").build(), new RunListener() {
                    @Override
                    public void onLine(OutputLine line) {
                        lines.add(line);
                    }
                });

        assertThat(result.report().finalMessage()).isEqualTo("model at http://****@gw.example:4000/v1");
        assertThat(lines).extracting(OutputLine::text).noneMatch(text -> text.contains("hunter2x"));
        assertThat(Files.readString(result.reportFile())).doesNotContain("hunter2x").doesNotContain("bob:");
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlWithAHostIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> runner.run(command("Fix it", "true").endpoint("gw.example:4000").build(),
                RunListener.none())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("endpoint").hasMessageContaining("http(s) URL with a host");
        assertThat(out).doesNotExist();
    }

    @Test
    void networkNoneForAnAgentThatCallsItsModelIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> runner.run(request().agent("claude-code").prompt("Fix it").workspace(repo)
                .outDir(out).network("none").secret("ANTHROPIC_API_KEY", "sk-ant-x").build(), RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("agent claude-code calls its model API, which network none cannot reach")
                .hasMessageContaining("--network").hasMessageContaining("--endpoint");
        assertThat(out).doesNotExist();
    }

    RunRequest.Builder command(String prompt, String script) {
        return request().agent("command").prompt(prompt).args(List.of("sh", "-c", script)).workspace(repo)
                .outDir(out);
    }

    /** Follows in bounded polls, each from the cursor the one before returned, until the run ended (200 polls at most). */
    private static List<FollowStep> pollToEnd(Function<LogCursor, FollowStep> poll) {
        List<FollowStep> steps = new ArrayList<>();
        LogCursor cursor = LogCursor.START;
        do {
            steps.add(poll.apply(cursor));
            cursor = steps.get(steps.size() - 1).cursor();
        } while (!steps.get(steps.size() - 1).ended() && steps.size() < 200);
        return steps;
    }
}
