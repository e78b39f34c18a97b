package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.exec.ExecLayout;
import io.ambient.exec.ExecResult;
import io.ambient.exec.ExecSpec;
import io.ambient.exec.Executor;
import io.ambient.exec.LogCursor;
import io.ambient.exec.OutputSink;
import io.ambient.exec.RunHandle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node's engine, noting the id of every run it starts in a file before starting it. ambient-core names a
 * fan-out's runs after an id it makes up only when the fan-out starts, so this list is how a fan-out whose JVM died
 * with it (a controller restart, for the built-in node) can still have its containers found and cancelled.
 */
final class RunRecordingExecutor implements Executor {
    private final Executor engine;
    private final Path startedRuns;

    RunRecordingExecutor(Executor engine, Path startedRuns) {
        this.engine = engine;
        this.startedRuns = startedRuns;
    }

    @Override
    public RunHandle start(ExecSpec spec) {
        try {
            Files.writeString(startedRuns, spec.runId() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // Not starting is better than a run nobody could cancel; the run's report says why.
            throw new AmbientException("cannot note run " + spec.runId() + " in " + startedRuns + ": " + e.getMessage(),
                    e);
        }
        return engine.start(spec);
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public ExecLayout layout(String runId, Path workspace, Path agentHome) {
        return engine.layout(runId, workspace, agentHome);
    }

    @Override
    public void preflight(ExecSpec spec) {
        engine.preflight(spec);
    }

    @Override
    public Optional<ExecResult> follow(RunHandle handle, LogCursor from, OutputSink sink, Duration maxWait) {
        return engine.follow(handle, from, sink, maxWait);
    }

    @Override
    public Optional<RunHandle> find(String runId) {
        return engine.find(runId);
    }

    @Override
    public void cancel(RunHandle handle) {
        engine.cancel(handle);
    }

    @Override
    public List<String> reap(Duration grace) {
        return engine.reap(grace);
    }

    @Override
    public int hostCpus() {
        return engine.hostCpus();
    }

    @Override
    public void close() {
        engine.close();
    }
}
