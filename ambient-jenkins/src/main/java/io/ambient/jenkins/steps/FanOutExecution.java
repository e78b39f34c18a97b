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

    /** A fan-out counts as many runs as it runs at once; without maxParallel it takes the whole limit. */
    @Override
    int slots(AmbientSettings settings) {
        return step.getMaxParallel() != null ? step.getMaxParallel() : Math.max(1, settings.maxConcurrentRuns());
    }

    /** Runs the fan-out on the node to its end (one blocking call, on a background thread) and reports it. */
    @Override
    void begin(EnvVars env, FilePath ws, AmbientSettings settings) throws Exception {
        Run<?, ?> build = getContext().get(Run.class);
        token = RunIds.newId();
        RunSpec base = RunSpecs.of(step, env, ws, TeamConfig.of(settings), token, stage);
        getContext().saveState();
        log().println("ambient: fan-out " + token + " (" + engine.kind() + ") in " + workspace);
        Charset charset = build.getCharset();
        TaskListener nodeLog = new StreamTaskListener(MaskedLog.stream(getContext().get(TaskListener.class),
                secrets().values(), charset), charset);
        FanOutOutput output = ws.act(new RunFanOut(base, step.options(), secrets(), engine, token, nodeLog));
        finish(output, ws);
    }

    private void finish(FanOutOutput output, FilePath ws) {
        finishOnce(() -> {
            FanOutReport report = Json.MAPPER.readValue(output.fanOutJson(), FanOutReport.class);
            AmbientRunsAction runs = AmbientRunsAction.forBuild(getContext().get(Run.class));
            String reportUrl = runs.recordFanOut(stage, runName, new FilePath(ws.getChannel(), output.outDir()));
            log().println("ambient: fan-out " + report.fanOutId()
                    + (report.succeeded() ? " succeeded" : " did not succeed") + "; report: " + reportUrl);
            for (FanOutRun run : report.runs()) {
                if (run.report() != null) {
                    publish(run.report(), runs.reportUrl(run.report().runId()), runName + "/" + run.name());
                }
            }
            complete(FanOutResults.failure(report, failOnError, failOnSuspect), reportUrl,
                    FanOutResults.of(report, output.outDir(), reportUrl, runs::reportUrl));
        });
    }

    @Override
    CancelFanOut cancellation() {
        return token == null ? null : new CancelFanOut(token);
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

}
