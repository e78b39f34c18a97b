package io.ambient.cli;

import io.ambient.agent.Agents;
import io.ambient.exec.Executor;
import io.ambient.exec.LogCursor;
import io.ambient.report.SecretMasker;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunResult;
import io.ambient.run.RunTicket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/** {@code ambient attach}: follows a detached run from its first line to its end and writes its report. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Follows a run started with 'ambient run --detach' (or whose follower died): "
                + "replays its output, waits for its end, writes its report.")
final class AttachCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_ID", description = "The run's id.")
    String runId;

    @Option(names = "--secret", paramLabel = "NAME",
            description = "Mask the value of this process's variable NAME, as 'run --secret' did; the agent's "
                    + "credential variables are masked anyway. Repeatable.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--allow-suspect", description = "Exit 0, not 3, when the run succeeded but is suspect.")
    boolean allowSuspect;

    @Mixin
    StateOptions state;

    @Override
    public Integer call() {
        TicketStore tickets = state.tickets();
        RunTicket ticket = tickets.load(runId);
        ExecutorChoice choice = ExecutorChoice.valueOf(ticket.handle().executor());
        try (Executor engine = choice.open(state.stateDir());
             ConsoleListener console = new ConsoleListener(ticket.agent(), System.out, System.err,
                     ConsoleListener.isInteractive())) {
            AgentRunner runner = new AgentRunner(engine);
            RunResult result = Interrupts.cancelOnInterrupt(runner, ticket,
                    () -> runner.finish(ticket, LogCursor.START, console, masker(ticket)));
            tickets.ended(result);
            console.message(Summary.of(result));
            return AmbientCommand.exitCode(List.of(result.report()), allowSuspect);
        }
    }

    /** Tickets hold no secrets: the values come from this process's environment again. */
    private SecretMasker masker(RunTicket ticket) {
        List<String> names = new ArrayList<>(secrets);
        names.addAll(Agents.named(ticket.agent()).credentialEnv());
        return SecretMasker.of(names.stream().map(System::getenv).filter(Objects::nonNull).toList());
    }
}
