package io.ambient.jenkins.report;

import hudson.model.Run;
import io.ambient.report.render.Formats;

import java.util.List;
import java.util.Objects;

/**
 * One build's line in the project trend: how many agent runs, how many succeeded, what they cost.
 *
 * @param build     the build
 * @param runs      agent runs (fan-out totals not counted twice)
 * @param succeeded runs that succeeded and are not suspect
 * @param costUsd   reported cost, summed
 */
public record BuildTrend(Run<?, ?> build, int runs, int succeeded, double costUsd) {

    /** The line of {@code build}, or null when it has no agent runs. */
    public static BuildTrend of(Run<?, ?> build) {
        AmbientRunsAction action = build.getAction(AmbientRunsAction.class);
        if (action == null) {
            return null;
        }
        List<RunEntry> runs = action.getRuns().stream()
                .filter(entry -> RunEntry.KIND_RUN.equals(entry.getKind())).toList();
        if (runs.isEmpty()) {
            return null;
        }
        int succeeded = (int) runs.stream().filter(RunEntry::isSucceeded).count();
        double cost = runs.stream().map(RunEntry::getCostUsd).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                .sum();
        return new BuildTrend(build, runs.size(), succeeded, cost);
    }

    /** Succeeded runs in percent, 0-100. */
    public int successPercent() {
        return runs == 0 ? 0 : Math.round(100f * succeeded / runs);
    }

    /** This build's cost as a percentage of {@code maxCost}, 0-100, for bar lengths. */
    public int costPercentOf(double maxCost) {
        return maxCost <= 0 ? 0 : (int) Math.round(Math.min(100, 100 * costUsd / maxCost));
    }

    /** For tables. */
    public String costDisplay() {
        return Formats.cost(costUsd);
    }
}
