package io.ambient.exec;

import io.ambient.AmbientException;
import io.ambient.FileTrees;
import io.ambient.InvalidInputException;
import io.ambient.Json;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the agent as a local process, WITHOUT isolation: for Kubernetes pod containers (the pod is the isolation)
 * and hosts without a Docker engine. Unix only: uses {@code /bin/sh} and {@code setsid}.
 * <p>
 * Modelled on Jenkins' durable tasks: each run gets a control directory {@code <stateDir>/<runId>/}; the process
 * is started detached in its own session, writes its output to {@code stdout.log} and {@code stderr.log}, and its
 * wrapper writes the exit code to {@code exit.tmp} and renames it to {@code exit}. So a run survives the JVM that
 * started it and any process can follow it again from {@link #find}. {@link #cancel} leaves a {@code cancelled}
 * marker, which works across processes too.
 * <p>
 * Only the timeout is enforced: memory, CPU and process limits need cgroups, that is the Docker executor; a user,
 * a network setting and {@link WorkspaceMode#COPY} are refused by {@link #preflight}. Out-of-memory kills cannot be
 * told apart from other kills, so {@link ExecResult#oomKilled()} is always false here.
 */
public final class ProcessExecutor implements Executor {
    /** The only host variables a run inherits: host secrets must not leak into the agent. */
    private static final List<String> HOST_ENV = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR");
    /** Runs "$@" with the control dir's files as stdio, then publishes the exit code atomically. */
    private static final String WRAPPER = "d=$1; shift; \"$@\" <\"$d/stdin\" >\"$d/stdout.log\" 2>\"$d/stderr.log\";"
            + " echo $? >\"$d/exit.tmp\"; mv \"$d/exit.tmp\" \"$d/exit\"";
    private static final String RUN_FILE = "run.json";
    private static final String EXIT_FILE = "exit";
    private static final String CANCELLED_FILE = "cancelled";
    private static final int KILLED = 137;

    private final Path stateDir;

    /** @param stateDir where control directories live; created when needed */
    public ProcessExecutor(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath();
    }

    /** {@code $AMBIENT_HOME/runs}, or {@code ~/.ambient/runs}. */
    public static Path defaultStateDir() {
        String home = System.getenv("AMBIENT_HOME");
        return home != null && !home.isBlank()
                ? Path.of(home, "runs")
                : Path.of(System.getProperty("user.home"), ".ambient", "runs");
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public ExecLayout layout(String runId, Path workspace, Path agentHome) {
        String dir = workspace == null ? controlDir(runId).toString() : workspace.toAbsolutePath().toString();
        String input = controlDir(runId).resolve("input").toString();
        return agentHome == null ? new ExecLayout(dir, input) : new ExecLayout(dir, input, agentHome.toAbsolutePath().toString(), false);
    }

    @Override
    public void preflight(ExecSpec spec) {
        if (spec.agentHome() != null && !Files.isDirectory(spec.agentHome())) {
            throw new InvalidInputException("agent home " + spec.agentHome()
                    + " does not exist: create it (it keeps the agent's sessions between runs)");
        }
        if (spec.workspace() != null && !Files.isDirectory(spec.workspace())) {
            throw new InvalidInputException("workspace " + spec.workspace()
                    + " does not exist: create it or point --workspace at a git checkout");
        }
        if (spec.user() != null) {
            throw new InvalidInputException("--user needs the docker executor: the process executor runs as the current user");
        }
        if (spec.limits() != null) {
            throw new InvalidInputException("memory, CPU and process limits need the docker executor, which enforces "
                    + "them with cgroups: drop them or use the docker executor");
        }
        if (spec.workspaceMode() == WorkspaceMode.COPY) {
            throw new InvalidInputException("copy mode needs the docker executor: drop --workspace-mode copy");
        }
        if (spec.network() != null && !spec.network().equals("host")) {
            throw new InvalidInputException("network isolation needs the docker executor: drop --network or use --executor docker");
        }
        String program = spec.command().get(0);
        if (resolve(program, spec).isEmpty()) {
            throw new InvalidInputException("program " + program + " not found on PATH: install it or give its absolute path");
        }
    }

    @Override
    public RunHandle start(ExecSpec spec) {
        Path dir = controlDir(spec.runId());
        if (Files.exists(dir)) {
            throw new AmbientException("run " + spec.runId() + " already exists in " + stateDir + ": choose another run id");
        }
        AgentHomes.prepareForOwner(spec);
        try {
            Files.createDirectories(dir.resolve("input"));
            for (Map.Entry<String, String> file : spec.inputFiles().entrySet()) {
                Path target = dir.resolve("input").resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            Files.writeString(dir.resolve("stdin"), spec.stdin() == null ? "" : spec.stdin(), StandardCharsets.UTF_8);
            Process process = launch(spec, dir);
            Instant startedAt = process.toHandle().info().startInstant().orElse(Instant.now());
            RunHandle handle = new RunHandle(spec.runId(), name(), dir.toString(),
                    spec.workspace() == null ? null : spec.workspace().toAbsolutePath().toString(), WorkspaceMode.BIND,
                    startedAt, spec.timeout() == null ? null : startedAt.plus(spec.timeout()));
            Json.writeAtomically(new RunFile(handle, process.pid(), Owner.current()), dir.resolve(RUN_FILE));
            return handle;
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e instanceof AmbientException ambient ? ambient
                    : new AmbientException("cannot start " + spec.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ExecResult> follow(RunHandle handle, LogCursor from, OutputSink sink, Duration maxWait) {
        Instant stopFollowing = maxWait == null ? null : Instant.now().plus(maxWait);
        Path dir = Path.of(handle.id());
        RunFile run = readRunFile(dir).orElseThrow(() -> new AmbientException("run " + handle.runId()
                + " is gone from " + stateDir + ": it was already followed to its end or reaped"));
        try (LogTail out = new LogTail(dir.resolve("stdout.log"), new LineSplitter(StdStream.STDOUT, from.stdoutLines(), sink));
             LogTail err = new LogTail(dir.resolve("stderr.log"), new LineSplitter(StdStream.STDERR, from.stderrLines(), sink))) {
            boolean timedOut = false;
            long pause = 5;
            while (!Files.exists(dir.resolve(EXIT_FILE)) && isAlive(run)) {
                if (handle.deadline() != null && Instant.now().isAfter(handle.deadline())) {
                    timedOut = true;
                    killTree(run);
                    break;
                }
                boolean progressed = out.poll() | err.poll();
                if (stopFollowing != null && Instant.now().isAfter(stopFollowing)) {
                    return Optional.empty();
                }
                pause = progressed ? 5 : Math.min(pause * 2, 100);
                sleep(pause);
            }
            awaitExit(run);
            Instant drainUntil = Instant.now().plus(OUTPUT_DRAIN);
            boolean cut = !out.drain(drainUntil) | !err.drain(drainUntil);
            out.finish();
            err.finish();
            boolean cancelled = Files.exists(dir.resolve(CANCELLED_FILE));
            ExecResult result = new ExecResult(handle.runId(), exitCode(dir), timedOut && !cancelled, false, cancelled,
                    handle.startedAt(), Instant.now(), new LogCursor(out.lines(), err.lines()), cut);
            deleteTree(dir);
            return Optional.of(result);
        } catch (IOException e) {
            throw new AmbientException("cannot read the output of run " + handle.runId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<RunHandle> find(String runId) {
        return readRunFile(controlDir(runId)).map(RunFile::handle);
    }

    @Override
    public void cancel(RunHandle handle) {
        Path dir = Path.of(handle.id());
        Optional<RunFile> run = readRunFile(dir);
        if (run.isEmpty()) {
            return;
        }
        try {
            Files.writeString(dir.resolve(CANCELLED_FILE), Instant.now().toString());
        } catch (IOException e) {
            throw new AmbientException("cannot cancel run " + handle.runId() + ": " + e.getMessage(), e);
        }
        killTree(run.get());
    }

    @Override
    public List<String> reap(Duration grace) {
        if (!Files.isDirectory(stateDir)) {
            return List.of();
        }
        Instant cutoff = Instant.now().minus(grace);
        List<String> reaped = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(stateDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Optional<RunFile> run = readRunFile(dir);
                Instant deadline = run.map(found -> found.handle().deadline()).orElse(null);
                if (run.isPresent() && Owner.isGone(run.get().owner()) && (run.get().handle().startedAt().isBefore(cutoff)
                        || deadline != null && deadline.isBefore(Instant.now()))) {
                    killTree(run.get());
                    awaitExit(run.get());
                    deleteTree(dir);
                    reaped.add(run.get().handle().runId());
                }
            }
        } catch (IOException e) {
            throw new AmbientException("cannot list runs in " + stateDir + ": " + e.getMessage(), e);
        }
        return reaped;
    }

    @Override
    public void close() {
        // Nothing held open between calls.
    }

    private Path controlDir(String runId) {
        return stateDir.resolve(runId);
    }

    private static Process launch(ExecSpec spec, Path dir) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "/bin/sh", "-c", WRAPPER, "ambient-run", dir.toString()));
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory((spec.workspace() == null ? dir : spec.workspace()).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(spec));
        return builder.start();
    }

    private static Map<String, String> environment(ExecSpec spec) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String name : HOST_ENV) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(spec.env());
        return env;
    }

    /** The program as the wrapper's shell will find it: a path (relative to the workspace) or a PATH lookup. */
    private static Optional<Path> resolve(String program, ExecSpec spec) {
        if (program.contains("/")) {
            Path base = spec.workspace() == null ? Path.of("") : spec.workspace();
            Path path = base.resolve(program);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String path = environment(spec).getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator)).filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, program)).filter(Files::isExecutable).findFirst();
    }

    private static Optional<RunFile> readRunFile(Path dir) {
        try {
            return Optional.of(Json.MAPPER.readValue(dir.resolve(RUN_FILE).toFile(), RunFile.class));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AmbientException("cannot read " + dir.resolve(RUN_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The wrapper process, if it is still the one this run started (pids are recycled). */
    private static Optional<ProcessHandle> process(RunFile run) {
        return ProcessHandle.of(run.pid()).filter(process -> process.info().startInstant()
                .map(start -> Math.abs(Duration.between(start, run.handle().startedAt()).toMillis()) < 1000)
                .orElse(true));
    }

    private static boolean isAlive(RunFile run) {
        return process(run).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Kills the run's whole session: the process group setsid made, and any descendant that left it. */
    private static void killTree(RunFile run) {
        Optional<ProcessHandle> wrapper = process(run);
        if (wrapper.isEmpty()) {
            return;
        }
        List<ProcessHandle> descendants = wrapper.get().descendants().toList();
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + run.pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // kill(1) missing: the handles below still end the tree.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        wrapper.get().destroyForcibly();
    }

    private static void awaitExit(RunFile run) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (isAlive(run) && System.nanoTime() < deadline) {
            sleep(10);
        }
    }

    private static int exitCode(Path dir) throws IOException {
        Path exit = dir.resolve(EXIT_FILE);
        return Files.exists(exit) ? Integer.parseInt(Files.readString(exit).trim()) : KILLED;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmbientException("interrupted while following a run", e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new AmbientException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /** What {@code run.json} holds: the handle, the wrapper's pid, and the owner for the reaper. */
    record RunFile(RunHandle handle, long pid, String owner) {
    }
}
