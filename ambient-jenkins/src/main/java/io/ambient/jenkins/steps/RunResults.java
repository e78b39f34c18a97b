package io.ambient.jenkins.steps;

import io.ambient.agent.Usage;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.workspace.ChangedFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run's report as the map a Jenkinsfile gets back: plain values only, safe in the Pipeline sandbox. */
final class RunResults {
    private RunResults() {
    }

    /**
     * @param reportDir the report directory on the node
     * @param reportUrl the report's page, relative to the Jenkins root URL
     */
    static Map<String, Object> of(RunReport report, String reportDir, String reportUrl) {
        Usage usage = report.usage();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", report.status().toString());
        result.put("exitCode", report.exitCode());
        result.put("suspect", report.suspect());
        result.put("finalMessage", report.finalMessage());
        result.put("changedFiles", report.changedFiles() == null ? new ArrayList<String>()
                : new ArrayList<>(report.changedFiles().stream().map(ChangedFile::path).toList()));
        result.put("patchFile", report.patch() == null ? null : reportDir + "/" + report.patch().file());
        Usage known = usage == null ? Usage.UNKNOWN : usage;
        result.put("costUsd", known.costUsd());
        result.put("costSource", known.costSource() == null ? null : known.costSource().toString()
                .toLowerCase(Locale.ROOT));
        result.put("tokens", known.totalTokens());
        result.put("inputTokens", known.inputTokens());
        result.put("cacheReadTokens", known.cacheReadTokens());
        result.put("cacheWriteTokens", known.cacheWriteTokens());
        result.put("outputTokens", known.outputTokens());
        result.put("models", new ArrayList<>(known.models()));
        result.put("turns", report.turns());
        result.put("durationMillis", report.durationMillis());
        result.put("reportUrl", reportUrl);
        return result;
    }

    /** Why a run fails its step, or {@code null} when it does not: it did not succeed, or it is suspect. */
    static String failure(RunReport report, boolean failOnError, boolean failOnSuspect) {
        if (failOnError && report.status() != RunStatus.SUCCEEDED) {
            return "the agent run " + report.runId() + " ended " + report.status()
                    + (report.error() == null ? "" : ": " + report.error());
        }
        return failOnSuspect ? suspicion(report) : null;
    }

    /** Why a run that succeeded looks like it did not do its job, or {@code null} when it does not. */
    static String suspicion(RunReport report) {
        if (report.status() != RunStatus.SUCCEEDED || !report.suspect()) {
            return null;
        }
        return "the agent run " + report.runId() + " succeeded but is suspect: " + reasons(report);
    }

    /** The report's suspect reasons in one line. */
    static String reasons(RunReport report) {
        return report.suspectReasons() == null ? "" : String.join("; ", report.suspectReasons());
    }
}
