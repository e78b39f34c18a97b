package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.Units;
import io.ambient.agent.AgentProfile;
import io.ambient.agent.AgentProfiles;
import io.ambient.context.ContextPacks;
import io.ambient.context.MergedContext;
import io.ambient.exec.Executor;
import io.ambient.exec.LogCursor;
import io.ambient.exec.ResourceLimits;
import io.ambient.exec.WorkspaceMode;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunIds;
import io.ambient.run.RunRequest;
import io.ambient.run.RunResult;
import io.ambient.run.RunTicket;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ambient run}: one agent run, streamed to the console, with a report at the end. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Runs an agent on a git workspace in a hardened container and writes report.json and the patch.",
                "The command agent runs the program after '--'; it gets the prompt on stdin, in the file "
                        + "$AMBIENT_PROMPT_FILE and in $AMBIENT_PROMPT."})
final class RunCommand implements Callable<Integer> {

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
            description = "Variable for --template, over those taken from the environment (SHARD_NAME, SHARD_PATHS, "
                    + "BRANCH, CHANGE_ID, CHANGE_URL, BUILD_URL). Repeatable.")
    Map<String, String> vars = new java.util.LinkedHashMap<>();

    @ArgGroup(multiplicity = "1")
    PromptSource prompt;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Container image the agent runs in (docker executor).")
    String image;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model, for agents that take one.")
    String model;

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

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Kill the agent after this long, e.g. 10m, 1h30m.")
    String timeout;

    @Option(names = "--max-turns", paramLabel = "N",
            description = "Stop the agent after N model turns (the CLI's own flag where it has one).")
    Integer maxTurns;

    @Option(names = "--budget-usd", paramLabel = "USD",
            description = "Stop the agent when the cost it reports goes over this (agents that report cost).")
    Double budgetUsd;

    @Option(names = "--resume", paramLabel = "SESSION",
            description = "Continue the agent CLI's session (the sessionId of an earlier report); needs the same "
                    + "--agent-home as that run.")
    String resume;

    @Option(names = "--agent-home", paramLabel = "DIR",
            description = "Keep the agent's home (its sessions) in DIR between runs, so a later run can --resume. "
                    + "Created if missing, owned by the workspace's owner. Default: a fresh home per run.")
    Path agentHome;

    @Option(names = "--network", paramLabel = "MODE",
            description = "Container network: none, host or a network name (default: the engine's default).")
    String network;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory limit (default: the profile's, or 4g).")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit (default: the profile's, or 2).")
    Double cpus;

    @Option(names = "--pids", paramLabel = "N", description = "Process limit (default: 1024).")
    Long pids;

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

    @Option(names = "--executor", defaultValue = "docker", paramLabel = "KIND",
            description = "docker (isolated) or process (a local process, NO isolation) (default: ${DEFAULT-VALUE}).")
    ExecutorChoice executor;

    @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: <state-dir>/reports/<run-id>).")
    Path out;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: generated).")
    String runId;

    @Option(names = "--detach", description = "Start the run, print its id and return; finish it with 'ambient attach ID'.")
    boolean detach;

    @Mixin
    StateOptions state;

    @Parameters(paramLabel = "CMD", description = "For the command agent: the program and its arguments, after '--'.")
    List<String> command = new ArrayList<>();

    /** Exactly one of --prompt, --prompt-file and --template. */
    static final class PromptSource {
        @Option(names = "--prompt", paramLabel = "TEXT", required = true, description = "The task, as text.")
        String text;

        @Option(names = "--prompt-file", paramLabel = "FILE", required = true, description = "The task, from a file.")
        Path file;

        @Option(names = "--template", paramLabel = "NAME", required = true,
                description = "The task, from a prompt template of the context packs, with ${VAR}s filled in.")
        String template;

        String read(MergedContext context, Map<String, String> vars) {
            if (template != null) {
                return context.prompt(template, vars);
            }
            if (text != null) {
                return text;
            }
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("prompt file " + file + " does not exist: check the --prompt-file path");
            } catch (IOException e) {
                throw new InvalidInputException("cannot read prompt file " + file + ": " + e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        String id = runId == null ? RunIds.newId() : RunIds.requireValid(runId);
        RunRequest request = request(id);
        TicketStore tickets = state.tickets();
        try (Executor engine = executor.open(state.stateDir());
             ConsoleListener console = new ConsoleListener(agent, System.out, System.err,
                     !detach && ConsoleListener.isInteractive())) {
            AgentRunner runner = new AgentRunner(engine);
            RunTicket ticket = runner.start(request, console);
            if (executor == ExecutorChoice.process) {
                console.message("WARNING: --executor process runs the agent as a local process WITHOUT isolation");
            }
            tickets.save(ticket);
            if (detach) {
                System.out.println(ticket.runId());
                console.message("started " + ticket.runId() + " detached; finish it with: ambient attach " + ticket.runId());
                return 0;
            }
            RunResult result = Interrupts.cancelOnInterrupt(runner, ticket,
                    () -> runner.finish(ticket, LogCursor.START, console, AgentRunner.maskerFor(request)));
            tickets.delete(ticket.runId());
            console.message(Summary.of(result));
            return result.succeeded() ? 0 : AmbientCommand.EXIT_FAILED;
        }
    }

    private RunRequest request(String id) {
        AgentProfile profile = profiles().named(agent);
        MergedContext context = ContextPacks.merge(ContextPacks.resolve(contexts, packs != null ? packs : envPath("AMBIENT_PACKS")));
        RunRequest.Builder request = RunRequest.builder()
                .profile(profile)
                .runId(id)
                .prompt(prompt.read(context, templateVars()))
                .context(context.context())
                .args(command)
                .workspace(workspace.toAbsolutePath().normalize())
                .workspaceMode(mode(workspaceMode))
                .user(user)
                .outDir((out == null ? state.stateDir().resolve("reports").resolve(id) : out).toAbsolutePath());
        RunRequest defaults = request.build();
        if (image != null) {
            request.image(image);
        }
        if (model != null) {
            request.model(model);
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
        if (budgetUsd != null) {
            request.budgetUsd(budgetUsd);
        }
        request.resumeSession(resume);
        request.agentHome(agentHome == null ? null : AgentHomeDirs.prepare(agentHome, workspace));
        request.trustedRef(trustedRef());
        ResourceLimits limits = defaults.limits();
        request.limits(new ResourceLimits(memory == null ? limits.memoryBytes() : Units.parseBytes(memory, "--memory"),
                cpus == null ? limits.cpus() : cpus, pids == null ? limits.pids() : pids));
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
        return request.build();
    }

    /** The trusted ref for a fork's change, or {@code null} when the workspace is trusted. */
    private String trustedRef() {
        String changeFork = System.getenv("CHANGE_FORK");
        boolean isFork = fork != null ? fork : changeFork != null && !changeFork.isBlank();
        if (!isFork) {
            return null;
        }
        if (trustedRef != null) {
            return trustedRef;
        }
        String target = System.getenv("CHANGE_TARGET");
        if (target == null || target.isBlank()) {
            throw new InvalidInputException("a fork's change needs a trusted ref for the agent configuration: give "
                    + "--trusted-ref origin/main (or set CHANGE_TARGET)");
        }
        return "origin/" + target;
    }

    private AgentProfiles profiles() {
        Path file = profiles != null ? profiles : envPath("AMBIENT_PROFILES");
        return file == null ? AgentProfiles.builtIn() : AgentProfiles.load(file);
    }

    /** Template variables: the build's, from the environment, then --var. */
    private Map<String, String> templateVars() {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String name : List.of("SHARD_NAME", "SHARD_PATHS", "CHANGE_ID", "CHANGE_URL", "CHANGE_TARGET", "BUILD_URL",
                "JOB_NAME", "BUILD_NUMBER")) {
            String value = System.getenv(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        String branch = System.getenv("BRANCH_NAME") != null ? System.getenv("BRANCH_NAME") : System.getenv("GIT_BRANCH");
        if (branch != null) {
            values.put("BRANCH", branch);
        }
        values.putAll(vars);
        return values;
    }

    private static Path envPath(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static WorkspaceMode mode(String text) {
        try {
            return WorkspaceMode.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid --workspace-mode '" + text + "': use auto, bind or copy");
        }
    }
}
