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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a whole fan-out on the node with ambient-core's {@link FanOutRunner} and returns at once. The fan-out runs on
 * a daemon thread of the node's JVM that this call starts, not on the call's own thread: remoting interrupts the
 * threads of the calls it is executing when the channel closes, and a controller restart closes it. Its lines go to
 * {@link FanOutFiles#LOG}, prefixed and masked; when it ends the thread writes {@link FanOutFiles#END}. {@link PollFanOut}
 * follows it from there, {@link CancelFanOut} with the same token stops it. The secrets stay in this JVM's memory.
 *
 * @param base the runs' common request (its prompt is the fan-out's template)
 */
record RunFanOut(RunSpec base, FanOutOptions options, AgentSecrets secrets, ExecutorSpec engine, String token)
        implements ControllerToAgentCallable<Void, IOException> {
    private static final long serialVersionUID = 1L;

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
        Files.createDirectories(outDir);
        FanOutRunner runner = new FanOutRunner(executor);
        FanOutRegistry.register(token, runner);
        Thread thread = new Thread(() -> runToEnd(runner, executor, spec, requests, outDir),
                "ambient fan-out " + token);
        thread.setDaemon(true);
        thread.start();
        return null;
    }

    /**
     * The fan-out's thread: runs it to its end, then marks the end (last, atomically) and only then leaves the
     * registry, so a poller that finds neither knows the fan-out is lost.
     */
    private void runToEnd(FanOutRunner runner, Executor executor, FanOutSpec spec, RunRequests requests,
                          Path outDir) {
        SecretMasker masker = SecretMasker.of(secrets.values());
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
            try {
                FanOutFiles.writeEnd(outDir, error);
            } catch (IOException e) {
                // Nothing to tell it with: the poller finds no end and reports the fan-out lost.
            } finally {
                FanOutRegistry.remove(token);
            }
        }
    }
}
