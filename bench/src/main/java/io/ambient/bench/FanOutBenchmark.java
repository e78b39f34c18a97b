package io.ambient.bench;

import io.ambient.exec.DockerExecutor;
import io.ambient.fanout.FanOutListener;
import io.ambient.fanout.FanOutPlan;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.FanOutRunner;
import io.ambient.fanout.FanOutSpec;
import io.ambient.fanout.PlannedRun;
import io.ambient.fanout.RunFactory;
import io.ambient.report.RunStatus;
import io.ambient.run.RunListener;
import io.ambient.run.RunRequest;
import io.ambient.run.RunState;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fan-out efficiency: {@code --runs} runs of an agent that takes a fixed time ({@code sleep --seconds} in the
 * {@code command} agent, network none), at most {@code --parallel} at once, against the ideal
 * ({@code ceil(runs / parallel)} waves of {@code --seconds}) and against the same runs as raw
 * {@code docker run --rm --network none IMAGE sleep S} from {@code --parallel} threads (the baseline: what the engine
 * itself cannot beat). Each round runs both variants once, in alternating order, so machine noise hits both alike.
 * <p>
 * The fan-out is a model matrix of {@code --runs} entries ({@code command:m01}...) on one small git workspace, not
 * shards: every run then works on a copy of the same tiny tree, as in {@link OverheadBenchmark}, whereas shards need
 * a directory per shard in the workspace, which would make each of the runs' copies grow with the number of runs and
 * measure the size of the tree rather than the fan-out.
 * <p>
 * Also prints where a fan-out's time goes, from the runs' state changes: the workspace copy, prepare (preflight and
 * JGit snapshot), start (create, copy in, attach stdin, start, inspect), follow (the agent's own time, log, wait,
 * inspect, remove), collect (the second snapshot, diff and report), and the fan-out's own head (checking every run)
 * and tail (merge, removing the copies, {@code fanout.json}).
 * <p>
 * Usage: {@code java -cp bench/target/ambient-bench.jar io.ambient.bench.FanOutBenchmark [--runs 32] [--parallel 8]
 * [--seconds 1] [--rounds 3] [--image IMG]}
 */
public final class FanOutBenchmark {
    private static final String BASELINE = "docker-run";
    private static final String FANOUT = "fan-out";

    private final String image;
    private final int runs;
    private final int parallel;
    private final int seconds;
    private final Path scratch;
    private final Path workspace;
    private final DockerExecutor executor = DockerExecutor.fromEnvironment();
    private final Map<String, List<Double>> phases = new LinkedHashMap<>();
    private int fanOuts;

