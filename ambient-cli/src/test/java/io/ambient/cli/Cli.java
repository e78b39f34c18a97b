package io.ambient.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the shaded {@code ambient.jar} as a real process, the way users run it. */
final class Cli {
    static final String IMAGE = System.getenv().getOrDefault("AMBIENT_TEST_IMAGE", "ambient-test/busybox:1");
    private static final Path JAR = Path.of(System.getProperty("ambient.jar", "target/ambient.jar"));

    private Cli() {
    }

    /** The outcome of one invocation. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs to the end; stdout and stderr are kept in {@code logs}. */
    static Result run(Path logs, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        Process process = start(logs, env, args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ambient " + args + " did not end within 120 s");
        }
        return new Result(process.exitValue(), read(logs, "out"), read(logs, "err"));
    }

    /** Starts the command line with stdout and stderr going to the files {@code out} and {@code err} in {@code logs}. */
    static Process start(Path logs, Map<String, String> env, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(args);
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(logs.resolve("out").toFile()).redirectError(logs.resolve("err").toFile());
        builder.environment().remove("CI");
        // A developer's real credentials never reach a test run.
        builder.environment().keySet().removeAll(List.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CODEX_API_KEY",
                "OPENAI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "WARP_API_KEY"));
        builder.environment().putAll(env);
        return builder.start();
    }

    static String read(Path logs, String stream) throws IOException {
        return Files.readString(logs.resolve(stream), StandardCharsets.UTF_8);
    }

    /** A git repository with one commit: a README with a typo and an obsolete file. */
    static Path gitRepo(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.md"), "Teh sample\n");
        Files.writeString(dir.resolve("old.txt"), "obsolete\n");
        exec(dir, "git", "init", "-q");
        exec(dir, "git", "add", "-A");
        exec(dir, "git", "-c", "user.name=t", "-c", "user.email=t@invalid", "commit", "-q", "-m", "init");
        return dir;
    }

    /** Containers the engine still has for {@code runId}, in any state. */
    static String containersOf(String runId) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=io.ambient.run-id=" + runId)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return out;
    }

    static void exec(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
