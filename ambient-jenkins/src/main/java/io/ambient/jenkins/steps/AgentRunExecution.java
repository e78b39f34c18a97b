package io.ambient.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.remoting.RequestAbortedException;
import io.ambient.AmbientException;
import io.ambient.Json;
import io.ambient.exec.LogCursor;
import io.ambient.fanout.Verifier;
import io.ambient.jenkins.config.AmbientSettings;
import io.ambient.jenkins.publish.AgentPullRequests;
import io.ambient.jenkins.report.AmbientRunsAction;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.run.RunIds;
import io.ambient.scm.AgentPullRequest;
import io.ambient.scm.CommentClient;
import io.ambient.scm.PullRequestClient;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    /** Between cancellations of a verify that is still running after a stop. */
    private static final long CANCEL_AGAIN_MILLIS = 500;

    /** Only while starting. */
    private final transient AmbientAgentStep step;
    private final String verify;
    private final boolean openPullRequest;
    private final String pullRequestBranch;

    private String runId;
    private String ticketJson;
    private long stdoutShown;
    private long stderrShown;
    /** The run's spec without the build's environment, for verify; null without one. */
    private String verifySpecJson;
    /** Where openPullRequest pushes; null without it. */
    private String pullRequestRemote;
    /**
     * The ended run's report directory on the node, once following it collected the report; the container is gone
     * then, so after a restart the step finishes from this report instead of following the run again.
     */
    private String endedReportDir;
    /** While verify runs on the node. */
    private transient volatile boolean verifying;

    AgentRunExecution(StepContext context, AmbientAgentStep step) {
        super(context, step);
        this.step = step;
        this.verify = step.getVerify();
        this.openPullRequest = step.isOpenPullRequest();
        this.pullRequestBranch = step.getPullRequestBranch();
    }

    @Override
    int slots(AmbientSettings settings) {
        return 1;
    }

    /**
     * Resolves the credentials, checks where a pull request would go (a fork, a missing base branch or token fail
     * here, before the run) and starts the container on the node.
     */
    @Override
    void begin(EnvVars env, FilePath ws, AmbientSettings settings) throws Exception {
        runId = RunIds.newId();
        RunSpec spec = RunSpecs.of(step, env, ws, TeamConfig.of(settings), runId, stage);
        if (verify != null) {
            verifySpecJson = Json.MAPPER.writeValueAsString(spec.withoutVars());
        }
        if (openPullRequest) {
            String gitUrl = Util.fixEmptyAndTrim(env.get("GIT_URL"));
            pullRequestRemote = gitUrl != null ? gitUrl : ws.act(new GitOrigin(ws.getRemote()));
            try {
                pullRequestToken(pullRequestTarget(env, settings), settings);
            } catch (AmbientException e) {
                throw CoreErrors.abort(e);
            }
        }
        // Saved before the container may exist: a restart while it starts then knows which run to remove.
        getContext().saveState();
        ticketJson = ws.act(new StartRun(spec, secrets(), engine));
        log().println("ambient: started run " + runId + " (" + engine.kind() + ") in " + workspace);
        getContext().saveState();
        if (stopCause != null) {
            if (isFinished()) {
                // The step failed when it was stopped, before its container existed: nobody will follow the run, so
                // it is killed and removed here.
                ws.act(new RemoveRuns(List.of(runId), engine));
                return;
            }
            // Stopped while the container was being started: it stops now; polling collects its cancelled report.
            cancelOnNode();
        }
        later(0, this::poll);
    }

    /** One bounded follow on the node: new lines to the log, the cursor saved, the report handled at the end. */
    private void poll() throws Exception {
        if (isFinished()) {
            return;
        }
        FollowOutput output = onNode(new FollowRun(ticketJson, new LogCursor(stdoutShown, stderrShown), secrets(),
                engine, FOLLOW_WAIT), this::poll);
        if (output == null) {
            return;
        }
        FilePath ws = workspace.get();
        PrintStream out = log();
        output.lines().forEach(out::println);
        stdoutShown = output.stdoutLines();
        stderrShown = output.stderrLines();
        if (output.ended()) {
            endedReportDir = output.reportDir();
            getContext().saveState();
            finish(output, ws);
            return;
        }
        if (!output.lines().isEmpty()) {
            // Only when the cursor moved, as sh saves only after new output: a quiet run polls every few seconds.
            getContext().saveState();
        }
        later(NEXT_POLL_MILLIS, this::poll);
    }

    private void finish(FollowOutput output, FilePath ws) {
        finishOnce(() -> {
            RunReport report = Json.MAPPER.readValue(output.reportJson(), RunReport.class);
            String reportUrl = AmbientRunsAction.forBuild(getContext().get(Run.class))
                    .record(stage, runName, new FilePath(ws.getChannel(), output.reportDir()));
            log().println("ambient: run " + report.runId() + " " + report.status() + "; report: " + reportUrl);
            Map<String, Object> result = RunResults.of(report, output.reportDir(), reportUrl);
            result.put("verifyPassed", null);
            result.put("verifyExitCode", null);
            result.put("pullRequestUrl", null);
            String failure = RunResults.failure(report, failOnError, failOnSuspect);
            if (report.status() == RunStatus.SUCCEEDED && failure == null && stopCause == null) {
                VerifyOutput verification = verification(ws, result);
                String after;
                if (verification != null && !verification.passed()) {
                    after = "the verify command '" + verify + "' " + verification.outcome();
                } else if (stopCause != null) {
                    after = null; // stopped while verifying: the step fails with the stop's cause, no pull request
                } else {
                    after = pullRequest(ws, report, output.reportDir(), reportUrl, result);
                }
                if (after != null && failOnError) {
                    failure = after;
                } else if (after != null) {
                    log().println("ambient: " + after);
                }
            }
            publish(report, reportUrl, runName);
            complete(failure, RunResults.suspicion(report), reportUrl, result);
        });
    }

    /**
     * Runs {@code verify} on the node and puts verifyPassed and verifyExitCode into {@code result}.
     *
     * @return what it did, or {@code null} without a verify command
     */
    private VerifyOutput verification(FilePath ws, Map<String, Object> result)
            throws IOException, InterruptedException {
        if (verify == null) {
            return null;
        }
        log().println("ambient: verifying run " + runId + ": " + verify);
        VerifyOutput output;
        verifying = true;
        try {
            output = ws.act(new VerifyRun(verifySpecJson, engine, verify));
        } finally {
            verifying = false;
        }
        PrintStream out = log();
        output.outputTail().forEach(line -> out.println("[verify] " + line));
        out.println("ambient: verify " + output.outcome());
        result.put("verifyPassed", output.passed());
        result.put("verifyExitCode", output.exitCode());
        return output;
    }

    /**
     * Pushes the changes and opens or updates the pull request when the step asks for it; puts pullRequestUrl into
     * {@code result}.
     *
     * @return why there is no pull request, or {@code null}
     */
    private String pullRequest(FilePath ws, RunReport report, String reportDir, String reportUrl,
                               Map<String, Object> result) throws IOException, InterruptedException {
        if (!openPullRequest) {
            return null;
        }
        if (report.changedFiles() == null || report.changedFiles().isEmpty()) {
            log().println("ambient: the agent changed nothing: no pull request");
            return null;
        }
        Run<?, ?> build = getContext().get(Run.class);
        try {
            AmbientSettings settings = AmbientSettings.forJob(build.getParent());
            AgentPullRequests.Target target = pullRequestTarget(getContext().get(EnvVars.class), settings);
            String token = pullRequestToken(target, settings);
            String message = AgentPullRequest.title(report) + "\n\nAmbient run " + report.runId() + " of "
                    + build.getParent().getFullName() + " #" + build.getNumber() + ".";
            log().println("ambient: " + ws.act(new PushAgentBranch(ws.getRemote(), reportDir, target.branch(),
                    message, target.remoteUrl(), target.repository().host(), token, target.force())));
            PullRequestClient.Result pr = AgentPullRequests.open(build, settings, target, token, report, reportUrl);
            String action = pr.action() == CommentClient.Action.CREATED ? "opened" : "updated";
            log().println("ambient: pull request " + action + ": " + pr.webUrl());
            result.put("pullRequestUrl", pr.webUrl());
            return null;
        } catch (AmbientException e) {
            return "no pull request: " + e.getMessage();
        } catch (AbortException e) {
            return "no pull request: " + e.getMessage().replaceFirst("^ambient: ", "");
        }
    }

    private AgentPullRequests.Target pullRequestTarget(EnvVars env, AmbientSettings settings) {
        return AgentPullRequests.target(env, settings, pullRequestRemote, pullRequestBranch);
    }

    private String pullRequestToken(AgentPullRequests.Target target, AmbientSettings settings)
            throws IOException, InterruptedException {
        return AgentPullRequests.token(getContext().get(Run.class), settings, target.repository().host());
    }

    /**
     * A stop can come just before the verify's container exists, when cancelling finds nothing to stop: while the
     * verify call has not returned, it is cancelled again.
     */
    @Override
    void cancelOnNode() {
        super.cancelOnNode();
        if (verifying) {
            later(CANCEL_AGAIN_MILLIS, this::cancelOnNode);
        }
    }

    @Override
    CancelRun cancellation() {
        return ticketJson == null ? null : new CancelRun(ticketJson, engine);
    }

    @Override
    public void onResume() {
        if (ticketJson == null) {
            AbortException notStarted = new AbortException("ambient: Jenkins restarted before the agent's container "
                    + "started: run the build again");
            if (runId == null) {
                fail(notStarted);
                return;
            }
            later(0, () -> {
                removeHalfStarted();
                fail(notStarted);
            });
            return;
        }
        reclaimSlots(1);
        if (endedReportDir != null) {
            log().println("ambient: Jenkins restarted; finishing run " + runId + " again from its report");
            later(0, this::finishFromReport);
            return;
        }
        log().println("ambient: Jenkins restarted; following run " + runId + " again");
        later(0, this::poll);
    }

    /**
     * Removes the container the step may have started just before the restart: its ticket was never saved, so nobody
     * could follow or stop it. One attempt: an unreachable node is only reported.
     */
    private void removeHalfStarted() {
        FilePath ws = workspace.get();
        try {
            if (ws != null) {
                ws.act(new RemoveRuns(List.of(runId), engine))
                        .forEach(id -> log().println("ambient: removed run " + id + ", started before the restart"));
                return;
            }
        } catch (IOException | InterruptedException | RequestAbortedException e) {
            // Reported below.
        }
        log().println("ambient: could not look for run " + runId + " on " + workspace + ", started before the "
                + "restart; it may go on running there");
    }

    /**
     * Finishes a run whose report was collected before a restart: records, verifies, publishes it again. A verify the
     * previous controller started may still run on the node under the same name: it is removed first.
     */
    private void finishFromReport() throws Exception {
        if (verify != null && onNode(new RemoveRuns(List.of(Verifier.verifyRunId(runId)), engine),
                this::finishFromReport) == null) {
            return;
        }
        String reportJson = onNode(new ReadReport(endedReportDir), this::finishFromReport);
        if (reportJson != null) {
            finish(new FollowOutput(List.of(), stdoutShown, stderrShown, reportJson, endedReportDir), workspace.get());
        }
    }

    @Override
    public String getStatus() {
        if (endedReportDir != null) {
            return "finishing agent run " + runId + " in " + workspace + " (verify, pull request, publishing)";
        }
        return ticketJson == null ? "starting an agent run in " + workspace
                : "following agent run " + runId + " in " + workspace + " (" + stdoutShown + " lines shown)";
    }

}
