package io.ambient.exec;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an {@link Executor} needs to run one agent process. Immutable; build it with {@link #builder(String, List)}.
 *
 * @param runId         unique id of the run; containers and state are found again by it
 * @param image         container image (Docker executor only)
 * @param command       program and arguments
 * @param env           environment of the process (secrets included: executors never log it)
 * @param workspace     host directory the agent works in; may be {@code null} for a run without a workspace
 * @param workspaceMode how the workspace reaches the process
 * @param user          {@code uid:gid} to run as; {@code null} chooses a non-root default (see each executor)
 * @param limits        memory, CPU and process limits; {@code null} for the executor's defaults
 * @param network       network mode ({@code none}, {@code host}, a network name); {@code null} is the engine's default
 * @param timeout       wall-clock limit from start; {@code null} for none. At the limit the run is killed and reported timed out
 * @param stdin         text written to the process's standard input, which is then closed; {@code null} for an empty stdin
 * @param inputFiles    files (relative path, {@code /}-separated, to UTF-8 content) placed in {@link ExecLayout#inputDir()}
 *                      before start, owned by the run's user; nested paths get their directories
 * @param labels        extra labels for the container (Docker executor) or state (process executor)
 * @param agentHome     a host directory kept between runs as the agent's home (sessions, caches), or {@code null} for
 *                      a per-run home; see {@link ExecLayout#homeDir()}
 * @param homeFiles     files (relative path to UTF-8 content) written into {@code agentHome} before start, owned by the
 *                      user the run executes as, who must be able to rewrite them and to write its sessions beside
 *                      them: the home itself is given to that user too. Empty without an {@code agentHome}
 */
public record ExecSpec(
        String runId,
        String image,
        List<String> command,
        Map<String, String> env,
        Path workspace,
        WorkspaceMode workspaceMode,
        String user,
        ResourceLimits limits,
        String network,
        Duration timeout,
        String stdin,
        Map<String, String> inputFiles,
        Map<String, String> labels,
        Path agentHome,
        Map<String, String> homeFiles) implements Serializable {

    public ExecSpec {
        Objects.requireNonNull(runId, "runId");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        env = Map.copyOf(env);
        workspaceMode = workspaceMode == null ? WorkspaceMode.AUTO : workspaceMode;
        inputFiles = Map.copyOf(inputFiles);
        labels = Map.copyOf(labels);
        homeFiles = Map.copyOf(homeFiles);
        if (agentHome == null && !homeFiles.isEmpty()) {
            throw new IllegalArgumentException("home files without an agent home");
        }
    }

    /** Not shown: the environment may hold secrets. */
    @Override
    public String toString() {
        return "ExecSpec[runId=" + runId + ", image=" + image + ", command=" + command + ", env=" + env.keySet()
                + ", workspace=" + workspace + ", mode=" + workspaceMode + ", user=" + user + ", limits=" + limits
                + ", network=" + network + ", timeout=" + timeout + ", agentHome=" + agentHome + "]";
    }

    public static Builder builder(String runId, List<String> command) {
        return new Builder(runId, command);
    }

    public Builder toBuilder() {
        return new Builder(runId, command).image(image).env(env).workspace(workspace).workspaceMode(workspaceMode)
                .user(user).limits(limits).network(network).timeout(timeout).stdin(stdin).inputFiles(inputFiles)
                .labels(labels).agentHome(agentHome).homeFiles(homeFiles);
    }

    /** Builder for {@link ExecSpec}. */
    public static final class Builder {
        private final String runId;
        private final List<String> command;
        private String image;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workspace;
        private WorkspaceMode workspaceMode = WorkspaceMode.AUTO;
        private String user;
        private ResourceLimits limits;
        private String network;
        private Duration timeout;
        private String stdin;
        private final Map<String, String> inputFiles = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Path agentHome;
        private final Map<String, String> homeFiles = new LinkedHashMap<>();

        private Builder(String runId, List<String> command) {
            this.runId = runId;
            this.command = command;
        }

        public Builder image(String value) {
            this.image = value;
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder workspace(Path value) {
            this.workspace = value;
            return this;
        }

        public Builder workspaceMode(WorkspaceMode value) {
            this.workspaceMode = value;
            return this;
        }

        public Builder user(String value) {
            this.user = value;
            return this;
        }

        public Builder limits(ResourceLimits value) {
            this.limits = value;
            return this;
        }

        public Builder network(String value) {
            this.network = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder stdin(String value) {
            this.stdin = value;
            return this;
        }

        public Builder inputFiles(Map<String, String> values) {
            inputFiles.putAll(values);
            return this;
        }

        public Builder inputFile(String name, String content) {
            inputFiles.put(name, content);
            return this;
        }

        public Builder labels(Map<String, String> values) {
            labels.putAll(values);
            return this;
        }

        public Builder agentHome(Path value) {
            this.agentHome = value;
            return this;
        }

        public Builder homeFiles(Map<String, String> values) {
            homeFiles.putAll(values);
            return this;
        }

        public ExecSpec build() {
            return new ExecSpec(runId, image, command, env, workspace, workspaceMode, user, limits, network, timeout,
                    stdin, inputFiles, labels, agentHome, homeFiles);
        }
    }
}
