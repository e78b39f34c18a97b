package io.ambient.exec;

import io.ambient.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link Executor} promises; each implementation's test extends this with what is its own. */
abstract class ExecutorContract {
    @TempDir
    Path tmp;
    Path workspace;
    Executor executor;
    private int runs;

    /** A fresh executor instance, as a new process would create it. */
    abstract Executor newExecutor();

    /** A spec for a shell script, with what this executor needs (an image for Docker). */
    abstract ExecSpec.Builder shell(String runId, String script);

    /** Whether nothing of run {@code runId} is left (container, control directory). */
    abstract boolean isGone(String runId);

    @BeforeEach
    void setUpExecutor() throws Exception {
        workspace = Files.createDirectories(tmp.resolve("workspace"));
        executor = newExecutor();
    }

    @AfterEach
    void closeExecutor() {
        executor.close();
    }

    String runId() {
        return getClass().getSimpleName().toLowerCase() + "-" + ProcessHandle.current().pid() + "-" + (++runs)
                + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    @Test
    void exitCodesAreReported() {
        assertThat(executor.run(shell(runId(), "exit 0").build(), OutputSink.discard()).exitCode()).isZero();
        assertThat(executor.run(shell(runId(), "exit 3").build(), OutputSink.discard()).exitCode()).isEqualTo(3);
    }

    @Test
    void stdoutAndStderrArriveSeparatelyEachInOrder() {
        List<OutputLine> lines = new ArrayList<>();
        ExecResult result = executor.run(shell(runId(),
                "echo out1; echo err1 >&2; echo out2; echo err2 >&2; printf out3").build(), lines::add);

        assertThat(lines.stream().filter(line -> line.stream() == StdStream.STDOUT))
                .extracting(OutputLine::index, OutputLine::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, "out1"),
                        org.assertj.core.groups.Tuple.tuple(1L, "out2"), org.assertj.core.groups.Tuple.tuple(2L, "out3"));
        assertThat(lines.stream().filter(line -> line.stream() == StdStream.STDERR)).extracting(OutputLine::text)
                .containsExactly("err1", "err2");
        assertThat(result.cursor()).isEqualTo(new LogCursor(3, 2));
    }

