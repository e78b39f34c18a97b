package io.ambient.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the benchmarks share: options, running a command, and statistics. */
final class Bench {
    private Bench() {
    }

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /** Runs {@code command}, its output discarded; fails unless it exits 0. */
    static void exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        check(exit == 0, String.join(" ", command) + " exited " + exit);
    }

    /**
     * A one-commit git workspace owned by uid 1000, the agent's user: bind mode, as on a Jenkins node whose workspace
     * the agent's uid owns.
     */
    static Path workspace(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.md"), "benchmark workspace\n");
        exec(List.of("git", "-C", dir.toString(), "init", "-q"));
        exec(List.of("git", "-C", dir.toString(), "add", "-A"));
        exec(List.of("git", "-C", dir.toString(), "-c", "user.name=bench", "-c", "user.email=bench@invalid",
                "commit", "-q", "-m", "init"));
        exec(List.of("chown", "-R", "1000:1000", dir.toString()));
        return dir;
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    static double best(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    /** The value at fraction {@code p} of the sorted values (nearest rank); NaN for none. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
    }
}
