package io.ambient.jenkins.steps;

import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.MergeStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** A fan-out's report as the map a Jenkinsfile gets back: one entry per run, and what was picked and merged. */
final class FanOutResults {
    private FanOutResults() {
    }

    /**
     * @param outDir    the fan-out's directory on the node
     * @param reportUrl the fan-out's page, relative to the Jenkins root URL
     * @param runUrl    a run's page by its run id, relative to the Jenkins root URL
     */
    static Map<String, Object> of(FanOutReport report, String outDir, String reportUrl,
                                  Function<String, String> runUrl) {
        Map<String, Object> runs = new LinkedHashMap<>();
        List<String> picked = new ArrayList<>();
        for (FanOutRun run : report.runs()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (run.report() == null) {
                entry.put("status", "not_started");
            } else {
                entry.putAll(RunResults.of(run.report(), runDir(outDir, run), runUrl.apply(run.report().runId())));
            }
            entry.put("verify", run.verify() == null ? null : run.verify().passed() ? "passed" : "failed");
            entry.put("merge", run.merge() == null ? null : run.merge().name().toLowerCase(Locale.ROOT));
            runs.put(run.name(), entry);
            if (run.merge() == MergeStatus.MERGED) {
                picked.add(run.name());
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("runs", runs);
        result.put("picked", picked);
        result.put("succeeded", report.succeeded());
        result.put("stoppedBy", report.stoppedBy() == null ? null : report.stoppedBy().name().toLowerCase(Locale.ROOT));
        result.put("totalCostUsd", report.totalCostUsd());
        result.put("durationMillis", report.durationMillis());
        result.put("reportUrl", reportUrl);
        return result;
    }

    /** Why a fan-out fails its step, or {@code null} when it does not: it did not succeed, or a run is suspect. */
    static String failure(FanOutReport report, boolean failOnError, boolean failOnSuspect) {
        if (failOnError && !report.succeeded()) {
            return "fan-out " + report.fanOutId() + " did not succeed"
                    + (report.stoppedBy() == null ? "" : " (stopped: " + report.stoppedBy() + ")");
        }
        return failOnSuspect ? suspicion(report) : null;
    }

    /** Which runs succeeded but look like they did not do their job, and why; {@code null} when none does. */
    static String suspicion(FanOutReport report) {
        List<String> suspects = report.runs().stream()
                .filter(run -> run.report() != null && RunResults.suspicion(run.report()) != null)
                .map(run -> run.name() + " (" + RunResults.reasons(run.report()) + ")").toList();
        return suspects.isEmpty() ? null : suspects.size() + " of " + report.runs().size() + " runs of fan-out "
                + report.fanOutId() + " succeeded but are suspect: " + String.join(", ", suspects);
    }

    /** A run's report directory on the node: its report file is relative to the fan-out's directory. */
    static String runDir(String outDir, FanOutRun run) {
        String file = run.reportFile();
        int slash = file.lastIndexOf('/');
        return slash < 0 ? outDir : outDir + "/" + file.substring(0, slash);
    }
}
