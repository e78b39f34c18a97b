package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.exec.Executor;
import io.ambient.fanout.FanOutRunner;
import io.ambient.fanout.FanOutSpec;
import io.ambient.report.SecretMasker;
import jenkins.agents.ControllerToAgentCallable;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts a whole fan-out on the node with ambient-core's {@link FanOutRunner} and returns at once. The fan-out runs on
 * a daemon thread of the node's JVM that this call starts, not on the call's own thread: when the channel closes (a
 * controller restart closes it) remoting interrupts the threads of the calls it is executing, and only those. The
 * thread holds {@link FanOutFiles#LOCK}, writes the fan-out's lines to {@link FanOutFiles#LOG} (prefixed, masked),
 * stops it when {@link FanOutFiles#CANCEL} appears, and writes {@link FanOutFiles#END} when it ends.
 * {@link PollFanOut} follows it through these files, {@link CancelFanOut} stops it. The secrets stay in this JVM's
 * memory only.
 *
 * @param base  the runs' common request (its prompt is the fan-out's template)
 * @param token names the fan-out in its thread's name
 */
record RunFanOut(RunSpec base, FanOutOptions options, AgentSecrets secrets, ExecutorSpec engine, String token)
        implements ControllerToAgentCallable<Void, IOException> {
    private static final long serialVersionUID = 1L;
    /** How often the fan-out's thread looks for a cancel request. */
    private static final long CANCEL_CHECK_SECONDS = 1;

    /** Plans and checks what it can here, so that bad input fails the step before anything starts. */
    @Override
    public Void call() throws IOException {
        Path workspace = Path.of(base.workspace());
        Path outDir = Path.of(base.outDir());
        RunRequests requests = new RunRequests(base, secrets);
        FanOutSpec spec;
        Executor executor;
        try {
            spec = FanOutSpec.builder(workspace, outDir, options.plan(workspace))
                    .prompt(requests.promptTemplate())
                    .vars(base.vars())
                    .maxParallel(options.maxParallel() == null ? 0 : options.maxParallel())
                    .failFast(options.failFast())
                    .verify(options.verify())
                    .pick(options.pickRule())
                    .budgetUsd(options.budgetUsd())
                    .build();
            executor = new RunRecordingExecutor(engine.open(), outDir.resolve(FanOutFiles.STARTED_RUNS));
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
        // Taken before this call returns: from now until the end marker, a poll finds the fan-out running.
        FileChannel lock;
        try {
            Files.createDirectories(outDir);
            lock = FanOutFiles.lock(outDir);
        } catch (IOException | RuntimeException e) {
            executor.close(); // its thread never starts to close it
            throw e;
        }
        Thread thread = new Thread(() -> runToEnd(new FanOutRunner(executor), executor, lock, spec, requests, outDir),
                "ambient fan-out " + token);
        thread.setDaemon(true);
        thread.start();
        return null;
    }

    /** The fan-out's thread: runs it to its end, writes the end marker, and only then lets go of the lock. */
    private void runToEnd(FanOutRunner runner, Executor executor, FileChannel lock, FanOutSpec spec,
                          RunRequests requests, Path outDir) {
        SecretMasker masker = SecretMasker.of(secrets.values());
        ScheduledExecutorService cancelWatch = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ambient fan-out " + token + " cancel watch");
            thread.setDaemon(true);
            return thread;
        });
        // A cancel() before run() stands, so a request that came while starting counts too.
        cancelWatch.scheduleWithFixedDelay(() -> {
            if (FanOutFiles.cancelRequested(outDir)) {
                runner.cancel();
            }
        }, 0, CANCEL_CHECK_SECONDS, TimeUnit.SECONDS);
        String error = "the fan-out's thread on the node stopped unexpectedly";
        try (executor; PrintStream log = new PrintStream(new FileOutputStream(outDir.resolve(FanOutFiles.LOG).toFile(),
                true), true, StandardCharsets.UTF_8)) {
            // A model matrix entry's profile and model win over the step's agent and model.
            runner.run(spec, run -> requests.builder(run.profile() != null ? run.profile() : base.agent(), run.model()),
                    new FanOutLog(log, masker));
            error = null;
        } catch (AmbientException e) {
            error = masker.mask(e.getMessage());
        } catch (IOException | RuntimeException e) {
            error = masker.mask(e.toString());
        } finally {
            cancelWatch.shutdownNow();
            try (lock) {
                FanOutFiles.writeEnd(outDir, error);
            } catch (IOException e) {
                // Nothing to tell it with: the poller finds no end and reports the fan-out lost.
            }
        }
    }
}
