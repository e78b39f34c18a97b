package io.ambient.bench;

import io.ambient.exec.DockerExecutor;
import io.ambient.exec.ExecResult;
import io.ambient.exec.ExecSpec;
import io.ambient.exec.OutputSink;
import io.ambient.exec.ResourceLimits;
import io.ambient.exec.WorkspaceMode;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunListener;
import io.ambient.run.RunRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-run overhead of the engine against a raw {@code docker run --rm} of the same image, command and container
 * settings, measured side by side in one process: each iteration runs every variant once, in rotating order, so
 * machine noise hits all of them alike. Prints medians and ratios to the raw baseline.
 * <p>
 * Variants: {@code docker-run} (the baseline, the docker CLI), {@code executor} (DockerExecutor.run in this JVM),
 * {@code runner} (AgentRunner.run in this JVM: also workspace snapshot, diff and report), {@code cli} (a whole
 * {@code java -jar ambient.jar run} process, JVM start included).
 * <p>
 * Usage: {@code java -jar bench/target/ambient-bench.jar [--iterations 20] [--warmup 3] [--image IMG] [--cli-jar JAR]}
 */
public final class OverheadBenchmark {
    private final String image;
    private final Path cliJar;
    private final Path workspace;
    private final Path scratch;
    private final DockerExecutor executor = DockerExecutor.fromEnvironment();
    private final AtomicInteger runs = new AtomicInteger();

    private OverheadBenchmark(String image, Path cliJar, Path scratch) throws IOException, InterruptedException {
        this.image = image;
        this.cliJar = cliJar;
        this.scratch = scratch;
        this.workspace = Bench.workspace(scratch.resolve("workspace"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args);
        int iterations = Integer.parseInt(options.getOrDefault("--iterations", "20"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "3"));
        Path scratch = Files.createTempDirectory("ambient-bench");
        OverheadBenchmark bench = new OverheadBenchmark(options.getOrDefault("--image", "ambient-test/busybox:1"),
                Path.of(options.getOrDefault("--cli-jar", "ambient-cli/target/ambient.jar")), scratch);
        try {
            bench.measure(iterations, warmup);
        } finally {
            bench.executor.close();
            Bench.exec(List.of("rm", "-rf", scratch.toString()));
        }
    }

    private void measure(int iterations, int warmup) throws Exception {
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("docker-run", this::dockerRun);
        variants.put("executor", this::executorRun);
        variants.put("runner", this::runnerRun);
        if (Files.isRegularFile(cliJar)) {
            variants.put("cli", this::cliRun);
        } else {
            System.err.println("bench: " + cliJar + " not found, skipping the cli variant (mvn -DskipTests package)");
        }
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        names.forEach(name -> millis.put(name, new ArrayList<>()));
        for (int i = 0; i < warmup + iterations; i++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((i + k) % names.size());
                long start = System.nanoTime();
                variants.get(name).run();
                double elapsed = (System.nanoTime() - start) / 1e6;
                if (i >= warmup) {
                    millis.get(name).add(elapsed);
                }
            }
        }
        print(millis, iterations);
    }

    private void print(Map<String, List<Double>> millis, int iterations) {
        double baseline = Bench.median(millis.get("docker-run"));
        System.out.printf(Locale.ROOT, "%d iterations per variant, interleaved; image %s; %d cores%n%n", iterations,
                image, Runtime.getRuntime().availableProcessors());
        System.out.println("| variant | median ms | p90 ms | ratio to docker-run |");
        System.out.println("|---|---:|---:|---:|");
        millis.forEach((name, values) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2fx |%n", name,
                Bench.median(values), Bench.percentile(values, 0.9), Bench.median(values) / baseline));
    }

    private void dockerRun() throws Exception {
        Bench.exec(List.of("docker", "run", "--rm", "--network", "none", "--user", "1000:1000",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--memory", "4g", "--memory-swap", "4g",
                "--cpus", "2", "--pids-limit", "1024",
                "-v", workspace + ":/workspace", "-w", "/workspace", image, "true"));
    }

    private void executorRun() {
        ExecResult result = executor.run(ExecSpec.builder("bench-exec-" + runs.incrementAndGet(), List.of("true"))
                .image(image).network("none").workspace(workspace).workspaceMode(WorkspaceMode.BIND)
                .limits(ResourceLimits.defaults()).build(), OutputSink.discard());
        Bench.check(result.exitCode() == 0, "executor run failed: " + result);
    }

    private void runnerRun() {
        int n = runs.incrementAndGet();
        boolean ok = new AgentRunner(executor).run(request("bench-runner-" + n), RunListener.none()).succeeded();
        Bench.check(ok, "runner run failed");
    }

    private RunRequest request(String runId) {
        return RunRequest.builder().runId(runId).agent("command").prompt("benchmark").args(List.of("true"))
                .image(image).network("none").workspace(workspace).workspaceMode(WorkspaceMode.BIND)
                .outDir(scratch.resolve("reports").resolve(runId)).build();
    }

    private void cliRun() throws Exception {
        String runId = "bench-cli-" + runs.incrementAndGet();
        Bench.exec(List.of(javaBinary(), "-jar", cliJar.toString(), "run", "--agent", "command", "--image", image,
                "--network", "none", "--workspace", workspace.toString(), "--workspace-mode", "bind",
                "--run-id", runId, "--state-dir", scratch.resolve("state").toString(),
                "--out", scratch.resolve("reports").resolve(runId).toString(), "--prompt", "benchmark", "--", "true"));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @FunctionalInterface
    private interface Variant {
        void run() throws Exception;
    }
}
