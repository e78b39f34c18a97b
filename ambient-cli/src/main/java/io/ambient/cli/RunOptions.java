package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.Units;
import io.ambient.agent.AgentProfile;
import io.ambient.agent.AgentProfiles;
import io.ambient.context.ContextPacks;
import io.ambient.context.MergedContext;
import io.ambient.context.PromptTemplate;
import io.ambient.exec.ResourceLimits;
import io.ambient.exec.WorkspaceMode;
import io.ambient.run.RunRequest;
import io.ambient.tracking.TrackingConfig;
import io.ambient.workspace.ForkConfigOverlay;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The options of an agent run that {@code ambient run} and {@code ambient fanout} share (a picocli mixin), and the
 * run request they describe. The command sets what is its own: run id, prompt, report directory.
 */
final class RunOptions {
    /** Template variables a build sets, taken from the environment. */
    @Option(names = "--agent", defaultValue = "command", paramLabel = "NAME",
            description = "Agent or profile: command, claude-code, codex, gemini, warp, or a profile of --profiles "
                    + "(default: ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "Agent profiles, YAML or JSON (default: $AMBIENT_PROFILES). See docs/agents.md.")
    Path profiles;

    @Option(names = "--context", paramLabel = "PACK",
            description = "Context pack: a name found in --packs, or a pack directory or YAML file. Repeatable; "
                    + "merged in order.")
    List<String> contexts = new ArrayList<>();

    @Option(names = "--packs", paramLabel = "DIR",
            description = "Directory where context packs are found by name (default: $AMBIENT_PACKS).")
    Path packs;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Value for $${NAME} in the prompt template (run: --template; fanout: every prompt), over "
                    + "those taken from the environment (SHARD_NAME, SHARD_PATHS, BRANCH, CHANGE_ID, CHANGE_URL, "
                    + "BUILD_URL). Repeatable.")
    Map<String, String> vars = new LinkedHashMap<>();

