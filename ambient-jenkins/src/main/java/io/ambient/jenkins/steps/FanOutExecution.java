package io.ambient.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.remoting.RequestAbortedException;
import io.ambient.Json;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.jenkins.config.AmbientSettings;
import io.ambient.jenkins.report.AmbientRunsAction;
import io.ambient.run.RunIds;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.io.IOException;
import java.util.List;

/**
 * {@code ambientFanOut}'s execution. The fan-out runs on a thread of the node's JVM ({@link RunFanOut}) and writes its
 * lines to a log file there; the execution polls that file ({@link PollFanOut}) from a timer, bounded and backing off
 * while it is quiet, the way {@code sh} follows a durable task. It persists the token, the fan-out's directory and
 * the log offset already shown, so after a controller restart it finds the node again and goes on with the next line.
 * The fan-out itself survives only if the node's JVM does: on the built-in node, or on an agent whose process
 * restarted too, it is lost; the step then cancels what the fan-out left running and fails, saying so.
 */
final class FanOutExecution extends AmbientExecution {
    private static final long serialVersionUID = 1L;
    /** Between polls while output comes. */
    private static final long FIRST_POLL_MILLIS = 250;
    /** The longest wait between polls of a quiet fan-out. */
    private static final long QUIET_POLL_MILLIS = 5_000;

    /** Only while starting. */
    private final transient AmbientFanOutStep step;
    /** Names the fan-out in the log before ambient-core gives it its id; set once it may exist on the node. */
    private String token;
    /** The fan-out's directory on the node. */
    private String outDir;
    /** How many bytes of the fan-out's log the build log has. */
    private long logShown;
    /** The agent slots it holds, taken back after a restart. */
    private int slotCount;
    private transient long pollMillis;

    FanOutExecution(StepContext context, AmbientFanOutStep step) {
        super(context, step);
        this.step = step;
    }

    /** A fan-out counts as many runs as it runs at once; without maxParallel it takes the whole limit. */
    @Override
    int slots(AmbientSettings settings) {
        return step.getMaxParallel() != null ? step.getMaxParallel() : Math.max(1, settings.maxConcurrentRuns());
    }

    /** Starts the fan-out on the node, where it runs on by itself, and follows it. */
    @Override
    void begin(EnvVars env, FilePath ws, AmbientSettings settings) throws Exception {
        String id = RunIds.newId();
        RunSpec base = RunSpecs.of(step, env, ws, TeamConfig.of(settings), id, stage);
        // Named only once its spec is good: a step that fails before has nothing on the node to cancel.
        token = id;
        outDir = base.outDir();
        slotCount = slots(settings);
        getContext().saveState();
        log().println("ambient: fan-out " + token + " (" + engine.kind() + ") in " + workspace);
        ws.act(new RunFanOut(base, step.options(), secrets(), engine, token));
        if (stopCause != null) {
            // Stopped while the fan-out was being started: it stops at once; polling collects its cancelled report
            // unless the step has failed already.
            cancelOnNode();
        }
        later(0, this::poll);
    }

    /** One poll on the node: new lines to the log, the offset saved, the end or the loss handled. */
    private void poll() throws Exception {
        if (isFinished()) {
            return;
        }
        FanOutOutput output = onNode(new PollFanOut(outDir, logShown), this::poll);
        if (output == null) {
            return;
        }
        FilePath ws = workspace.get();
        if (!output.text().isEmpty()) {
            log().print(output.text());
            logShown = output.offset();
            getContext().saveState();
            pollMillis = FIRST_POLL_MILLIS;
        } else {
            pollMillis = Math.max(FIRST_POLL_MILLIS, Math.min(QUIET_POLL_MILLIS, pollMillis * 3 / 2));
        }
        switch (output.state()) {
            case ENDED -> finish(output, ws);
            case LOST -> lost(ws);
            default -> later(pollMillis, this::poll);
        }
    }

    private void finish(FanOutOutput output, FilePath ws) {
        finishOnce(() -> {
            if (output.error() != null) {
                getContext().onFailure(stopCause != null ? stopCause : new AbortException("ambient: " + output.error()));
                return;
            }
            FanOutReport report = Json.MAPPER.readValue(output.fanOutJson(), FanOutReport.class);
            AmbientRunsAction runs = AmbientRunsAction.forBuild(getContext().get(Run.class));
            String reportUrl = runs.recordFanOut(stage, runName, new FilePath(ws.getChannel(), outDir));
            log().println("ambient: fan-out " + report.fanOutId()
                    + (report.succeeded() ? " succeeded" : " did not succeed") + "; report: " + reportUrl);
            for (FanOutRun run : report.runs()) {
                if (run.report() != null) {
                    publish(run.report(), runs.reportUrl(run.report().runId()), runName + "/" + run.name());
                }
            }
            complete(FanOutResults.failure(report, failOnError, failOnSuspect), FanOutResults.suspicion(report),
                    reportUrl, FanOutResults.of(report, outDir, reportUrl, runs::reportUrl));
        });
    }

    /** The JVM that ran the fan-out is gone: removes the runs it left on the node and fails. */
    private void lost(FilePath ws) {
        try {
            List<String> removed = ws.act(new CancelFanOut(outDir, engine));
            removed.forEach(runId -> log().println("ambient: cancelled run " + runId + " of the lost fan-out"));
        } catch (IOException | InterruptedException | RequestAbortedException e) {
            log().println("ambient: could not cancel the lost fan-out's runs on " + workspace + ": " + e.getMessage());
        }
        fail(stopCause != null ? stopCause : new AbortException("ambient: fan-out " + token + " was lost: the JVM "
                + "running it on " + workspace + " restarted, and its runs were cancelled; a fan-out survives a "
                + "controller restart only on an agent whose process stays up (see docs/jenkins.md)"));
    }

    @Override
    CancelFanOut cancellation() {
        return token == null ? null : new CancelFanOut(outDir, engine);
    }

    @Override
    public void onResume() {
        if (token == null) {
            fail(new AbortException("ambient: Jenkins restarted before the fan-out started: run the build again"));
            return;
        }
        reclaimSlots(slotCount);
        log().println("ambient: Jenkins restarted; following fan-out " + token + " again");
        later(0, this::poll);
    }

    @Override
    public String getStatus() {
        return token == null ? "starting a fan-out in " + workspace
                : "following fan-out " + token + " in " + workspace + " (" + logShown + " bytes of output shown)";
    }

}
