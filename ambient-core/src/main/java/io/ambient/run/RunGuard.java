package io.ambient.run;

import io.ambient.agent.OutputParser;
import io.ambient.report.StopCause;

import java.time.Duration;
import java.time.Instant;

/**
 * Stops a run that goes past its turn limit or budget, or whose model cannot be reached, as the agent's output shows
 * them: checked after every line, it cancels the run once and remembers why. Turns are only counted for agents whose
 * CLI does not stop itself; the cost is the one reported, or estimated from the tokens so far ({@link CostMeter}).
 */
final class RunGuard {
    private final Integer maxTurns;
    private final Double budgetUsd;
    private final CostMeter cost;
    private final UnreachableLimit unreachable;
    private final Instant startedAt;
    private final Runnable stop;
    private StopCause tripped;

    /**
     * @param maxTurns    turns to allow, or {@code null} when not counted here
     * @param budgetUsd   cost to allow, or {@code null}
     * @param cost        prices the usage seen
     * @param unreachable when a model that never answered counts as unreachable
     * @param startedAt   when the agent started, what {@link UnreachableLimit#withoutAnswer()} counts from
     * @param stop        cancels the run
     */
    RunGuard(Integer maxTurns, Double budgetUsd, CostMeter cost, UnreachableLimit unreachable, Instant startedAt,
             Runnable stop) {
        this.maxTurns = maxTurns;
        this.budgetUsd = budgetUsd;
        this.cost = cost;
        this.unreachable = unreachable;
        this.startedAt = startedAt;
        this.stop = stop;
    }

    /**
     * Checks the limits after a line.
     *
     * @param live the line is new, not one of an earlier follow parsed again: only then does the time since the start
     *             say how long the model has been failing (a replayed failure may have been followed by an answer)
     */
    void check(OutputParser parser, boolean live) {
        if (tripped != null) {
            return;
        }
        if (maxTurns != null && parser.turnsSoFar() > maxTurns) {
            trip(StopCause.MAX_TURNS);
        } else if (budgetUsd != null && overBudget(parser)) {
            trip(StopCause.BUDGET);
        } else if (live && unreachable(parser.connectionFailures(), Duration.between(startedAt, Instant.now()))) {
            trip(StopCause.UNREACHABLE);
        }
    }

    private boolean overBudget(OutputParser parser) {
        Double costUsd = cost.priced(parser.usageSoFar()).costUsd();
        return costUsd != null && costUsd > budgetUsd;
    }

    /** Whether {@code failures} in a row after {@code running} mean the model cannot be reached. */
    boolean unreachable(int failures, Duration running) {
        return failures >= unreachable.failures() && running.compareTo(unreachable.withoutAnswer()) >= 0;
    }

    /** The limit that stopped the run, or {@code null}. */
    StopCause tripped() {
        return tripped;
    }

    private void trip(StopCause cause) {
        tripped = cause;
        stop.run();
    }
}
