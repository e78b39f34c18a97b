package io.ambient.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.ambient.AmbientException;
import io.ambient.FileTrees;
import io.ambient.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the agent in a hardened container on a Docker engine (docker-java, httpclient5 transport), one container per
 * run, named {@code ambient-<runId>} and labelled (see {@link Labels}) so it can be found again and reaped.
 * <p>
 * Hardening is not optional: a non-root user (the workspace owner, or {@code 1000:1000}; root is refused), all
 * capabilities dropped, {@code no-new-privileges}, memory (swap included), CPU and process limits, an init process
 * that reaps zombies, and no mount but the workspace, the run's input directory and a persistent agent home when one
 * is asked for: never the Docker socket. The input directory is written on this host and mounted where the engine sees
 * this host's files (bind mode), and copied into the container otherwise.
 * <p>
 * Output is read with the engine's log endpoint, which replays the container's whole output and then streams it
 * live: the same code serves the first follower and one re-attaching from another process with a {@link LogCursor}.
 * {@link #cancel} renames the container before it kills it, so that any follower, in any process, can tell a
 * cancelled run from one killed otherwise: the engine is the only place all of them share.
 */
public final class DockerExecutor implements Executor {
    static final String WORKSPACE_DIR = "/workspace";
    static final String INPUT_DIR = "/ambient/input";
    static final String HOME_DIR = "/ambient/home";
    private static final String DEFAULT_USER = "1000:1000";
    private static final int KILLED = 137;
    /** Network modes every engine has; any other name is a network that must exist. */
    private static final Set<String> NETWORK_MODES = Set.of("none", "host", "bridge", "default");

    private final DockerClient client;
    private final String host;
    /** Parent of the runs' host input directories: this host's temporary directory. */
    private final Path inputRoot = Path.of(System.getProperty("java.io.tmpdir"), "ambient-input").toAbsolutePath();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ambient-docker-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private DockerExecutor(DefaultDockerClientConfig config) {
        this.host = config.getDockerHost().toString();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(10))
                .maxConnections(100)
                .build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    /** The engine named by {@code DOCKER_HOST} (and the other standard Docker variables), else the local socket. */
    public static DockerExecutor fromEnvironment() {
        return new DockerExecutor(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
    }

    /** The engine at {@code dockerHost}, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://10.0.0.5:2376}. */
    public static DockerExecutor forHost(String dockerHost) {
        return new DockerExecutor(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build());
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public ExecLayout layout(String runId, Path workspace, Path agentHome) {
        return new ExecLayout(WORKSPACE_DIR, INPUT_DIR, HOME_DIR, true);
    }

    @Override
    public void preflight(ExecSpec spec) {
        if (spec.image() == null || spec.image().isBlank()) {
            throw new InvalidInputException("no image: give --image IMAGE (the agent runs in a container)");
        }
        if (spec.workspace() != null && !Files.isDirectory(spec.workspace())) {
            throw new InvalidInputException("workspace " + spec.workspace()
                    + " does not exist: create it or point --workspace at a git checkout");
        }
        if (spec.agentHome() != null && !Files.isDirectory(spec.agentHome())) {
            throw new InvalidInputException("agent home " + spec.agentHome()
                    + " does not exist: create it (it keeps the agent's sessions between runs)");
        }
        if (spec.agentHome() != null && spec.workspaceMode() == WorkspaceMode.COPY) {
            throw new InvalidInputException("a persistent agent home needs the engine to see this host's files, "
                    + "which copy mode says it cannot: drop --agent-home or use --workspace-mode bind");
        }
        if (limitsOf(spec).diskBytes() > 0) {
            requireStorageQuota();
        }
        if (spec.user() != null && isRoot(spec.user())) {
            throw new InvalidInputException("user " + spec.user()
                    + " is root: agents never run as root; give a non-root --user UID:GID");
        }
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new InvalidInputException("Docker engine not reachable at " + host
                    + ": start it (dockerd or systemctl start docker), set DOCKER_HOST, or use --executor process");
        }
        try {
            client.inspectImageCmd(spec.image()).exec();
        } catch (NotFoundException e) {
            throw new InvalidInputException("image " + spec.image() + " not found on the Docker engine at " + host
                    + ": build or pull it first (docker pull " + spec.image() + ")");
        }
        requireNetwork(spec.network());
    }

    /** A named network must exist before the run starts: the engine would refuse it only after creating the run. */
    private void requireNetwork(String network) {
        if (network == null || NETWORK_MODES.contains(network) || network.startsWith("container:")) {
            return;
        }
        try {
            client.inspectNetworkCmd().withNetworkId(network).exec();
        } catch (NotFoundException e) {
            throw new InvalidInputException("network " + network + " not found on the Docker engine at " + host
                    + ": create it first (docker network create " + network + ") or choose none, host or bridge");
        }
    }

    @Override
    public RunHandle start(ExecSpec spec) {
        String user = spec.user() != null ? spec.user() : defaultUser(spec.workspace());
        WorkspaceMode mode = resolveMode(spec, user);
        String containerId = null;
        int[] ids = uidGid(user);
        // Where the engine sees this host's files, the input directory is mounted: copying it in costs the engine a
        // helper process and a mount of the container's file system per run.
        Path hostInput = mode == WorkspaceMode.BIND ? writeHostInput(spec, ids) : null;
        try {
            containerId = create(spec, user, mode, hostInput).exec().getId();
            if (hostInput == null) {
                copyIn(containerId, out -> TarArchives.writeFiles(out, INPUT_DIR.substring(1), spec.inputFiles(), ids[0], ids[1]));
            }
            if (mode == WorkspaceMode.COPY && spec.workspace() != null) {
                copyIn(containerId, out -> TarArchives.writeTree(out, spec.workspace(), WORKSPACE_DIR.substring(1), ids[0], ids[1]));
            }
            StdinFeed stdin = spec.stdin() == null ? null : attachStdin(containerId, spec.stdin());
            client.startContainerCmd(containerId).exec();
            if (stdin != null) {
                stdin.closeWhenSent();
            }
            Instant startedAt = startedAt(client.inspectContainerCmd(containerId).exec());
            return new RunHandle(spec.runId(), name(), containerId,
                    spec.workspace() == null ? null : spec.workspace().toAbsolutePath().toString(), mode, startedAt,
                    spec.timeout() == null ? null : startedAt.plus(spec.timeout()));
        } catch (DockerException | IOException | IllegalStateException e) {
            remove(containerId, hostInput);
            throw new AmbientException("cannot start the agent container for run " + spec.runId() + ": "
                    + oneLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            remove(containerId, hostInput);
            throw e;
        }
    }

    /** The run's input files in a fresh host directory owned by its user, or {@code null} to copy them in instead. */
    private Path writeHostInput(ExecSpec spec, int[] ids) {
        Path dir = inputRoot.resolve(spec.runId());
        try {
            if (Files.exists(dir)) {
                throw new AmbientException("run " + spec.runId() + " already has an input directory " + dir
                        + ": choose another run id");
            }
            FileTrees.writeOwned(dir, spec.inputFiles(), ids[0], ids[1]);
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            // Not ours to give to the run's user (we are not root): the copy-in way still works.
            deleteQuietly(dir);
            return null;
        }
    }

    /**
     * {@inheritDoc} The container is removed once its end is collected; when following fails before that (the sink
     * threw, the engine connection broke), the container is left running for another follower or the reaper.
     */
    @Override
    public Optional<ExecResult> follow(RunHandle handle, LogCursor from, OutputSink sink, Duration maxWait) {
        String id = handle.id();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = handle.deadline() == null ? null : watchdog.schedule(() -> {
            if (kill(id)) {
                timedOut.set(true);
            }
        }, Math.max(0, Duration.between(Instant.now(), handle.deadline()).toMillis()), TimeUnit.MILLISECONDS);
        ExecResult result;
        Path hostInput;
        ContainerLog log = new ContainerLog(client, id, from, sink, logFileBytes(id));
        try {
            if (!log.follow(maxWait)) {
                return Optional.empty();
            }
            Integer exitCode = client.waitContainerCmd(id).start().awaitStatusCode();
            log.readRest();
            InspectContainerResponse container = client.inspectContainerCmd(id).exec();
            InspectContainerResponse.ContainerState state = container.getState();
            hostInput = hostInput(container.getConfig().getLabels());
            if (handle.workspaceMode() == WorkspaceMode.COPY && handle.workspace() != null) {
                copyOut(id, Path.of(handle.workspace()));
            }
            // The engine reports a container's name with a leading slash.
            boolean wasCancelled = ("/" + cancelledName(handle.runId())).equals(container.getName());
            Instant started = engineTime(state.getStartedAt(), handle.startedAt());
            // The engine can record a container that exits at once as finished before it started: never negative.
            Instant finished = finishedAt(state);
            // An earlier, bounded follow may have killed it at its deadline and stopped before collecting the end.
            boolean killedAtDeadline = timedOut.get() || handle.deadline() != null && Objects.equals(exitCode, KILLED)
                    && !finished.isBefore(handle.deadline());
            result = new ExecResult(handle.runId(), exitCode == null ? KILLED : exitCode, killedAtDeadline && !wasCancelled,
                    Boolean.TRUE.equals(state.getOOMKilled()), wasCancelled, started,
                    finished.isBefore(started) ? started : finished, log.cursor(), log.cut());
        } catch (DockerException e) {
            throw new AmbientException("lost the agent container of run " + handle.runId() + ": "
                    + oneLine(e.getMessage()), e);
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
        remove(id, hostInput);
        return Optional.of(result);
    }

    @Override
    public Optional<RunHandle> find(String runId) {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.RUN_ID, runId)).exec()
                .stream().findFirst().map(container -> {
                    Map<String, String> labels = container.getLabels();
                    String deadline = labels.get(Labels.DEADLINE);
                    return new RunHandle(runId, name(), container.getId(), labels.get(Labels.WORKSPACE),
                            WorkspaceMode.valueOf(labels.getOrDefault(Labels.WORKSPACE_MODE, "BIND")),
                            startedAt(client.inspectContainerCmd(container.getId()).exec()),
                            deadline == null ? null : Instant.ofEpochMilli(Long.parseLong(deadline)));
                });
    }

    /**
     * {@inheritDoc} The container is renamed first, then killed: a follower that collects the end between the two
     * already sees the name. A container that had ended by itself gets its name back.
     */
    @Override
    public void cancel(RunHandle handle) {
        if (!rename(handle.id(), cancelledName(handle.runId()))) {
            return; // gone already
        }
        if (!kill(handle.id())) {
            rename(handle.id(), containerName(handle.runId()));
        }
    }

    private static String containerName(String runId) {
        return "ambient-" + runId;
    }

    private static String cancelledName(String runId) {
        return containerName(runId) + "-cancelled";
    }

    /** Renames a container; false when it is gone. */
    private boolean rename(String containerId, String name) {
        try {
            client.renameContainerCmd(containerId).withName(name).exec();
            return true;
        } catch (BadRequestException e) {
            return true; // the engine refuses a container's own name: cancelled twice
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> reap(Duration grace) {
        long cutoff = Instant.now().minus(grace).getEpochSecond();
        List<String> reaped = new ArrayList<>();
        List<Container> containers = client.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(Labels.MANAGED)).exec();
        for (Container container : containers) {
            Map<String, String> labels = container.getLabels();
            if (Owner.isGone(labels.get(Labels.OWNER))
                    && (container.getCreated() <= cutoff || pastDeadline(labels.get(Labels.DEADLINE)))) {
                remove(container.getId(), hostInput(labels));
                reaped.add(labels.get(Labels.RUN_ID));
            }
        }
        return reaped;
    }

    /** Whether a deadline label names a time that has passed; a missing or malformed one never has. */
    private static boolean pastDeadline(String epochMillis) {
        try {
            return epochMillis != null && Long.parseLong(epochMillis) < System.currentTimeMillis();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The engine's CPUs, which may be another machine's (DOCKER_HOST). */
    @Override
    public int hostCpus() {
        Integer cpus = client.infoCmd().exec().getNCPU();
        return cpus == null || cpus < 1 ? Executor.super.hostCpus() : cpus;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            throw new AmbientException("cannot close the Docker client: " + e.getMessage(), e);
        }
    }

    private CreateContainerCmd create(ExecSpec spec, String user, WorkspaceMode mode, Path hostInput) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Labels.MANAGED, "1");
        labels.put(Labels.RUN_ID, spec.runId());
        labels.put(Labels.OWNER, Owner.current());
        labels.put(Labels.WORKSPACE_MODE, mode.name());
        if (spec.workspace() != null) {
            labels.put(Labels.WORKSPACE, spec.workspace().toAbsolutePath().toString());
        }
        if (spec.timeout() != null) {
            // Provisional until start: the handle's deadline counts from the container's real start.
            labels.put(Labels.DEADLINE, Long.toString(Instant.now().plus(spec.timeout()).toEpochMilli()));
        }
        int[] ids = uidGid(user);
        ResourceLimits limits = limitsOf(spec);
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withInit(true)
                .withNetworkMode(spec.network())
                .withReadonlyRootfs(mode == WorkspaceMode.BIND && hostInput != null)
                .withTmpFs(scratchMounts(spec, limits, ids));
        if (limits.diskBytes() > 0) {
            host.withStorageOpt(Map.of("size", Long.toString(limits.diskBytes())));
        }
        host.withMemory(limits.memoryBytes()).withMemorySwap(limits.memoryBytes())
                .withNanoCPUs((long) (limits.cpus() * 1e9))
                .withPidsLimit(limits.pids());
        host.withLogConfig(logConfig(limits));
        List<Bind> binds = new ArrayList<>();
        if (mode == WorkspaceMode.BIND && spec.workspace() != null) {
            binds.add(new Bind(spec.workspace().toAbsolutePath().toString(), new Volume(WORKSPACE_DIR)));
        }
        if (spec.agentHome() != null) {
            binds.add(new Bind(spec.agentHome().toAbsolutePath().toString(), new Volume(HOME_DIR)));
        }
        if (hostInput != null) {
            binds.add(new Bind(hostInput.toString(), new Volume(INPUT_DIR)));
            labels.put(Labels.INPUT, hostInput.toString());
        }
        host.withBinds(binds);
        return client.createContainerCmd(spec.image())
                .withName(containerName(spec.runId()))
                .withLabels(labels)
                .withCmd(seedingHome(spec))
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withWorkingDir(WORKSPACE_DIR)
                .withUser(user)
                .withStdinOpen(spec.stdin() != null)
                .withStdInOnce(spec.stdin() != null)
                .withAttachStdin(spec.stdin() != null)
                .withHostConfig(host);
    }

    /**
     * The writable places besides the workspace and the input directory, the root file system being read-only
     * wherever nothing has to be copied into it (the engine refuses to copy into a read-only one): a
     * bounded {@code /tmp} for everyone, and a bounded per-run home owned by the run's user unless the run brings a
     * persistent one. Executables may run from both (agents unpack helpers there).
     */
    private static Map<String, String> scratchMounts(ExecSpec spec, ResourceLimits limits, int[] ids) {
        Map<String, String> mounts = new LinkedHashMap<>();
        mounts.put("/tmp", "rw,exec,nosuid,nodev,mode=1777" + size(limits.tmpBytes()));
        if (spec.agentHome() == null) {
            mounts.put(HOME_DIR, "rw,exec,nosuid,nodev,mode=700,uid=" + ids[0] + ",gid=" + ids[1]
                    + size(limits.homeBytes()));
        }
        return mounts;
    }

    private static String size(long bytes) {
        return bytes > 0 ? ",size=" + bytes : "";
    }

    /** The run's limits, or the defaults of a run that gives none. */
    private static ResourceLimits limitsOf(ExecSpec spec) {
        return spec.limits() == null ? ResourceLimits.defaults() : spec.limits();
    }

    /**
     * The command, after a copy of the adapter's home files into the per-run home: the engine cannot put files into a
     * tmpfs before start, so they travel in the input directory and the container's shell copies them over first.
     */
    private static List<String> seedingHome(ExecSpec spec) {
        String seeds = ExecLayout.RUN_HOME + "/";
        if (spec.agentHome() != null || spec.inputFiles().keySet().stream().noneMatch(name -> name.startsWith(seeds))) {
            return spec.command();
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "cp -R " + INPUT_DIR + "/" + seeds + ". " + HOME_DIR + "/ && exec \"$@\"", "ambient-home"));
        command.addAll(spec.command());
        return command;
    }

    /** Refuses a disk quota the engine's storage driver cannot enforce, rather than run without it. */
    private void requireStorageQuota() {
        Info info = client.infoCmd().exec();
        String driver = String.valueOf(info.getDriver());
        String backing = info.getDriverStatuses() == null ? "" : info.getDriverStatuses().stream()
                .filter(pair -> pair.size() == 2 && pair.get(0).equals("Backing Filesystem"))
                .map(pair -> pair.get(1)).findFirst().orElse("");
        boolean quota = switch (driver) {
            case "devicemapper", "btrfs", "zfs", "windowsfilter" -> true;
            case "overlay2" -> backing.equals("xfs"); // and mounted with pquota, which only the engine can tell
            default -> false;
        };
        if (!quota) {
            throw new InvalidInputException("the Docker engine at " + host + " stores containers with " + driver
                    + (backing.isEmpty() ? "" : " on " + backing) + ", which has no per-container disk quota: drop "
                    + "the disk size (the root file system is read-only; /tmp and a per-run home have their own sizes)");
        }
    }

    /**
     * The engine keeps at most the log limit of the run's output, in two files: the older half is discarded when the
     * newer is full. The json-file driver whatever the engine's default, as the log endpoint reads it back.
     */
    private static LogConfig logConfig(ResourceLimits limits) {
        return new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", Long.toString(limits.logBytes() / 2),
                "max-file", "2"));
    }

    /** The size of one of the container's log files (its json-file {@code max-size}), or 0 when unknown. */
    private long logFileBytes(String id) {
        try {
            LogConfig config = client.inspectContainerCmd(id).exec().getHostConfig().getLogConfig();
            String maxSize = config == null || config.getConfig() == null ? null : config.getConfig().get("max-size");
            return maxSize != null && maxSize.matches("[0-9]{1,18}") ? Long.parseLong(maxSize) : 0;
        } catch (NotFoundException e) {
            return 0;
        }
    }

    /**
     * Attaches {@code text} as the created container's stdin. The transport never half-closes a hijacked stream, so
     * the engine sees end of input only when the attach connection closes: {@link StdinFeed#closeWhenSent()} does that
     * once the transport has read all of {@code text}, and StdinOnce then closes the process's stdin.
     */
    private StdinFeed attachStdin(String containerId, String text) throws IOException {
        CountDownLatch sent = new CountDownLatch(1);
        InputStream input = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                int read = super.read(buffer, offset, length);
                if (read < 0) {
                    sent.countDown();
                }
                return read;
            }
        };
        ResultCallback.Adapter<Frame> attached = client.attachContainerCmd(containerId)
                .withStdIn(input)
                .withFollowStream(true)
                .exec(new ResultCallback.Adapter<>());
        try {
            if (!attached.awaitStarted(10, TimeUnit.SECONDS)) {
                closeQuietly(attached);
                throw new IOException("the engine did not accept stdin within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(attached);
            throw new IOException("interrupted while attaching stdin", e);
        }
        return new StdinFeed(attached, sent);
    }

    /** An attached stdin being sent. */
    private record StdinFeed(ResultCallback.Adapter<Frame> attached, CountDownLatch sent) {
        void closeWhenSent() throws IOException {
            try {
                if (!sent.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("stdin was not sent within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending stdin", e);
            } finally {
                closeQuietly(attached);
            }
        }
    }

    private void copyIn(String containerId, TarWriter writer) throws IOException {
        Path tar = Files.createTempFile("ambient-copy-in", ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(tar)) {
                writer.write(out);
            }
            try (InputStream in = Files.newInputStream(tar)) {
                client.copyArchiveToContainerCmd(containerId).withTarInputStream(in).withRemotePath("/").exec();
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private void copyOut(String containerId, Path workspace) {
        Path scratch = null;
        try (InputStream tar = client.copyArchiveFromContainerCmd(containerId, WORKSPACE_DIR).exec()) {
            scratch = Files.createTempDirectory("ambient-copy-out");
            TarArchives.mirror(tar, WORKSPACE_DIR.substring(1), workspace, scratch);
        } catch (IOException e) {
            throw new AmbientException("cannot copy the workspace back from container " + containerId + ": "
                    + e.getMessage(), e);
        } finally {
            try {
                FileTrees.delete(scratch);
            } catch (IOException e) {
                // A temp dir left behind is not worth failing the run for; the OS cleans temp.
            }
        }
    }

    /** Kills a running container; false when it was not running (already ended or gone). */
    private boolean kill(String containerId) {
        try {
            client.killContainerCmd(containerId).exec();
            return true;
        } catch (NotFoundException | ConflictException e) {
            return false;
        }
    }

    /** Removes the container and its host input directory, if it had one. */
    private void remove(String containerId, Path hostInput) {
        if (containerId != null) {
            try {
                client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // Already removed, e.g. by another follower or the reaper.
            } catch (ConflictException e) {
                // Removal already in progress.
            }
        }
        deleteQuietly(hostInput);
    }

    /** The host input directory a container's labels name, if it is one of this executor's. */
    private Path hostInput(Map<String, String> labels) {
        String dir = labels == null ? null : labels.get(Labels.INPUT);
        return dir == null || !Path.of(dir).startsWith(inputRoot) ? null : Path.of(dir);
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // Left in the temp directory, which the OS cleans; never worth failing a run for.
        }
    }

    private WorkspaceMode resolveMode(ExecSpec spec, String user) {
        if (spec.workspaceMode() != WorkspaceMode.AUTO || spec.workspace() == null) {
            return spec.workspaceMode() == WorkspaceMode.AUTO ? WorkspaceMode.BIND : spec.workspaceMode();
        }
        boolean local = host.startsWith("unix:") || host.startsWith("npipe:");
        return local && ownerOf(spec.workspace())[0] == uidGid(user)[0] ? WorkspaceMode.BIND : WorkspaceMode.COPY;
    }

    private static String defaultUser(Path workspace) {
        if (workspace != null) {
            int[] owner = ownerOf(workspace);
            if (owner[0] != 0) {
                return owner[0] + ":" + owner[1];
            }
        }
        return DEFAULT_USER;
    }

    private static int[] ownerOf(Path path) {
        try {
            return new int[] {(Integer) Files.getAttribute(path, "unix:uid"), (Integer) Files.getAttribute(path, "unix:gid")};
        } catch (IOException | UnsupportedOperationException e) {
            return new int[] {-1, -1};
        }
    }

    /** Numeric uid and gid of a {@code uid[:gid]} user; names cannot be resolved outside the image, so 1000. */
    private static int[] uidGid(String user) {
        String[] parts = user.split(":");
        return new int[] {number(parts[0]), parts.length > 1 ? number(parts[1]) : number(parts[0])};
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    private static boolean isRoot(String user) {
        String name = user.split(":")[0];
        return name.equals("0") || name.equals("root");
    }

    private static Instant startedAt(InspectContainerResponse container) {
        return engineTime(container.getState().getStartedAt(), Instant.now());
    }

    /**
     * A time the engine reported, or {@code fallback} while it has none ("0001-01-01..."): a container that ends very
     * fast can be inspected before its start time is recorded, so the end of a run takes the start from the final
     * inspection.
     */
    private static Instant engineTime(String time, Instant fallback) {
        return time == null || time.startsWith("0001") ? fallback : Instant.parse(time);
    }

    private static Instant finishedAt(InspectContainerResponse.ContainerState state) {
        return engineTime(state.getFinishedAt(), Instant.now());
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s+", " ").strip();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // The stream is finished; nothing left to release.
        }
    }

    @FunctionalInterface
    private interface TarWriter {
        void write(OutputStream out) throws IOException;
    }
}
