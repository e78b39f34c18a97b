package io.ambient.fanout;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.Json;
import io.ambient.agent.AgentEvent;
import io.ambient.context.PromptTemplate;
import io.ambient.exec.Executor;
import io.ambient.exec.OutputLine;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunIds;
import io.ambient.run.RunListener;
import io.ambient.run.RunRequest;
import io.ambient.run.RunResult;
import io.ambient.run.RunState;
import io.ambient.run.RunTicket;
import io.ambient.workspace.ChangedFile;
import io.ambient.workspace.WorkspaceCopies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a fan-out: every planned run in its own container, on its own copy of the workspace, at most
 * {@code maxParallel} at once; verifies each result, compares them, and merges the picked changes into the main
 * workspace. Every run is checked before the first starts. A run's failure does not stop the others unless the
 * fan-out fails fast; a total budget and {@link #cancel()} stop them all within seconds. A fan-out that stopped early
 * merges nothing. Workspace copies are removed at the end, whatever happened. One fan-out at a time per instance.
 */
public final class FanOutRunner {
    /** The fan-out report's file name. */
    public static final String REPORT_FILE = "fanout.json";

    private final Executor executor;
    private final AgentRunner runner;
    private final Map<String, RunTicket> active = new ConcurrentHashMap<>();
    private final Map<String, Double> costs = new ConcurrentHashMap<>();
    private final Object stopLock = new Object();
    private final AtomicBoolean running = new AtomicBoolean();
    /** Set once a fan-out passed its checks: bad input does not use the runner up. */
    private volatile boolean ran;
    private volatile FanOutReport.StopReason stopReason;
    // Set by run(), read by cancel() from another thread.
    private volatile FanOutListener listener = FanOutListener.none();

    public FanOutRunner(Executor executor) {
        this.executor = executor;
        this.runner = new AgentRunner(executor);
    }

    /**
     * Runs the fan-out to its end and writes {@code fanout.json}. A runner runs one fan-out.
     *
     * @throws InvalidInputException for bad input in any run, before anything starts
     * @throws IllegalStateException when this runner has run (or is running) a fan-out already; one refused for bad
     *                               input does not count
     */
    public FanOutReport run(FanOutSpec spec, RunFactory factory, FanOutListener listener) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("this runner is already running a fan-out");
        }
        try {
            // One fan-out per runner: a cancel() that came before run() stands (whoever cancels cannot know whether
            // the fan-out has started), so the stop reason of a first fan-out would silently stop a second one.
            if (ran) {
                throw new IllegalStateException("a FanOutRunner runs one fan-out: create a new one for the next");
            }
            this.listener = listener;
            return runFanOut(spec, factory, listener);
        } finally {
            running.set(false);
        }
    }

    private FanOutReport runFanOut(FanOutSpec spec, RunFactory factory, FanOutListener listener) {
        String fanOutId = RunIds.newId();
        check(spec, factory, fanOutId);
        ran = true;
        int parallel = spec.maxParallel() > 0 ? spec.maxParallel() : Math.max(1, executor.hostCpus());
        Instant startedAt = Instant.now();
        Map<String, Path> copies = new ConcurrentHashMap<>();
        Verifier verifier = spec.verify() == null ? null : new Verifier(executor, spec.verify(), spec.verifyTimeout());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, task -> {
            Thread thread = new Thread(task, "ambient-fanout-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<FanOutRun> runs = new ArrayList<>();
        try {
            List<Future<FanOutRun>> futures = new ArrayList<>();
            for (PlannedRun run : spec.runs()) {
                futures.add(pool.submit(() -> stoppingOthersOnFailure(
                        () -> runOne(run, spec, factory, fanOutId, copies, verifier))));
            }
            runs = awaitAll(futures);
            if (stopReason == null) {
                runs = Merger.merge(runs, spec.pick(), copies, spec.workspace().toAbsolutePath());
            } else {
                runs = runs.stream().map(run -> run.merge() != null ? run
                        : run.withMerge(MergeStatus.NOT_ELIGIBLE, List.of())).toList();
            }
        } finally {
            pool.shutdownNow();
            copies.values().forEach(WorkspaceCopies::delete);
            deleteIfEmpty(spec.outDir().resolve(COPIES_DIR));
        }
        Instant finishedAt = Instant.now();
        Double totalCost = runs.stream().map(run -> run.report() == null || run.report().usage() == null ? null
                : run.report().usage().costUsd()).filter(Objects::nonNull).reduce(Double::sum).orElse(null);
        FanOutReport report = new FanOutReport(FanOutReport.SCHEMA_VERSION, fanOutId,
                spec.workspace().toAbsolutePath().toString(), startedAt, finishedAt,
                Duration.between(startedAt, finishedAt).toMillis(), parallel, spec.pick(), spec.verify(),
                spec.budgetUsd(), stopReason, totalCost, runs);
        try {
            Json.writeAtomically(report, spec.outDir().resolve(REPORT_FILE));
        } catch (IOException e) {
            throw new AmbientException("cannot write " + spec.outDir().resolve(REPORT_FILE) + ": " + e.getMessage(), e);
        }
        return report;
    }

    /**
     * Stops the fan-out: running runs are cancelled, planned ones do not start. Called before {@link #run}, the fan-out
     * starts none of its runs. A runner runs one fan-out.
     */
    public void cancel() {
        stop(FanOutReport.StopReason.CANCELLED, "cancelled");
    }

    private static final String COPIES_DIR = ".workspaces";

    /** Every run's request built and checked, and the fan-out's own settings, before anything starts. */
    private void check(FanOutSpec spec, RunFactory factory, String fanOutId) {
        if (spec.prompt() == null || spec.prompt().isBlank()) {
            throw new InvalidInputException("the prompt is empty: give one (--prompt TEXT or --prompt-file FILE; in "
                    + "Jenkins, the step's prompt)");
        }
        if (spec.verify() != null && spec.verify().isBlank()) {
            throw new InvalidInputException("the verify command is empty: give a command such as 'mvn -q test', or none");
        }
        if (spec.budgetUsd() != null && !(spec.budgetUsd() > 0)) {
            throw new InvalidInputException("invalid budget " + spec.budgetUsd() + ": give a positive amount in US dollars");
        }
        if (spec.maxParallel() < 0) {
            throw new InvalidInputException("invalid max parallel " + spec.maxParallel() + ": give a positive number");
        }
        for (PlannedRun run : spec.runs()) {
            int room = RunIds.MAX_LENGTH - fanOutId.length() - 1;
            if (run.name().length() > room) {
                throw new InvalidInputException("run name '" + run.name() + "' is " + run.name().length()
                        + " characters long: a fan-out's run names end its runs' ids and may have at most " + room
                        + "; shorten the shard or profile name");
            }
            RunRequest request = request(run, spec, factory, fanOutId, spec.workspace());
            runner.check(request);
            if (spec.budgetUsd() != null) {
                try {
                    AgentRunner.requireKnownCost(request, "drop the fan-out's budget");
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("run " + run.name() + ": " + e.getMessage());
                }
            }
        }
    }

    private FanOutRun runOne(PlannedRun run, FanOutSpec spec, RunFactory factory, String fanOutId,
                             Map<String, Path> copies, Verifier verifier) {
        if (stopReason != null) {
            return finished(new FanOutRun(run.name(), run.shard(), run.profile(), run.model(), null, null, null,
                    List.of(), MergeStatus.NOT_STARTED, List.of()));
        }
        Path copy = spec.outDir().resolve(COPIES_DIR).resolve(run.name());
        copies.put(run.name(), copy);
        WorkspaceCopies.copy(spec.workspace().toAbsolutePath(), copy);
        RunRequest request = request(run, spec, factory, fanOutId, copy);
        RunListener progress = budgetWatch(run, spec.budgetUsd(), listener.run(run));
        RunResult result = runner.run(request, progress, ticket -> {
            active.put(run.name(), ticket);
            if (stopReason != null) {
                runner.cancel(ticket);
            }
        });
        active.remove(run.name());
        if (result.report().usage() != null && result.report().usage().costUsd() != null) {
            costs.put(run.name(), result.report().usage().costUsd());
        }
        VerifyResult verify = verifier != null && result.succeeded() && stopReason == null
                ? verifier.verify(request.runId(), request, copy) : null;
        List<String> outOfScope = run.shard() == null || result.report().changedFiles() == null ? List.of()
                : result.report().changedFiles().stream().map(ChangedFile::path)
                .filter(path -> !run.shard().contains(path)).toList();
        boolean failed = !result.succeeded() || verify != null && !verify.passed();
        if (failed && spec.failFast()) {
            stop(FanOutReport.StopReason.FAIL_FAST, "run " + run.name() + " failed");
        }
        MergeStatus rejected = spec.rejectOutOfScope() && !outOfScope.isEmpty() ? MergeStatus.OUT_OF_SCOPE : null;
        return finished(new FanOutRun(run.name(), run.shard(), run.profile(), run.model(),
                spec.outDir().relativize(result.reportFile()).toString(), result.report(), verify, outOfScope, rejected,
                List.of()));
    }

    private FanOutRun finished(FanOutRun run) {
        listener.onRunFinished(run);
        return run;
    }

    /** Tracks the cost the run reports, and stops the fan-out when the runs' total goes over the budget. */
    private RunListener budgetWatch(PlannedRun run, Double budget, RunListener delegate) {
        if (budget == null) {
            return delegate;
        }
        return new RunListener() {
            @Override
            public void onState(RunState state, String detail) {
                delegate.onState(state, detail);
            }

            @Override
            public void onLine(OutputLine line) {
                delegate.onLine(line);
            }

            @Override
            public void onEvent(AgentEvent event) {
                delegate.onEvent(event);
            }

            @Override
            public void onProgress(int turns, Double costUsd) {
                delegate.onProgress(turns, costUsd);
                if (costUsd != null) {
                    costs.put(run.name(), costUsd);
                    double total = costs.values().stream().mapToDouble(Double::doubleValue).sum();
                    if (total > budget) {
                        stop(FanOutReport.StopReason.BUDGET, String.format(Locale.ROOT,
                                "the runs reported $%.4f, over the budget of $%.4f", total, budget));
                    }
                }
            }
        };
    }

    private void stop(FanOutReport.StopReason reason, String detail) {
        synchronized (stopLock) {
            if (stopReason != null) {
                return;
            }
            stopReason = reason;
        }
        listener.onStopping(reason, detail);
        active.values().forEach(runner::cancel);
    }

    private static RunRequest request(PlannedRun run, FanOutSpec spec, RunFactory factory, String fanOutId,
                                      Path workspace) {
        Map<String, String> vars = new LinkedHashMap<>(spec.vars());
        vars.put("SHARD_NAME", run.shard() == null ? "" : run.shard().name());
        vars.put("SHARD_PATHS", run.shard() == null ? "." : run.shard().pathsText());
        vars.put("RUN_NAME", run.name());
        return factory.request(run)
                .runId(fanOutId + "-" + run.name())
                .workspace(workspace.toAbsolutePath())
                .outDir(spec.outDir().toAbsolutePath().resolve("runs").resolve(run.name()))
                .prompt(PromptTemplate.expand("prompt", spec.prompt(), vars))
                .label("fanout", fanOutId)
                .label("fanout-run", run.name())
                .build();
    }

    /**
     * A run that fails outside its report (its workspace copy, say) stops the others at once: the fan-out then fails,
     * and no container may outlive the copy it works on.
     */
    private FanOutRun stoppingOthersOnFailure(Supplier<FanOutRun> run) {
        try {
            return run.get();
        } catch (RuntimeException e) {
            stop(FanOutReport.StopReason.CANCELLED, "a run failed to run: " + e.getMessage());
            throw e;
        }
    }

    /** The runs' ends, in plan order; a failure is thrown once every run has ended, so their copies can go. */
    private static List<FanOutRun> awaitAll(List<Future<FanOutRun>> futures) {
        List<FanOutRun> runs = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<FanOutRun> future : futures) {
            try {
                runs.add(await(future));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return runs;
    }

    private static FanOutRun await(Future<FanOutRun> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmbientException("interrupted while waiting for the fan-out's runs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AmbientException("a fan-out run failed: " + e.getCause(), e.getCause());
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Not empty: a copy could not be removed, and WorkspaceCopies said so already.
        }
    }
}
