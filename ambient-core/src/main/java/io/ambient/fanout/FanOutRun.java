package io.ambient.fanout;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ambient.report.RunReport;

import java.util.List;

/**
 * One run of a fan-out, as the fan-out report records it.
 *
 * @param name          the run's name
 * @param shard         its shard, or {@code null}
 * @param profile       its matrix profile, or {@code null}
 * @param model         its matrix model, or {@code null}
 * @param reportFile    its {@code report.json}, relative to the fan-out report; {@code null} when it never started
 * @param report        its run report; {@code null} when it never started
 * @param verify        the verify command's result, when there was one and the run succeeded
 * @param outOfScope    files it changed outside its shard
 * @param merge         what became of its changes
 * @param conflictsWith the runs whose merged changes its changes collided with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FanOutRun(String name, Shard shard, String profile, String model, String reportFile, RunReport report,
                        VerifyResult verify, List<String> outOfScope, MergeStatus merge, List<String> conflictsWith) {
    public FanOutRun {
        outOfScope = List.copyOf(outOfScope);
        conflictsWith = List.copyOf(conflictsWith);
    }

    /** Lines added and removed, over all changed files. */
    public int changedLines() {
        return report == null || report.changedFiles() == null ? 0 : report.changedFiles().stream()
                .mapToInt(file -> file.linesAdded() + file.linesRemoved()).sum();
    }

    FanOutRun withMerge(MergeStatus status, List<String> conflicts) {
        return new FanOutRun(name, shard, profile, model, reportFile, report, verify, outOfScope, status, conflicts);
    }
}