    @Test
    void tenMegabytesOfOutputArriveCompletelyWithoutGrowingTheHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong bytes = new AtomicLong();
        AtomicLong peak = new AtomicLong();
        // 163,840 lines of 63 characters + newline = 10 MiB.
        ExecResult result = executor.run(shell(runId(),
                "yes 012345678901234567890123456789012345678901234567890123456789abc | head -n 163840").build(),
                line -> {
                    bytes.addAndGet(line.text().length() + 1);
                    if (line.index() % 16384 == 0) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    }
                });
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();

        assertThat(result.exitCode()).isZero();
        assertThat(bytes.get()).isEqualTo(10L * 1024 * 1024);
        assertThat(result.cursor().stdoutLines()).isEqualTo(163_840);
        assertThat(after - before).as("heap retained after the run").isLessThan(8L * 1024 * 1024);
    }

    @Test
    void aFollowerThatStartsWhileTheRunIsStillWritingGetsEveryLine() throws Exception {
        // Followers that start at different points of a fast writer's life: before, during and after it ends.
        for (long delay = 0; delay <= 200; delay += 40) {
            RunHandle handle = executor.start(shell(runId(),
                    "yes 012345678901234567890123456789012345678901234567890123456789abc | head -n 32768; printf end")
                    .build());
            Thread.sleep(delay);
            AtomicLong lines = new AtomicLong();
            List<String> last = new ArrayList<>();
            ExecResult result = executor.follow(handle, LogCursor.START, line -> {
                lines.incrementAndGet();
                last.add(0, line.text());
                last.subList(1, last.size()).clear();
            });

            assertThat(lines.get()).as("lines seen by a follower starting after %d ms", delay).isEqualTo(32_769);
            assertThat(last).containsExactly("end");
            assertThat(result.cursor().stdoutLines()).isEqualTo(32_769);
        }
    }

    @Test
    void aRunPastItsDeadlineIsKilledAndReportedTimedOut() {
        Instant start = Instant.now();
        ExecResult result = executor.run(shell(runId(), "echo started; sleep 60").timeout(Duration.ofSeconds(2)).build(),
                OutputSink.discard());

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isNotZero();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aNewFollowerResumesFromThePersistedCursorWithNothingLostOrRepeated() throws Exception {
        String runId = runId();
        RunHandle handle = executor.start(shell(runId,
                "for i in $(seq 1 50); do echo out$i; echo err$i >&2; done; sleep 1; echo last").build());
        List<OutputLine> seen = new ArrayList<>();
        LogCursor[] persisted = {LogCursor.START};
        // The first follower handles 20 lines, persisting the cursor after each, then dies.
        assertThatThrownBy(() -> executor.follow(handle, LogCursor.START, line -> {
            if (seen.size() == 20) {
                throw new FollowerDied();
            }
            seen.add(line);
            persisted[0] = persisted[0].after(line);
        })).isInstanceOf(FollowerDied.class);
        executor.close();

        executor = newExecutor();
        RunHandle found = executor.find(runId).orElseThrow();
        ExecResult result = executor.follow(found, persisted[0], seen::add);

        assertThat(seen.stream().filter(line -> line.stream() == StdStream.STDOUT)).extracting(OutputLine::text)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 51)
                        .mapToObj(i -> i == 51 ? "last" : "out" + i).toList());
        assertThat(seen.stream().filter(line -> line.stream() == StdStream.STDERR)).extracting(OutputLine::text)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).mapToObj(i -> "err" + i).toList());
        assertThat(result.exitCode()).isZero();
        assertThat(isGone(runId)).isTrue();
    }

    @Test
    void aFollowBoundedAtZeroReturnsAtOnceAndLeavesTheRunGoing() {
        RunHandle handle = executor.start(shell(runId(), "sleep 10").build());
        Instant start = Instant.now();

        Optional<ExecResult> followed = executor.follow(handle, LogCursor.START, OutputSink.discard(), Duration.ZERO);

        assertThat(followed).isEmpty();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
        executor.cancel(handle);
        assertThat(executor.follow(handle, LogCursor.START, OutputSink.discard()).cancelled()).isTrue();
    }

    @Test
    void noLineIsHandedOverAfterABoundedFollowReturned() throws Exception {
        RunHandle handle = executor.start(shell(runId(), "echo first; echo second; sleep 10").build());
        AtomicInteger inSink = new AtomicInteger();
        AtomicBoolean returned = new AtomicBoolean();
        List<String> late = new CopyOnWriteArrayList<>();
        OutputSink slow = line -> {
            inSink.incrementAndGet();
            if (returned.get()) {
                late.add(line.text());
            }
            // A sink busy with a slow write, deaf to interrupts: a second in which the follow must not return.
            long until = System.nanoTime() + (line.text().equals("first") ? 1_000_000_000L : 0);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            inSink.decrementAndGet();
        };

        Optional<ExecResult> followed = executor.follow(handle, LogCursor.START, slow, Duration.ofMillis(300));
        int handingOver = inSink.get();
        returned.set(true);
        Thread.sleep(1_500);

        assertThat(followed).isEmpty();
        assertThat(handingOver).as("lines still being handed over when follow returned").isZero();
        assertThat(late).as("lines handed over after follow returned").isEmpty();
        executor.cancel(handle);
        executor.follow(handle, LogCursor.START, OutputSink.discard());
    }

    @Test
    void cancellingFromAnotherThreadStopsTheRunPromptly() throws Exception {
        String runId = runId();
        RunHandle handle = executor.start(shell(runId, "echo started; sleep 60").build());
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<ExecResult> followed = CompletableFuture.supplyAsync(
                () -> executor.follow(handle, LogCursor.START, line -> started.countDown()));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        executor.cancel(handle);

        ExecResult result = followed.get(15, TimeUnit.SECONDS);
        assertThat(result.cancelled()).isTrue();
        assertThat(result.timedOut()).isFalse();
        assertThat(isGone(runId)).isTrue();
    }

    @Test
    void aRunCancelledByAnotherProcessIsReportedCancelled() throws Exception {
        String runId = runId();
        RunHandle handle = executor.start(shell(runId, "echo started; sleep 60").build());

        try (Executor other = newExecutor()) {
            other.cancel(other.find(runId).orElseThrow());
        }

        ExecResult result = executor.follow(handle, LogCursor.START, OutputSink.discard());
        assertThat(result.cancelled()).isTrue();
        assertThat(result.timedOut()).isFalse();
        assertThat(isGone(runId)).isTrue();
    }

    @Test
    void stdinInputFilesAndEnvironmentReachTheProcess() throws Exception {
        List<String> lines = new ArrayList<>();
        String runId = runId();
        ExecLayout layout = executor.layout(runId, workspace, null);
        ExecResult result = executor.run(shell(runId,
                "read -r line; echo \"stdin=$line\"; cat \"$INPUT/task.md\"; echo \"env=$GREETING\"; ls -A")
                .stdin("from stdin\n")
                .inputFile("task.md", "from a file\n")
                .env("INPUT", layout.inputDir())
                .env("GREETING", "hello")
                .build(), line -> lines.add(line.text()));

        assertThat(result.exitCode()).isZero();
        assertThat(lines).containsExactly("stdin=from stdin", "from a file", "env=hello");
        assertThat(workspace).isEmptyDirectory();
    }

    @Test
    void nestedInputFilesGetDirectoriesTheProcessCanWriteIn() {
        List<String> lines = new ArrayList<>();
        String runId = runId();
        ExecResult result = executor.run(shell(runId, "cat \"$INPUT/home/.agent/rules.md\" && touch \"$INPUT/home/new\" && echo writable")
                .inputFile("home/.agent/rules.md", "be brief\n")
                .env("INPUT", executor.layout(runId, workspace, null).inputDir())
                .build(), line -> lines.add(line.text()));

        assertThat(result.exitCode()).as(String.join("\n", lines)).isZero();
        assertThat(lines).containsExactly("be brief", "writable");
    }

    @Test
    void stdinEndsAfterItsTextSoAProgramReadingToEndOfFileFinishes() {
        List<String> lines = new ArrayList<>();
        ExecResult result = executor.run(shell(runId(), "cat; echo; echo done").stdin("no newline at the end")
                .timeout(Duration.ofSeconds(20)).build(), line -> lines.add(line.text()));

        assertThat(result.timedOut()).as("stdin was closed").isFalse();
        assertThat(lines).containsExactly("no newline at the end", "done");
    }

    @Test
    void theProcessEditsTheWorkspace() throws Exception {
        Files.writeString(workspace.resolve("keep.txt"), "old\n");
        Files.writeString(workspace.resolve("drop.txt"), "bye\n");

        ExecResult result = executor.run(shell(runId(),
                "echo new > keep.txt && rm drop.txt && mkdir -p sub && echo made > sub/new.txt").build(),
                OutputSink.discard());

        assertThat(result.exitCode()).isZero();
        assertThat(workspace.resolve("keep.txt")).content().isEqualTo("new\n");
        assertThat(workspace.resolve("drop.txt")).doesNotExist();
        assertThat(workspace.resolve("sub/new.txt")).content().isEqualTo("made\n");
    }

    @Test
    void reapingKeepsRunsOfALiveOwner() throws Exception {
        String runId = runId();
        RunHandle handle = executor.start(shell(runId, "sleep 60").build());
        try {
            assertThat(executor.reap(Duration.ZERO)).doesNotContain(runId);
            assertThat(executor.find(runId)).isPresent();
        } finally {
            executor.cancel(handle);
            executor.follow(handle, LogCursor.START, OutputSink.discard());
        }
    }

    @Test
    void aMissingWorkspaceIsRejectedBeforeAnythingStarts() {
        String runId = runId();
        assertThatThrownBy(() -> executor.preflight(shell(runId, "true").workspace(tmp.resolve("missing")).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not exist");
        assertThat(isGone(runId)).isTrue();
    }

    /** The label of a process that has ended, as {@link Owner} would have written it. */
    static String goneOwner() throws Exception {
        // Alive while its start time is read (an ended process has none), then gone.
        Process child = new ProcessBuilder("sleep", "30").start();
        ProcessHandle handle = child.toHandle();
        long start = handle.info().startInstant().map(Instant::toEpochMilli).orElseThrow();
        child.destroy();
        child.waitFor();
        String self = Owner.current();
        return self.substring(0, self.indexOf(':')) + ":" + handle.pid() + ":" + start;
    }

    private static final class FollowerDied extends RuntimeException {
    }
}
