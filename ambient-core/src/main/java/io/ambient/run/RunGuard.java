package io.ambient.run;

import io.ambient.agent.OutputParser;
import io.ambient.report.StopCause;

/**
 * Stops a run that goes past its turn limit or budget, as the agent's output shows them: checked after every line,
 * it cancels the run once and remembers why. Turns are only counted for agents whose CLI does not stop itself; the
 * cost is the one reported, or estimated from the tokens so far ({@link CostMeter}).
 */
final class RunGuard {
    private final Integer maxTurns;
    private final Double budgetUsd;
    private final CostMeter cost;
    private final Runnable stop;
    private StopCause tripped;

    /**
     * @param maxTurns  turns to allow, or {@code null} when not counted here
     * @param budgetUsd cost to allow, or {@code null}
     * @param cost      prices the usage seen
     * @param stop      cancels the run
     */
    RunGuard(Integer maxTurns, Double budgetUsd, CostMeter cost, Runnable stop) {
        this.maxTurns = maxTurns;
        this.budgetUsd = budgetUsd;
        this.cost = cost;
        this.stop = stop;
    }

    void check(OutputParser parser) {
        if (tripped != null) {
            return;
        }
        if (maxTurns != null && parser.turnsSoFar() > maxTurns) {
            trip(StopCause.MAX_TURNS);
        } else if (budgetUsd != null) {
            Double costUsd = cost.priced(parser.usageSoFar()).costUsd();
            if (costUsd != null && costUsd > budgetUsd) {
                trip(StopCause.BUDGET);
            }
        }
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
