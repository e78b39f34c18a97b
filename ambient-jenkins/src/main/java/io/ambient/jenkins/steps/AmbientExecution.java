package io.ambient.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.Callable;
import hudson.remoting.RequestAbortedException;
import io.ambient.AmbientException;
import io.ambient.jenkins.config.AmbientSettings;
import io.ambient.jenkins.publish.RunPublishing;
import io.ambient.report.RunReport;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What both steps' executions share. All work happens off the Pipeline (CPS) thread, on a thread that may wait on
 * the node, scheduled from {@link Timer}; a failure there fails the step. Secrets are never persisted: they are
 * resolved again from the credentials ids when needed, also after a restart.
 * <p>
 * Persisted state is plain strings, numbers and small classes: Pipeline's program serialiser cannot restore records.
 */
abstract class AmbientExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    /** Before asking again for a slot or an offline node. */
    static final long RETRY_MILLIS = 5_000;
    /** After a stop, how long the containers get to be killed and reported before the step fails anyway. */
    static final long STOP_GRACE_SECONDS = 30;

    /** Only while starting. */
    private final transient AmbientStep step;
    final String runName;
    final String commentMode;
    final boolean failOnError;
    final boolean failOnSuspect;
    final boolean allowSuspect;
    private final String credentialsId;
    private final HashMap<String, String> credentialIds;
    String stage;
    NodeWorkspace workspace;
    ExecutorSpec engine;

    private transient AgentSecrets secrets;
    private transient PrintStream log;
    transient volatile Throwable stopCause;
    private transient boolean finished;
    private transient int slots;
    private transient int waitingFor = -1;
    private transient boolean offlineReported;
    /** While the step starts its work on the node, a restart would lose track of it: a safe restart waits. */
    private transient volatile boolean starting;

    AmbientExecution(StepContext context, AmbientStep step) {
        super(context);
        this.step = step;
        this.runName = step.runName();
        this.commentMode = step.getComment();
        this.failOnError = !step.isReturnOnFailure();
        this.failOnSuspect = step.isFailOnSuspect();
        this.allowSuspect = step.isAllowSuspect();
        this.credentialsId = step.getCredentialsId();
        this.credentialIds = new HashMap<>(step.getCredentials());
    }

    /**
     * Checks the step and takes what the run needs from the context on the Pipeline thread (no I/O there), then goes
     * on in the background: bad input fails the step before anything starts.
     */
    @Override
    public boolean start() throws Exception {
        step.checkParameters();
        FilePath ws = getContext().get(FilePath.class);
        EnvVars env = getContext().get(EnvVars.class);
        workspace = new NodeWorkspace(ws);
        stage = env.get("STAGE_NAME");
        engine = RunSpecs.executor(step, env, ws);
        later(0, () -> startWhenFree(env, ws));
        return false;
    }

    /**
     * A safe restart waits while the step starts its container or fan-out on the node (seconds), as it waits for
     * {@code GeneralNonBlockingStepExecution}'s background work: once started, the work is persisted and survives it.
     */
    @Override
    public boolean blocksRestart() {
        return starting;
    }

    /** How many of the controller's agent slots this step takes. */
    abstract int slots(AmbientSettings settings);

    /** Starts the work on the node, once the step has its slots. */
    abstract void begin(EnvVars env, FilePath ws, AmbientSettings settings) throws Exception;

    /** Takes the step's slots and begins, or says the step waits and asks again later: never blocks. */
    private void startWhenFree(EnvVars env, FilePath ws) throws Exception {
        if (stopCause != null) {
            return;
        }
        AmbientSettings settings;
        try {
            settings = AmbientSettings.forJob(getContext().get(Run.class).getParent());
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
        if (takeSlots(slots(settings), settings.maxConcurrentRuns())) {
            starting = true;
            try {
                begin(env, ws, settings);
            } finally {
                starting = false;
            }
            return;
        }
        if (isFinished()) {
            return;
        }
        int running = AgentSlots.get().running();
        if (running != waitingFor) {
            log().println("ambient: waiting for an agent slot (" + running + " running)");
            waitingFor = running;
        }
        later(RETRY_MILLIS, () -> startWhenFree(env, ws));
    }

    /**
     * Takes the slots unless the step has ended: a stop that came after the check in {@link #startWhenFree} has
     * released what the step held already, and would never release slots taken after it.
     */
    private synchronized boolean takeSlots(int count, int max) {
        if (finished) {
            return false;
        }
        if (AgentSlots.get().tryAcquire(count, max)) {
            slots = count;
            return true;
        }
        return false;
    }

    /** Takes slots back without asking, for a run that resumed after a restart. */
    synchronized void reclaimSlots(int count) {
        AgentSlots.get().reclaim(count);
        slots = count;
    }

    synchronized void releaseSlots() {
        AgentSlots.get().release(slots);
        slots = 0;
    }

    /**
     * Calls {@code callable} on the step's node. While the node cannot be reached (offline, disconnected, Jenkins
     * restarting) it says so once in the log, runs {@code retry} later and returns {@code null}: the work on the node
     * goes on meanwhile, and the retry finds the node again by name. A channel that closes while the call waits on the
     * node (the usual case: a follow waits there for seconds) ends the call with remoting's unchecked
     * {@link RequestAbortedException}: the node is lost then too, not the step.
     */
    <T> T onNode(Callable<T, IOException> callable, Work retry) throws Exception {
        FilePath ws = workspace.get();
        if (ws == null) {
            retryLater("cannot reach " + workspace, retry);
            return null;
        }
        try {
            T result = ws.act(callable);
            offlineReported = false;
            return result;
        } catch (AbortException e) {
            throw e;
        } catch (IOException | InterruptedException | RequestAbortedException e) {
            workspace.forget();
            retryLater("lost " + workspace + ": " + e.getMessage(), retry);
            return null;
        }
    }

    private void retryLater(String why, Work retry) {
        if (!offlineReported) {
            log().println("ambient: " + why + "; the work goes on there, following it again when the node is back");
            offlineReported = true;
        }
        later(RETRY_MILLIS, retry);
    }

    /** Posts the PR comment and queues the tracking record of one finished run (jconfig's RunPublishing). */
    void publish(RunReport report, String reportUrl, String name) throws IOException, InterruptedException {
        RunPublishing.afterRun(getContext().get(Run.class), getContext().get(TaskListener.class), report, reportUrl,
                commentMode, stage, name, getContext().get(EnvVars.class));
    }

    /** The step's secrets, resolved again after a restart: they are never persisted. */
    AgentSecrets secrets() throws IOException, InterruptedException {
        if (secrets == null) {
            secrets = StepCredentials.resolve(getContext().get(Run.class), credentialsId, credentialIds);
        }
        return secrets;
    }

    /** The build log, masking the step's secrets. */
    PrintStream log() {
        if (log != null) {
            return log;
        }
        try {
            TaskListener listener = getContext().get(TaskListener.class);
            Charset charset = getContext().get(Run.class).getCharset();
            try {
                log = MaskedLog.of(listener, secrets().values(), charset);
                return log;
            } catch (AbortException e) {
                // A credential cannot be resolved (the step fails for it): no secret is known, so none can leak.
                return MaskedLog.of(listener, List.of(), charset);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the build's log is gone: " + e, e);
        }
    }

    /** Whether this call ends the step: only the first one does. */
    synchronized boolean markFinished() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

    synchronized boolean isFinished() {
        return finished;
    }

    /**
     * Ends the step with what {@code work} decides (it calls {@link #complete}); only the first call does anything. A
     * failure in {@code work} fails the step: once finished, {@link #fail} would no longer end it. A step stopped
     * meanwhile fails with the stop's cause (an abort stays an abort even when stopping cut off a call to the node).
     * Frees the slots afterwards: a verify command runs in them.
     */
    void finishOnce(Work work) {
        if (!markFinished()) {
            return;
        }
        try {
            work.run();
        } catch (Throwable e) {
            // Errors too: once finished, nothing else would end the step.
            Throwable cause = stopCause;
            if (cause != null) {
                log().println("ambient: stopped while finishing " + runName + ": " + e.getMessage());
            }
            getContext().onFailure(cause != null ? cause : e);
        } finally {
            releaseSlots();
        }
    }

    /** Fails the step with {@code cause} unless it ended already; frees its slots. */
    void fail(Throwable cause) {
        if (markFinished()) {
            releaseSlots();
            getContext().onFailure(cause);
        }
    }

    /**
     * Stops what runs on the node; its report then comes back cancelled and the step fails with {@code cause}. If the
     * node cannot be reached, or the work does not end within the grace period, the step fails anyway. Before anything
     * started, it fails at once (a start in progress cancels itself when it sees the cause).
     */
    @Override
    public void stop(Throwable cause) {
        stopCause = cause;
        if (cancellation() == null) {
            fail(cause);
            return;
        }
        log().println("ambient: stopping " + runName);
        later(0, this::cancelOnNode);
        Timer.get().schedule(() -> fail(cause), STOP_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** The call that stops this step's work on the node, or {@code null} while nothing has started there. */
    abstract Callable<?, IOException> cancellation();

    /**
     * Stops the step's work on the node. A node that cannot be reached cannot be told: the step then fails at once
     * with the stop's cause (an abort stays an abort, as with {@code sh}), saying what may go on there.
     */
    void cancelOnNode() {
        Throwable cause = stopCause;
        FilePath ws = workspace.get();
        String problem;
        if (ws == null) {
            problem = "cannot reach " + workspace;
        } else {
            try {
                ws.act(cancellation());
                return;
            } catch (AbortException e) {
                problem = e.getMessage().replaceFirst("^ambient: ", ""); // the engine on the node refused
            } catch (IOException | InterruptedException | RequestAbortedException e) {
                workspace.forget();
                problem = "lost " + workspace + ": " + e.getMessage();
            }
        }
        log().println("ambient: could not stop " + runName + " (" + problem + "); what it started there may go on "
                + "running");
        fail(cause);
    }

    /**
     * Ends the step after its report was recorded and published: failed with the stop's cause, failed with
     * {@code failure}, or successful with {@code result}.
     */
    /**
     * Ends the step: failed by its stop's cause or {@code failure}, else with {@code result}. A {@code suspicion}
     * (a run succeeded but looks like it did nothing) marks the build unstable unless the step allows it.
     */
    void complete(String failure, String suspicion, String reportUrl, Object result)
            throws IOException, InterruptedException {
        if (stopCause == null && failure == null && suspicion != null && !allowSuspect) {
            markUnstable(suspicion + "; report: " + reportUrl);
        }
        if (stopCause != null) {
            getContext().onFailure(stopCause);
        } else if (failure != null) {
            getContext().onFailure(new AbortException("ambient: " + failure + "; report: " + reportUrl));
        } else {
            getContext().onSuccess(result);
        }
    }

    /** As the junit step does for failed tests: the build turns unstable, the step's node carries the warning. */
    private void markUnstable(String why) throws IOException, InterruptedException {
        log().println("ambient: " + why + " -- the build is marked unstable (allowSuspect: true lets it pass, "
                + "failOnSuspect: true fails the step)");
        getContext().get(FlowNode.class).addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(why));
        getContext().get(Run.class).setResult(Result.UNSTABLE);
    }

    /**
     * Runs {@code work} after {@code delayMillis} on a thread that may wait on the node; a failure fails the step.
     * While Jenkins shuts down nothing more is scheduled: {@link #onResume()} takes the work up after the restart.
     */
    void later(long delayMillis, Work work) {
        try {
            Timer.get().schedule(() -> now(work), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Jenkins is shutting down.
        }
    }

    private void now(Work work) {
        try {
            Computer.threadPoolForRemoting.submit(() -> {
                try {
                    work.run();
                } catch (RejectedExecutionException e) {
                    // Jenkins is shutting down.
                } catch (Throwable e) {
                    // Errors too (as SynchronousNonBlockingStepExecution does): an uncaught one would end this task
                    // silently in the pool's future and leave the step waiting forever.
                    fail(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // Jenkins is shutting down.
        }
    }

    /** A piece of an execution's work, off the Pipeline thread. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }
}
