package io.ambient.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.StreamTaskListener;
import io.ambient.Json;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.jenkins.config.AmbientSettings;
import io.ambient.jenkins.report.AmbientRunsAction;
import io.ambient.run.RunIds;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.io.IOException;
import java.nio.charset.Charset;

/**
 * {@code ambientFanOut}'s execution. ambient-core's fan-out runner is one blocking call, so the whole fan-out runs in
 * one node call from a background thread (never the Pipeline thread) and cannot be followed again after a
 * controller restart: on resume the step cancels what is left on the node and fails, naming the restart-proof way
 * ({@code parallel} stages with one {@code ambientAgent} each).
 */
final class FanOutExecution extends AmbientExecution {
    private static final long serialVersionUID = 1L;

    /** Only while starting. */
    private final transient AmbientFanOutStep step;
    /** Names the fan-out on the node, to cancel it. */
    private String token;

    FanOutExecution(StepContext context, AmbientFanOutStep step) {
        super(context, step);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        FilePath ws = getContext().get(FilePath.class);
        EnvVars env = prepare(step, ws);
        later(0, () -> begin(env, ws));
        return false;
    }

    /** Takes its slots, then runs the fan-out on the node to its end and reports it. */
    private void begin(EnvVars env, FilePath ws) throws Exception {
        if (stopCause != null) {
            return;
        }
        Run<?, ?> build = getContext().get(Run.class);
        AmbientSettings settings = AmbientSettings.forJob(build.getParent());
        // A fan-out counts as many runs as it runs at once; without maxParallel it takes the whole limit.
        int max = settings.maxConcurrentRuns();
        int slots = step.getMaxParallel() != null ? step.getMaxParallel() : Math.max(1, max);
        if (!takeSlots(slots, settings, () -> begin(env, ws))) {
            return;
        }
        token = RunIds.newId();
        RunSpec base = RunSpecs.of(step, env, ws, TeamConfig.of(settings), token, stage, settings.allowForks());
        getContext().saveState();
        log().println("ambient: fan-out " + token + " (" + engine.kind() + ") in " + workspace);
        Charset charset = build.getCharset();
        TaskListener nodeLog = new StreamTaskListener(MaskedLog.stream(getContext().get(TaskListener.class),
                secrets().values(), charset), charset);
        FanOutOutput output = ws.act(new RunFanOut(base, step.options(), secrets(), engine, token, nodeLog));
        finish(output, ws);
    }

    private void finish(FanOutOutput output, FilePath ws) throws Exception {
        if (!markFinished()) {
            return;
        }
        releaseSlots();
        FanOutReport report = Json.MAPPER.readValue(output.fanOutJson(), FanOutReport.class);
        String reportUrl = AmbientRunsAction.forBuild(getContext().get(Run.class))
                .recordFanOut(stage, runName, new FilePath(ws.getChannel(), output.outDir()));
        log().println("ambient: fan-out " + report.fanOutId() + (report.succeeded() ? " succeeded" : " did not succeed")
                + "; report: " + reportUrl);
        boolean suspect = false;
        for (FanOutRun run : report.runs()) {
            if (run.report() != null) {
                publish(run.report(), reportUrl, runName + "/" + run.name());
                suspect |= run.report().suspect();
            }
        }
        if (stopCause != null) {
            getContext().onFailure(stopCause);
        } else if (failOnError && !report.succeeded()) {
            getContext().onFailure(new AbortException("ambient: fan-out " + report.fanOutId() + " did not succeed"
                    + (report.stoppedBy() == null ? "" : " (stopped: " + report.stoppedBy() + ")")
                    + "; report: " + reportUrl));
        } else if (failOnSuspect && suspect) {
            getContext().onFailure(new AbortException("ambient: a run of fan-out " + report.fanOutId()
                    + " succeeded but is suspect; report: " + reportUrl));
        } else {
            getContext().onSuccess(FanOutResults.of(report, output.outDir(), reportUrl));
        }
    }

    @Override
    public void stop(Throwable cause) {
        stopCause = cause;
        if (token == null) {
            fail(cause);
            return;
        }
        log().println("ambient: stopping fan-out " + token);
        // The blocking call then returns the fan-out's report, cancelled, and the step fails with the cause.
        later(0, this::cancelOnNode);
        failAfterGrace(cause);
    }

    /** A safe restart waits for a running fan-out: it cannot be picked up again. */
    @Override
    public boolean blocksRestart() {
        return token != null && !isFinished();
    }

    @Override
    public void onResume() {
        fail(new AbortException("ambient: ambientFanOut cannot continue after a Jenkins restart, "
                + "so its runs were cancelled: for restart-proof sharding, run one ambientAgent per shard in parallel "
                + "stages (see docs/jenkins.md)"));
        if (token != null) {
            later(0, this::cancelOnNode);
        }
    }

    @Override
    public String getStatus() {
        return token == null ? "starting a fan-out in " + workspace : "running fan-out " + token + " in " + workspace;
    }

    private void cancelOnNode() throws IOException, InterruptedException {
        FilePath ws = workspace.get();
        if (ws != null) {
            ws.act(new CancelFanOut(token));
        }
    }
}
