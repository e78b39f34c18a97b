package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.exec.Executor;
import io.ambient.exec.LogCursor;
import io.ambient.report.ReportFiles;
import io.ambient.report.render.MarkdownRenderer;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunIds;
import io.ambient.run.RunRequest;
import io.ambient.run.RunResult;
import io.ambient.run.RunTicket;
import io.ambient.tracking.TrackingConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ambient run}: one agent run, streamed to the console, with a report at the end. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Runs an agent on a git workspace in a hardened container and writes report.json and the patch.",
                "The command agent runs the program after '--'; it gets the prompt on stdin, in the file "
                        + "$AMBIENT_PROMPT_FILE and in $AMBIENT_PROMPT."})
final class RunCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    Prompt prompt;

    @Mixin
    RunOptions options;

    @Option(names = "--budget-usd", paramLabel = "USD",
            description = "Stop the agent when its cost goes over this: the cost it reports, else its tokens at the "
                    + "model's price (claude-code, codex, gemini).")
    Double budgetUsd;

    @Option(names = "--resume", paramLabel = "SESSION",
            description = "Continue the agent CLI's session (the sessionId of an earlier report); needs the same "
                    + "--agent-home as that run.")
    String resume;

    @Option(names = "--agent-home", paramLabel = "DIR",
            description = "Keep the agent's home (its sessions) in DIR between runs, so a later run can --resume. "
                    + "Created if missing, owned by the workspace's owner. Default: a fresh home per run.")
    Path agentHome;

    @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: <state-dir>/reports/<run-id>).")
    Path out;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: generated).")
    String runId;

    @Option(names = "--detach", description = "Start the run, print its id and return; finish it with 'ambient attach ID'.")
    boolean detach;

    @Mixin
    StateOptions state;

    /** Exactly one of --prompt, --prompt-file and --template. */
    static final class Prompt extends PromptSource {
        @Option(names = "--prompt", paramLabel = "TEXT", required = true, description = "The task, as text.")
        void text(String value) {
            text = value;
        }

        @Option(names = "--prompt-file", paramLabel = "FILE", required = true, description = "The task, from a file.")
        void file(Path value) {
            file = value;
        }

        @Option(names = "--template", paramLabel = "NAME", required = true,
                description = "The task, from a prompt template of the context packs, with its $${NAME}s filled in "
                        + "(see --var).")
        void template(String value) {
            template = value;
        }
    }

    @Override
    public Integer call() {
        String id = runId == null ? RunIds.newId() : RunIds.requireValid(runId);
        TrackingConfig tracking = options.tracking(state.stateDir());
        if (tracking != null && detach) {
            throw new InvalidInputException("--publish does not work with --detach: the run ends in 'ambient attach'");
        }
        PrComment comment = options.prComment("ambient");
        if (comment != null && detach) {
            throw new InvalidInputException("--comment and --suggest do not work with --detach: write the report with "
                    + "'ambient comment' once 'ambient attach' has finished the run");
        }
        RunRequest request = request(id);
        TicketStore tickets = state.tickets();
        try (Executor engine = options.executor.open(state.stateDir());
             ConsoleListener console = new ConsoleListener(options.agent, System.out, System.err,
                     !detach && ConsoleListener.isInteractive())) {
            AgentRunner runner = new AgentRunner(engine);
            RunTicket ticket = runner.start(request, console);
            if (options.executor == ExecutorChoice.process) {
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
            tickets.ended(result);
            console.message(Summary.of(result));
            Tracking.publish(tracking, List.of(result.report()), console::message);
            if (comment != null) {
                comment.write(MarkdownRenderer.run(result.report(), PrComment.buildLinks(System.getenv())),
                        ReportFiles.patchFile(result.report(), result.reportFile()), console::message);
            }
            return AmbientCommand.exitCode(List.of(result.report()), options.allowSuspect);
        }
    }

    private RunRequest request(String id) {
        RunRequest.Builder request = options.request(options.agent, options.model)
                .runId(id)
                .prompt(prompt.read(options.context(), options.templateVars()))
                .outDir((out == null ? state.stateDir().resolve("reports").resolve(id) : out).toAbsolutePath());
        if (budgetUsd != null) {
            request.budgetUsd(budgetUsd);
        }
        request.resumeSession(resume);
        request.agentHome(agentHome == null ? null : AgentHomeDirs.prepare(agentHome, options.workspace));
        return request.build();
    }
}
