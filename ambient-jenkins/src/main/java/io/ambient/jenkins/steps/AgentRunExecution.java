package io.ambient.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import io.ambient.Json;
import io.ambient.exec.LogCursor;
import io.ambient.jenkins.config.AmbientSettings;
import io.ambient.jenkins.report.AmbientRunsAction;
import io.ambient.report.RunReport;
import io.ambient.run.RunIds;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code ambientAgent}'s execution: the run survives a controller restart the way {@code sh} does. The container runs
 * detached on the node; the execution keeps the run's ticket, the node and workspace path and how far the output has
 * been shown, and follows the run in bounded calls, so no Pipeline thread ever waits. After a restart it finds the
 * node again by name and continues from the persisted cursor: no line lost, none repeated (ambient-core's guarantee).
 */
final class AgentRunExecution extends AmbientExecution {
    private static final long serialVersionUID = 1L;
    /** How long one follow call waits on the node for output before it returns. */
    private static final Duration FOLLOW_WAIT = Duration.ofSeconds(5);
    /** Between follow calls. */
    private static final long NEXT_POLL_MILLIS = 250;

    /** Only while starting. */
    private final transient AmbientAgentStep step;

    private String runId;
    private String ticketJson;
    private long stdoutShown;
    private long stderrShown;
    private transient boolean offlineReported;

    AgentRunExecution(StepContext context, AmbientAgentStep step) {
        super(context, step);
        this.step = step;
    }

    @Override
    int slots(AmbientSettings settings) {
        return 1;
    }

    /** Resolves the credentials and starts the container on the node. */
    @Override
    void begin(EnvVars env, FilePath ws, AmbientSettings settings) throws Exception {
        runId = RunIds.newId();
        RunSpec spec = RunSpecs.of(step, env, ws, TeamConfig.of(settings), runId, stage);
        ticketJson = ws.act(new StartRun(spec, secrets(), engine));
        log().println("ambient: started run " + runId + " (" + engine.kind() + ") in " + workspace);
        getContext().saveState();
        if (stopCause != null) {
            // Stopped while the container was being started: the step has failed already.
            releaseSlots();
            cancelOnNode();
            return;
        }
        later(0, this::poll);
    }

    /** One bounded follow on the node: new lines to the log, the cursor saved, the report handled at the end. */
    private void poll() throws Exception {
        if (isFinished()) {
            return;
        }
        FilePath ws = workspace.get();
        if (ws == null) {
            retryPoll("cannot reach " + workspace);
            return;
        }
        FollowOutput output;
        try {
            output = ws.act(new FollowRun(ticketJson, new LogCursor(stdoutShown, stderrShown), secrets(), engine,
                    FOLLOW_WAIT));
        } catch (AbortException e) {
            throw e;
        } catch (IOException | InterruptedException e) {
            // The node went away (disconnect, restart): the container goes on; find the node again and continue.
            workspace.forget();
            retryPoll("lost " + workspace + ": " + e.getMessage());
            return;
        }
        offlineReported = false;
        PrintStream out = log();
        output.lines().forEach(out::println);
        stdoutShown = output.cursor().stdoutLines();
        stderrShown = output.cursor().stderrLines();
        getContext().saveState();
        if (output.ended()) {
            finish(output, ws);
        } else {
            later(NEXT_POLL_MILLIS, this::poll);
        }
    }

    private void finish(FollowOutput output, FilePath ws) throws Exception {
        if (!markFinished()) {
            return;
        }
        releaseSlots();
        RunReport report = Json.MAPPER.readValue(output.reportJson(), RunReport.class);
        String reportUrl = AmbientRunsAction.forBuild(getContext().get(Run.class))
                .record(stage, runName, new FilePath(ws.getChannel(), output.reportDir()));
        log().println("ambient: run " + report.runId() + " " + report.status() + "; report: " + reportUrl);
        publish(report, reportUrl, runName);
        complete(RunResults.failure(report, failOnError, failOnSuspect), reportUrl,
                RunResults.of(report, output.reportDir(), reportUrl));
    }

    @Override
    CancelRun cancellation() {
        return ticketJson == null ? null : new CancelRun(ticketJson, engine);
    }

    @Override
    public void onResume() {
        if (ticketJson == null) {
            fail(new AbortException("ambient: Jenkins restarted before the agent's container started: run the "
                    + "build again"));
            return;
        }
        reclaimSlots(1);
        log().println("ambient: Jenkins restarted; following run " + runId + " again");
        later(0, this::poll);
    }

    @Override
    public String getStatus() {
        return ticketJson == null ? "starting an agent run in " + workspace
                : "following agent run " + runId + " in " + workspace + " (" + stdoutShown + " lines shown)";
    }

    private void retryPoll(String why) {
        if (!offlineReported) {
            log().println("ambient: " + why + "; the run goes on, following it again when the node is back");
            offlineReported = true;
        }
        later(RETRY_MILLIS, this::poll);
    }
}
