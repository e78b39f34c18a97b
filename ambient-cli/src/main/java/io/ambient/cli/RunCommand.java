package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.exec.Executor;
import io.ambient.exec.LogCursor;
import io.ambient.exec.ResourceLimits;
import io.ambient.exec.WorkspaceMode;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunIds;
import io.ambient.run.RunRequest;
import io.ambient.run.RunResult;
import io.ambient.run.RunTicket;
import io.ambient.Units;
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
            description = "Agent to run (default: ${DEFAULT-VALUE}).")
    String agent;

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

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Kill the agent after this long, e.g. 10m, 1h30m.")
    String timeout;

    @Option(names = "--network", paramLabel = "MODE",
            description = "Container network: none, host or a network name (default: the engine's default).")
    String network;

    @Option(names = "--memory", defaultValue = "4g", paramLabel = "SIZE", description = "Memory limit (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--cpus", defaultValue = "2", paramLabel = "N", description = "CPU limit (default: ${DEFAULT-VALUE}).")
    double cpus;

    @Option(names = "--pids", defaultValue = "1024", paramLabel = "N", description = "Process limit (default: ${DEFAULT-VALUE}).")
    long pids;

    @Option(names = "--user", paramLabel = "UID:GID",
            description = "User to run as; never root (default: the workspace owner, or 1000:1000).")
    String user;

    @Option(names = "--env", paramLabel = "NAME[=VALUE]",
            description = "Environment for the agent; NAME alone passes this process's value. Repeatable.")
    List<String> env = new ArrayList<>();

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

    /** Exactly one of --prompt and --prompt-file. */
    static final class PromptSource {
        @Option(names = "--prompt", paramLabel = "TEXT", required = true, description = "The task, as text.")
        String text;

        @Option(names = "--prompt-file", paramLabel = "FILE", required = true, description = "The task, from a file.")
        Path file;

        String read() {
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
                    () -> runner.finish(ticket, LogCursor.START, console));
            tickets.delete(ticket.runId());
            console.message(Summary.of(result));
            return result.succeeded() ? 0 : AmbientCommand.EXIT_FAILED;
        }
    }

    private RunRequest request(String id) {
        RunRequest.Builder request = RunRequest.builder()
                .runId(id)
                .agent(agent)
                .prompt(prompt.read())
                .model(model)
                .args(command)
                .image(image)
                .workspace(workspace.toAbsolutePath().normalize())
                .workspaceMode(mode(workspaceMode))
                .user(user)
                .limits(new ResourceLimits(Units.parseBytes(memory, "--memory"), cpus, pids))
                .network(network)
                .timeout(timeout == null ? null : Units.parseDuration(timeout, "--timeout"))
                .outDir((out == null ? state.stateDir().resolve("reports").resolve(id) : out).toAbsolutePath());
        for (String entry : env) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            String value = eq < 0 ? System.getenv(name) : entry.substring(eq + 1);
            if (name.isEmpty() || value == null) {
                throw new InvalidInputException("--env " + entry + ": give NAME=VALUE, or NAME of a variable that is set");
            }
            request.env(name, value);
        }
        labels.forEach(request::label);
        return request.build();
    }

    private static WorkspaceMode mode(String text) {
        try {
            return WorkspaceMode.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid --workspace-mode '" + text + "': use auto, bind or copy");
        }
    }
}
