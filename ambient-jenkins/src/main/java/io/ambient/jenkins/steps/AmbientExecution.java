package io.ambient.jenkins.steps;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.ambient.jenkins.config.AmbientSettings;
import io.ambient.jenkins.publish.RunPublishing;
import io.ambient.report.RunReport;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
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

    final String runName;
    final String commentMode;
    final boolean failOnError;
    final boolean failOnSuspect;
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

    AmbientExecution(StepContext context, AmbientStep step) {
        super(context);
        this.runName = step.runName();
        this.commentMode = step.getComment();
        this.failOnError = !step.isReturnOnFailure();
        this.failOnSuspect = step.isFailOnSuspect();
        this.credentialsId = step.getCredentialsId();
        this.credentialIds = new HashMap<>(step.getCredentials());
    }

    /** Checks the step and takes what start() needs from the context, on the Pipeline thread: no I/O. */
    EnvVars prepare(AmbientStep step, FilePath ws) throws Exception {
        step.checkParameters();
        EnvVars env = getContext().get(EnvVars.class);
        workspace = new NodeWorkspace(ws);
        stage = env.get("STAGE_NAME");
        engine = RunSpecs.executor(step, env, ws);
        return env;
    }

    /**
     * Takes {@code count} slots of the controller's limit, or says the step waits and asks {@code retry} to try again
     * later: never blocks.
     */
    synchronized boolean takeSlots(int count, AmbientSettings settings, Work retry) {
        if (AgentSlots.tryAcquire(count, settings.maxConcurrentRuns())) {
            slots = count;
            return true;
        }
        int running = AgentSlots.running();
        if (running != waitingFor) {
            log().println("ambient: waiting for an agent slot (" + running + " running)");
            waitingFor = running;
        }
        later(RETRY_MILLIS, retry);
        return false;
    }

    /** Takes slots back without asking, for a run that resumed after a restart. */
    synchronized void reclaimSlots(int count) {
        AgentSlots.reclaim(count);
        slots = count;
    }

    synchronized void releaseSlots() {
        AgentSlots.release(slots);
        slots = 0;
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
        if (log == null) {
            try {
                log = MaskedLog.of(getContext().get(TaskListener.class), secrets().values(),
                        getContext().get(Run.class).getCharset());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("the build's log is gone: " + e, e);
            }
        }
        return log;
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

    /** Fails the step with {@code cause} unless it ended already; frees its slots. */
    void fail(Throwable cause) {
        if (markFinished()) {
            releaseSlots();
            getContext().onFailure(cause);
        }
    }

    /** After a stop: if the run is not reported within the grace period (node gone), fail the step anyway. */
    void failAfterGrace(Throwable cause) {
        Timer.get().schedule(() -> fail(cause), STOP_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs {@code work} after {@code delayMillis} on a thread that may wait on the node; a failure fails the step. */
    void later(long delayMillis, Work work) {
        Timer.get().schedule(() -> Computer.threadPoolForRemoting.submit(() -> {
            try {
                work.run();
            } catch (Exception e) {
                fail(e);
            }
        }), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** A piece of an execution's work, off the Pipeline thread. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }
}
