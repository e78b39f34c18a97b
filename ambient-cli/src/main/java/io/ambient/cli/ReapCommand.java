package io.ambient.cli;

import io.ambient.AmbientException;
import io.ambient.Units;
import io.ambient.exec.Executor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ambient reap}: removes runs left behind by a runner that died. */
@Command(name = "reap", mixinStandardHelpOptions = true,
        description = "Removes containers and process runs started by ambient whose owner process is gone "
                + "and that are older than the grace period.")
final class ReapCommand implements Callable<Integer> {

    @Option(names = "--grace", defaultValue = "1h", paramLabel = "DURATION",
            description = "Keep runs younger than this (default: ${DEFAULT-VALUE}), so a follower can still re-attach.")
    String grace;

    @Option(names = "--executor", paramLabel = "KIND", description = "Only this executor: docker or process (default: both).")
    ExecutorChoice executor;

    @Mixin
    StateOptions state;

    @Override
    public Integer call() {
        Duration keep = Units.parseDuration(grace, "--grace");
        int removed = 0;
        for (ExecutorChoice choice : executor == null ? List.of(ExecutorChoice.values()) : List.of(executor)) {
            try (Executor engine = choice.open(state.stateDir())) {
                for (String runId : engine.reap(keep)) {
                    state.tickets().delete(runId);
                    System.out.println(choice + " " + runId);
                    removed++;
                }
            } catch (AmbientException e) {
                if (executor != null) {
                    throw e;
                }
                System.err.println("ambient: skipped " + choice + ": " + e.getMessage());
            }
        }
        System.err.println("ambient: reaped " + removed + (removed == 1 ? " run" : " runs"));
        return 0;
    }
}