    private FanOutBenchmark(String image, int runs, int parallel, int seconds, Path scratch)
            throws IOException, InterruptedException {
        this.image = image;
        this.runs = runs;
        this.parallel = parallel;
        this.seconds = seconds;
        this.scratch = scratch;
        this.workspace = Bench.workspace(scratch.resolve("workspace"));
        for (String phase : List.of("head", "copy", "prepare", "start", "follow", "collect", "tail", "jvm cpu")) {
            phases.put(phase, new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args);
        int runs = Integer.parseInt(options.getOrDefault("--runs", "32"));
        int parallel = Integer.parseInt(options.getOrDefault("--parallel", "8"));
        int seconds = Integer.parseInt(options.getOrDefault("--seconds", "1"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
        Path scratch = Files.createTempDirectory("ambient-bench-fanout");
        FanOutBenchmark bench = new FanOutBenchmark(options.getOrDefault("--image", "ambient-test/busybox:1"), runs,
                parallel, seconds, scratch);
        try {
            bench.measure(rounds);
        } finally {
            bench.executor.close();
            Bench.exec(List.of("rm", "-rf", scratch.toString()));
        }
    }

    private void measure(int rounds) throws Exception {
        // Warm-up, not timed: class loading and the JIT's first pass, the engine's first container of the image.
        dockerRuns(parallel, 0);
        fanOut(parallel, 0, false);
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        wall.put(BASELINE, new ArrayList<>());
        wall.put(FANOUT, new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < 2; k++) {
                boolean fanOutTurn = (round + k) % 2 == 1;
                double elapsed = fanOutTurn ? fanOut(runs, seconds, true) : dockerRuns(runs, seconds);
                wall.get(fanOutTurn ? FANOUT : BASELINE).add(elapsed);
                System.err.printf(Locale.ROOT, "bench: round %d %s %.2f s%n", round + 1,
                        fanOutTurn ? FANOUT : BASELINE, elapsed);
            }
        }
        print(wall, rounds);
    }

    /** {@code count} raw {@code docker run --rm}, {@code parallel} at once; wall seconds. */
    private double dockerRuns(int count, int sleep) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            long start = System.nanoTime();
            List<Future<Object>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                done.add(pool.submit(() -> {
                    Bench.exec(List.of("docker", "run", "--rm", "--network", "none", image, "sleep", Integer.toString(sleep)));
                    return null;
                }));
            }
            for (Future<Object> future : done) {
                future.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A fan-out of a {@code count}-entry model matrix of {@code sleep}, {@code parallel} at once; wall seconds. */
    private double fanOut(int count, int sleep, boolean record) {
        List<String> models = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            models.add(String.format(Locale.ROOT, "command:m%02d", i));
        }
        List<PlannedRun> planned = FanOutPlan.of(List.of(), models, count);
        FanOutSpec spec = FanOutSpec.builder(workspace, scratch.resolve("fanout-" + ++fanOuts), planned)
                .prompt("benchmark ${RUN_NAME}").maxParallel(parallel).build();
        RunFactory factory = run -> RunRequest.builder().agent(run.profile()).model(run.model()).image(image)
                .network("none").args(List.of("sleep", Integer.toString(sleep)));
        Timeline timeline = new Timeline();
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        FanOutReport report = new FanOutRunner(executor).run(spec, factory, timeline);
        long end = System.nanoTime();
        cpu = processCpuNanos() - cpu;
        for (FanOutRun run : report.runs()) {
            Bench.check(run.report() != null && run.report().status() == RunStatus.SUCCEEDED,
                    "fan-out run " + run.name() + " did not succeed: " + (run.report() == null ? "not started"
                            : run.report().status() + " " + run.report().error()));
        }
        if (record) {
            timeline.record(start, end, sleep);
            phases.get("jvm cpu").add(cpu / 1e6 / count);
        }
        return (end - start) / 1e9;
    }

    private void print(Map<String, List<Double>> wall, int rounds) {
        double ideal = Math.ceil(runs / (double) parallel) * seconds;
        System.out.printf(Locale.ROOT, "%d runs of `sleep %d`, %d at once (ideal %.1f s); %d rounds, interleaved; "
                        + "image %s; %d cores%n%n", runs, seconds, parallel, ideal, rounds, image,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| variant | best s | median s | best / ideal | median / ideal | per-run overhead ms (median) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        wall.forEach((name, values) -> System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2fx | %.2fx | %.0f |%n",
                name, Bench.best(values), Bench.median(values), Bench.best(values) / ideal, Bench.median(values) / ideal,
                (Bench.median(values) - ideal) * parallel / runs * 1000));
        System.out.printf(Locale.ROOT, "%nfan-out / baseline: best %.2fx, median %.2fx%n", Bench.best(wall.get(FANOUT))
                / Bench.best(wall.get(BASELINE)), Bench.median(wall.get(FANOUT)) / Bench.median(wall.get(BASELINE)));
        System.out.printf(Locale.ROOT, "%nWhere a fan-out's time goes (ms, over %d rounds; per run unless noted):%n%n",
                rounds);
        System.out.println("| phase | median ms | p90 ms | what |");
        System.out.println("|---|---:|---:|---|");
        Map<String, String> what = Map.of(
                "head", "once per fan-out: every run checked (preflight), until the first run's copy is made",
                "copy", "the run's workspace copy (measured on runs after each thread's first)",
                "prepare", "preflight again, JGit snapshot",
                "start", "create, copy the prompt in, attach stdin, start, inspect",
                "follow", "container running beyond `sleep`, log, wait, log again, inspect, remove",
                "collect", "JGit snapshot and diff, report.json",
                "tail", "once per fan-out: merge, copies removed, fanout.json",
                "jvm cpu", "this JVM's CPU time over the fan-out, divided by the runs (all threads, JIT and GC included)");
        phases.forEach((phase, values) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %s |%n", phase,
                Bench.median(values), Bench.percentile(values, 0.9), what.get(phase)));
    }

    /** Per-thread timestamps of each run's state changes, turned into phase durations. */
    private final class Timeline implements FanOutListener {
        /** Run name to the nanoTime of: listener asked (copy made), PREPARING ... FINISHED, run finished. */
        private final Map<String, long[]> marks = new ConcurrentHashMap<>();
        /** Run name to the thread it ran on, and each thread's runs in order. */
        private final Map<String, List<String>> byThread = new ConcurrentHashMap<>();

        @Override
        public RunListener run(PlannedRun run) {
            long[] times = new long[RunState.values().length + 2];
            times[0] = System.nanoTime();
            marks.put(run.name(), times);
            byThread.computeIfAbsent(Thread.currentThread().getName(), key -> new ArrayList<>()).add(run.name());
            return new RunListener() {
                @Override
                public void onState(RunState state, String detail) {
                    times[1 + state.ordinal()] = System.nanoTime();
                }
            };
        }

        @Override
        public void onRunFinished(FanOutRun run) {
            marks.get(run.name())[RunState.values().length + 1] = System.nanoTime();
        }

        void record(long start, long end, int sleep) {
            Map<RunState, Integer> at = new EnumMap<>(RunState.class);
            for (RunState state : RunState.values()) {
                at.put(state, 1 + state.ordinal());
            }
            long firstCopy = Long.MAX_VALUE;
            long lastFinish = 0;
            for (long[] times : marks.values()) {
                firstCopy = Math.min(firstCopy, times[0]);
                lastFinish = Math.max(lastFinish, times[times.length - 1]);
                add("prepare", times[at.get(RunState.STARTING)] - times[at.get(RunState.PREPARING)]);
                add("start", times[at.get(RunState.RUNNING)] - times[at.get(RunState.STARTING)]);
                add("follow", times[at.get(RunState.COLLECTING)] - times[at.get(RunState.RUNNING)] - sleep * 1_000_000_000L);
                add("collect", times[at.get(RunState.FINISHED)] - times[at.get(RunState.COLLECTING)]);
            }
            for (List<String> names : byThread.values()) {
                for (int i = 1; i < names.size(); i++) {
                    long[] before = marks.get(names.get(i - 1));
                    add("copy", marks.get(names.get(i))[0] - before[before.length - 1]);
                }
            }
            add("head", firstCopy - start);
            add("tail", end - lastFinish);
        }

        private void add(String phase, long nanos) {
            phases.get(phase).add(nanos / 1e6);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

}