    @Option(names = "--image", paramLabel = "IMAGE", description = "Container image the agent runs in (docker executor).")
    String image;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model, for agents that take one.")
    String model;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Base URL of the model API the agent talks to instead of its vendor's: a gateway (LiteLLM), "
                    + "a corporate proxy (default: the profile's, or the vendor's API). http(s) only; user:password@ "
                    + "in it is masked. See docs/agents.md.")
    String endpoint;

    @Option(names = "--workspace", defaultValue = ".", paramLabel = "DIR",
            description = "Git work tree the agent works in (default: the current directory).")
    Path workspace;

    @Option(names = "--workspace-mode", defaultValue = "auto", paramLabel = "MODE",
            description = "auto, bind or copy: how the workspace reaches the container (default: ${DEFAULT-VALUE}).")
    String workspaceMode;

    @Option(names = "--fork", negatable = true,
            description = "The workspace is a change from a fork: its agent configuration (CLAUDE.md, AGENTS.md, "
                    + ".mcp.json, .claude/...) is not trusted, the --trusted-ref versions are used. Default: on when "
                    + "$CHANGE_FORK is set, as Jenkins sets it for a fork's pull request.")
    Boolean fork;

    @Option(names = "--trusted-ref", paramLabel = "REF",
            description = "Ref whose agent configuration a fork's run uses (default: origin/$CHANGE_TARGET).")
    String trustedRef;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Kill the agent after this long, e.g. 10m, 1h30m (default: the profile's, or 60m).")
    String timeout;

    @Option(names = "--max-turns", paramLabel = "N",
            description = "Stop the agent after N model turns (the CLI's own flag where it has one).")
    Integer maxTurns;

    @Option(names = "--network", paramLabel = "MODE",
            description = "Container network: none, host or a network name (default: the engine's default).")
    String network;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory limit (default: the profile's, or 4g).")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit (default: the profile's, or 2).")
    Double cpus;

    @Option(names = "--pids", paramLabel = "N", description = "Process limit (default: 1024).")
    Long pids;

    @Option(names = "--tmp-size", paramLabel = "SIZE",
            description = "Size of the container's /tmp, a tmpfs counted in --memory; 0 for no own limit (default: 512m).")
    String tmpSize;

    @Option(names = "--home-size", paramLabel = "SIZE",
            description = "Size of a per-run agent home, a tmpfs counted in --memory; 0 for no own limit (default: 512m).")
    String homeSize;

    @Option(names = "--disk-size", paramLabel = "SIZE",
            description = "The engine's disk quota on the container's writable layer, where its storage driver has one "
                    + "(default: 0, none).")
    String diskSize;

    @Option(names = "--log-limit", paramLabel = "SIZE",
            description = "Most of the agent's output the Docker engine keeps on its disk (default: 64m).")
    String logLimit;

    @Option(names = "--user", paramLabel = "UID:GID",
            description = "User to run as; never root (default: the workspace owner, or 1000:1000).")
    String user;

    @Option(names = "--env", paramLabel = "NAME[=VALUE]",
            description = "Environment for the agent; NAME alone passes this process's value. Repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "NAME",
            description = "Pass this process's variable NAME to the agent as a secret: masked in the output, the "
                    + "report and the patch. The profile's credentials are passed this way when they are set. Repeatable.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Label recorded in the report. Repeatable.")
    Map<String, String> labels = Map.of();

    @Option(names = "--allow-suspect",
            description = "Exit 0, not 3, when a run succeeded but is suspect (it changed nothing and said nothing, or "
                    + "tool calls were denied).")
    boolean allowSuspect;

    @Option(names = "--executor", defaultValue = "docker", paramLabel = "KIND",
            description = "docker (isolated) or process (a local process, NO isolation) (default: ${DEFAULT-VALUE}).")
    ExecutorChoice executor;

    @Option(names = "--publish", paramLabel = "URL",
            description = "Publish each run's record to this tracking endpoint when the run ends (PUT URL/runs/<run-id>; "
                    + "see docs/tracking.md). Records not delivered within 10 s stay in <state-dir>/outbox for "
                    + "'ambient publish'; the exit code does not change.")
    String publish;

    @Option(names = "--comment", defaultValue = "none", paramLabel = "MODE",
            description = "When it ends, write the report on the pull request: none, new (another comment) or "
                    + "sticky (one comment per --comment-key, updated in place). Default: ${DEFAULT-VALUE}. The "
                    + "change comes from $CHANGE_ID/$CHANGE_URL or --github|--gitlab, --repo, --change.")
    String comment;

    @Option(names = "--comment-key", paramLabel = "KEY",
            description = "The sticky comment's key (default: $JOB_NAME/$STAGE_NAME/ambient).")
    String commentKey;

    @Option(names = "--suggest",
            description = "When it ends, also post the agent's patch on the pull request as review comments with "
                    + "suggested changes (one per hunk); hunks outside the change's diff go into the review's summary.")
    boolean suggest;

    @Mixin
    ChangeOptions change;

    @Option(names = "--publish-token-env", defaultValue = Tracking.DEFAULT_TOKEN_ENV, paramLabel = "NAME",
            description = "Variable holding the --publish bearer token (default: ${DEFAULT-VALUE}).")
    String publishTokenEnv;

    @Parameters(paramLabel = "CMD", description = "For the command agent: the program and its arguments, after '--'.")
    List<String> command = new ArrayList<>();

    // Loaded once: a fan-out builds a request per run, more than once each.
    private AgentProfiles loadedProfiles;
    private MergedContext mergedContext;

    /** The --publish configuration, or {@code null} without --publish; checked before anything starts. */
    TrackingConfig tracking(Path stateDir) {
        return Tracking.config("--publish", publish, publishTokenEnv, stateDir);
    }

    /** The --comment to write when the run ends, or {@code null}; checked before anything starts. */
    PrComment prComment(String name) {
        return PrComment.prepare(comment, commentKey, suggest, change, fork, System.getenv(), name);
    }

    /** The workspace, absolute. */
    Path workspace() {
        return workspace.toAbsolutePath().normalize();
    }

    /** The context packs, merged. */
    synchronized MergedContext context() {
        if (mergedContext == null) {
            mergedContext = ContextPacks.merge(ContextPacks.resolve(contexts,
                    packs != null ? packs : envPath("AMBIENT_PACKS")));
        }
        return mergedContext;
    }

    /** Template variables: the build's, from the environment, then --var. */
    Map<String, String> templateVars() {
        Map<String, String> values = new LinkedHashMap<>(PromptTemplate.buildVariables(System.getenv()));
        values.putAll(vars);
        return values;
    }

    /**
     * A request for profile {@code profileName} with every option of this mixin applied: image, model, endpoint,
     * workspace, limits, environment, the profile's credentials and {@code --secret}s, labels, fork handling. Reads only this
     * process's environment and the options' files: it can be called any number of times.
     *
     * @param profileName an agent or a profile of {@code --profiles}
     * @param modelName   the model, or {@code null} for the profile's
     * @throws InvalidInputException for an unknown profile or an invalid option
     */
    RunRequest.Builder request(String profileName, String modelName) {
        AgentProfile profile = profiles().named(profileName);
        RunRequest.Builder request = RunRequest.builder()
                .profile(profile)
                .context(context().context())
                .args(command)
                .workspace(workspace())
                .workspaceMode(mode(workspaceMode))
                .user(user);
        if (image != null) {
            request.image(image);
        }
        if (modelName != null) {
            request.model(modelName);
        }
        if (endpoint != null) {
            request.endpoint(endpoint);
        }
        if (network != null) {
            request.network(network);
        }
        if (timeout != null) {
            request.timeout(Units.parseDuration(timeout, "--timeout"));
        }
        if (maxTurns != null) {
            request.maxTurns(maxTurns);
        }
        request.trustedRef(trustedRef());
        if (Stream.of(memory, cpus, pids, tmpSize, homeSize, diskSize, logLimit).anyMatch(Objects::nonNull)) {
            ResourceLimits limits = request.limitsOrDefaults(); // the profile's, or the engine's defaults
            request.limits(new ResourceLimits(memory == null ? limits.memoryBytes() : Units.parseBytes(memory, "--memory"),
                    cpus == null ? limits.cpus() : cpus, pids == null ? limits.pids() : pids,
                    tmpSize == null ? limits.tmpBytes() : Units.parseBytes(tmpSize, "--tmp-size"),
                    homeSize == null ? limits.homeBytes() : Units.parseBytes(homeSize, "--home-size"),
                    diskSize == null ? limits.diskBytes() : Units.parseBytes(diskSize, "--disk-size"),
                    logLimit == null ? limits.logBytes() : Units.parseBytes(logLimit, "--log-limit")));
        }
        for (String entry : env) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            String value = eq < 0 ? System.getenv(name) : entry.substring(eq + 1);
            if (name.isEmpty() || value == null) {
                throw new InvalidInputException("--env " + entry + ": give NAME=VALUE, or NAME of a variable that is set");
            }
            request.env(name, value);
        }
        for (String name : profile.credentials()) {
            String value = System.getenv(name);
            if (value != null && !value.isEmpty()) {
                request.secret(name, value);
            }
        }
        for (String name : secrets) {
            String value = System.getenv(name);
            if (value == null) {
                throw new InvalidInputException("--secret " + name + ": the variable is not set; export " + name
                        + " before running ambient");
            }
            request.secret(name, value);
        }
        labels.forEach(request::label);
        return request;
    }

    /** The trusted ref for a fork's change, or {@code null} when the workspace is trusted. */
    private String trustedRef() {
        boolean isFork = fork != null ? fork : ForkConfigOverlay.isForkChange(System.getenv());
        if (!isFork) {
            return null;
        }
        if (trustedRef != null) {
            return trustedRef;
        }
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("CHANGE_FORK", "true"); // --fork says so even where Jenkins did not
        return ForkConfigOverlay.trustedRefFor(env);
    }

    private synchronized AgentProfiles profiles() {
        if (loadedProfiles == null) {
            Path file = profiles != null ? profiles : envPath("AMBIENT_PROFILES");
            loadedProfiles = file == null ? AgentProfiles.builtIn() : AgentProfiles.load(file);
        }
        return loadedProfiles;
    }

    private static Path envPath(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static WorkspaceMode mode(String text) {
        try {
            return WorkspaceMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid --workspace-mode '" + text + "': use auto, bind or copy");
        }
    }
}
