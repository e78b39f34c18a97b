package io.ambient.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs agent processes: in a hardened container ({@link DockerExecutor}) or as a local process
 * ({@link ProcessExecutor}). One contract for both:
 * <ol>
 *   <li>{@link #preflight(ExecSpec)} rejects what cannot run, before anything is created;</li>
 *   <li>{@link #start(ExecSpec)} starts the run detached and returns a {@link RunHandle};</li>
 *   <li>{@link #follow(RunHandle, LogCursor, OutputSink)} streams output from a cursor until the run ends,
 *       enforces its deadline, and cleans everything up; it may be called again from another process after
 *       {@link #find(String)} when the first follower died.</li>
 * </ol>
 * Implementations are thread-safe: one executor serves concurrent runs.
 */
public interface Executor extends AutoCloseable {
    /**
     * How long the output left when a run ended is read at most: past it, the rest is dropped and the result says
     * {@link ExecResult#outputCut()}, so a flooding agent cannot hold its follower after its deadline.
     */
    Duration OUTPUT_DRAIN = Duration.ofSeconds(15);

    /** {@code docker} or {@code process}; recorded in reports and handles. */
    String name();

    /**
     * Where the workspace, input files and agent home appear to the process of run {@code runId}.
     *
     * @param agentHome the run's persistent agent home on the host, or {@code null} for a per-run one
     */
    ExecLayout layout(String runId, Path workspace, Path agentHome);

    /**
     * Checks that {@code spec} can run here (engine reachable, image present, workspace usable) without creating
     * anything.
     *
     * @throws io.ambient.InvalidInputException with a one-line message naming the fix
     */
    void preflight(ExecSpec spec);

    /**
     * Starts the run and returns at once. On any failure everything created so far is removed before the
     * exception propagates.
     */
    RunHandle start(ExecSpec spec);

    /**
     * Streams the run's output to {@code sink}, starting after {@code from}, until the process exits; kills it at
     * its deadline; copies a {@link WorkspaceMode#COPY} workspace back; removes the container or state; returns how
     * the run ended. Lines arrive in order within each stream.
     */
    default ExecResult follow(RunHandle handle, LogCursor from, OutputSink sink) {
        return follow(handle, from, sink, null).orElseThrow();
    }

    /**
     * Like {@link #follow(RunHandle, LogCursor, OutputSink)}, but stops following after {@code maxWait} when the run
     * has not ended by then: returns empty and leaves the run going, untouched. A caller that polls (a Jenkins step)
     * follows again from the cursor after the last line it received. The run's deadline is enforced by whichever
     * call is following when it passes, or by the next one.
     *
     * @param maxWait how long to follow at most; {@code null} to follow until the run ends
     */
    Optional<ExecResult> follow(RunHandle handle, LogCursor from, OutputSink sink, Duration maxWait);

    /** Starts and follows in one call. */
    default ExecResult run(ExecSpec spec, OutputSink sink) {
        return follow(start(spec), LogCursor.START, sink);
    }

    /** Finds a started run by id, e.g. from a new process after the first follower died. */
    Optional<RunHandle> find(String runId);

    /** Kills the run; a concurrent or later {@link #follow} reports it cancelled. Does nothing for an ended run. */
    void cancel(RunHandle handle);

    /**
     * Removes runs started by this tool whose owner process is gone and that are older than {@code grace} or past
     * their deadline: the grace keeps a run for a follower to re-attach to, but only while it may still run.
     *
     * @return the run ids removed
     */
    List<String> reap(Duration grace);

    /** CPUs of the host the runs execute on: the default parallelism of a fan-out. */
    default int hostCpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Releases connections; runs keep going. */
    @Override
    void close();
}
