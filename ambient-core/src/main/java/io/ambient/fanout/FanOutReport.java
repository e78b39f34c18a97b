package io.ambient.fanout;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.ambient.report.RunStatus;

import java.time.Instant;
import java.util.List;

/**
 * A whole fan-out as one JSON document ({@code fanout.json}), holding every run's report. The schema is
 * {@code docs/schema/fanout-report.schema.json}.
 *
 * @param schemaVersion  version of this document's schema
 * @param fanOutId       the fan-out's id; each run's id starts with it
 * @param workspace      the main workspace the picked changes were merged into
 * @param startedAt      when the first run was asked for
 * @param finishedAt     when the last run ended and the merge was done
 * @param durationMillis {@code finishedAt - startedAt}
 * @param maxParallel    runs at once at most
 * @param pick           the pick rule
 * @param verify         the verify command, or {@code null}
 * @param budgetUsd      the total budget, or {@code null}
 * @param stoppedBy      why the fan-out stopped early, or {@code null}
 * @param totalCostUsd   the cost the runs reported, summed; {@code null} when none reported cost
 * @param runs           the runs, in plan order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FanOutReport(String schemaVersion, String fanOutId, String workspace, Instant startedAt,
                           Instant finishedAt, long durationMillis, int maxParallel, PickRule pick, String verify,
                           Double budgetUsd, StopReason stoppedBy, Double totalCostUsd, List<FanOutRun> runs) {
    /** The version this build writes. */
    public static final String SCHEMA_VERSION = "1.0";

    public FanOutReport {
        runs = List.copyOf(runs);
    }

    /** Why a fan-out stopped before all its runs ran to their end; in JSON the lower-case name. */
    public enum StopReason {
        /** The total cost went over the budget. */
        BUDGET,
        /** A run failed and the fan-out fails fast. */
        FAIL_FAST,
        /** Stopped on request. */
        CANCELLED
    }

    /** Whether every run that started succeeded and nothing stopped the fan-out. */
    @JsonIgnore
    public boolean succeeded() {
        return stoppedBy == null && runs.stream().allMatch(run -> run.report() != null
                && run.report().status() == RunStatus.SUCCEEDED && (run.verify() == null || run.verify().passed()));
    }

    /** The comparison table: one row per run. */
    @JsonIgnore
    public List<ComparisonRow> comparison() {
        return runs.stream().map(ComparisonRow::of).toList();
    }

    /**
     * One run compared.
     *
     * @param name           the run
     * @param status         how it ended ({@code not_started} when it never ran)
     * @param verify         {@code passed}, {@code failed}, or {@code -} without verify
     * @param filesChanged   files it changed
     * @param changedLines   lines added and removed
     * @param turns          model turns
     * @param tokens         input plus output tokens, or {@code null}
     * @param costUsd        reported cost, or {@code null}
     * @param durationMillis how long it ran
     * @param merge          what became of its changes
     */
    public record ComparisonRow(String name, String status, String verify, int filesChanged, int changedLines,
                                int turns, Long tokens, Double costUsd, long durationMillis, MergeStatus merge) {
        static ComparisonRow of(FanOutRun run) {
            if (run.report() == null) {
                return new ComparisonRow(run.name(), "not_started", "-", 0, 0, 0, null, null, 0, run.merge());
            }
            var report = run.report();
            var usage = report.usage();
            Long tokens = usage == null ? null : usage.totalTokens();
            return new ComparisonRow(run.name(), report.status().toString(),
                    run.verify() == null ? "-" : run.verify().passed() ? "passed" : "failed",
                    report.changedFiles() == null ? 0 : report.changedFiles().size(), run.changedLines(),
                    report.turns(), tokens, usage == null ? null : usage.costUsd(), report.durationMillis(),
                    run.merge());
        }
    }
}
