package io.ambient.run;

import io.ambient.Units;
import io.ambient.agent.AgentProfile;
import io.ambient.agent.AgentTask;
import io.ambient.agent.Price;
import io.ambient.context.AgentContext;
import io.ambient.exec.ResourceLimits;
import io.ambient.exec.WorkspaceMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One agent run as a caller asks for it. Build it with {@link #builder()}; {@link AgentRunner} validates it before
 * anything starts.
 *
 * @param runId         run id; {@code null} to generate one
 * @param agent         agent name, e.g. {@code command}
 * @param task          prompt, model, arguments and extra environment
 * @param image         container image (Docker executor)
 * @param workspace     the git work tree the agent works in, or {@code null} for none
 * @param workspaceMode how the workspace reaches the agent
 * @param user          {@code uid:gid}, or {@code null} for the executor's non-root default
 * @param limits        resource limits, or {@code null} for the executor's defaults
 * @param network       network mode, or {@code null} for the engine's default
 * @param timeout       wall-clock limit; {@code null} for {@link #DEFAULT_TIMEOUT}: no run goes on forever
 * @param outDir        where {@code report.json} and the patch go
 * @param labels        identity of the run for reports (job, build, stage...)
 * @param secrets       names of environment variables whose values are secrets, masked in everything shown or written
 * @param agentHome     a host directory kept as the agent's home between runs (its sessions, for {@code --resume}), or
 *                      {@code null} for a fresh home per run
 * @param trustedRef    for a change from a fork: the ref (e.g. {@code origin/main}) whose agent configuration files
 *                      are used instead of the change's; {@code null} to trust the workspace
 * @param price         what the model's tokens cost, for agents whose CLI reports tokens but no cost; {@code null} for
 *                      the built-in price of the model ({@link io.ambient.agent.Prices})
 */
public record RunRequest(
        String runId,
        String agent,
        AgentTask task,
        String image,
        Path workspace,
        WorkspaceMode workspaceMode,
        String user,
        ResourceLimits limits,
        String network,
        Duration timeout,
        Path outDir,
        Map<String, String> labels,
        Set<String> secrets,
        Path agentHome,
        String trustedRef,
        Price price) {

    /** The timeout of a run that is given none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    public RunRequest {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        labels = Map.copyOf(labels);
        secrets = Set.copyOf(secrets);
    }

    /** Not shown: the task's environment may hold secrets. */
    @Override
    public String toString() {
        return "RunRequest[runId=" + runId + ", agent=" + agent + ", image=" + image + ", workspace=" + workspace + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RunRequest}; only agent, prompt and out dir are required. */
    public static final class Builder {
        private String runId;
        private String agent;
        private String prompt;
        private String model;
        private Integer maxTurns;
        private Double budgetUsd;
        private String resumeSession;
        private String endpoint;
        private AgentContext context = AgentContext.NONE;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String image;
        private Path workspace;
        private WorkspaceMode workspaceMode = WorkspaceMode.AUTO;
        private String user;
        private ResourceLimits limits;
        private String network;
        private Duration timeout;
        private Path outDir;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Set<String> secrets = new LinkedHashSet<>();
        private String trustedRef;
        private Path agentHome;
        private Price price;

        private Builder() {
        }

        /**
         * Takes a profile's agent, image, model, endpoint, arguments, environment, network and limits; later calls override
         * them. Its credentials are the caller's to resolve and pass with {@link #secret}.
         */
        public Builder profile(AgentProfile profile) {
            agent = profile.agent();
            image = profile.image();
            model = profile.model();
            endpoint = profile.endpoint();
            args.addAll(profile.args());
            env.putAll(profile.env());
            network = profile.network();
            maxTurns = profile.maxTurns();
            budgetUsd = profile.budgetUsd();
            price = profile.price();
            if (profile.timeout() != null) {
                timeout = Units.parseDuration(profile.timeout(), "profile " + profile.name() + " timeout");
            }
            if (profile.memory() != null) {
                limits = limitsOrDefaults().withMemoryBytes(
                        Units.parseBytes(profile.memory(), "profile " + profile.name() + " memory"));
            }
            if (profile.cpus() != null) {
                limits = limitsOrDefaults().withCpus(profile.cpus());
            }
            return this;
        }

        /** The limits set so far, or the defaults to change one of them from. */
        public ResourceLimits limitsOrDefaults() {
            return limits == null ? ResourceLimits.defaults() : limits;
        }

        public Builder runId(String value) {
            runId = value;
            return this;
        }

        public Builder agent(String value) {
            agent = value;
            return this;
        }

        public Builder prompt(String value) {
            prompt = value;
            return this;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder maxTurns(Integer value) {
            maxTurns = value;
            return this;
        }

        public Builder budgetUsd(Double value) {
            budgetUsd = value;
            return this;
        }

        /** What the model's tokens cost; {@code null} for the built-in price. */
        public Builder price(Price value) {
            price = value;
            return this;
        }

        /** The model API's base URL (a gateway, a proxy) instead of the agent's vendor's; {@code null} for that. */
        public Builder endpoint(String value) {
            endpoint = value;
            return this;
        }

        public Builder resumeSession(String value) {
            resumeSession = value;
            return this;
        }

        public Builder context(AgentContext value) {
            context = value;
            return this;
        }

        public Builder args(List<String> values) {
            args.addAll(values);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** An environment variable for the agent whose value is a secret: masked in logs and reports. */
        public Builder secret(String name, String value) {
            env.put(name, value);
            secrets.add(name);
            return this;
        }

        /** Keeps the agent's home in {@code dir} between runs, so a later run can resume a session. */
        public Builder agentHome(Path dir) {
            agentHome = dir;
            return this;
        }

        /** Marks the workspace as a fork's change: its agent configuration is replaced by {@code ref}'s. */
        public Builder trustedRef(String ref) {
            trustedRef = ref;
            return this;
        }

        public Builder image(String value) {
            image = value;
            return this;
        }

        public Builder workspace(Path value) {
            workspace = value;
            return this;
        }

        public Builder workspaceMode(WorkspaceMode value) {
            workspaceMode = value;
            return this;
        }

        public Builder user(String value) {
            user = value;
            return this;
        }

        public Builder limits(ResourceLimits value) {
            limits = value;
            return this;
        }

        public Builder network(String value) {
            network = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder outDir(Path value) {
            outDir = value;
            return this;
        }

        public Builder label(String name, String value) {
            labels.put(name, value);
            return this;
        }

        public RunRequest build() {
            return new RunRequest(runId, agent, new AgentTask(prompt, model, maxTurns, budgetUsd, resumeSession, args, env, context,
                    endpoint), image, workspace,
                    workspaceMode, user, limits, network, timeout, outDir, labels, secrets, agentHome, trustedRef, price);
        }
    }
}
