package io.ambient.cli;

import io.ambient.Units;
import io.ambient.report.RunReport;
import io.ambient.run.RunResult;
import io.ambient.workspace.ChangedFile;

import java.time.Duration;
import java.util.Locale;

/** The one-line summary printed when a run ends. */
final class Summary {
    private Summary() {
    }

    static String of(RunResult result) {
        RunReport report = result.report();
        StringBuilder line = new StringBuilder(report.status().toString().toLowerCase(Locale.ROOT).replace('_', ' '));
        line.append(" in ").append(Units.describe(Duration.ofMillis(report.durationMillis())));
        if (report.exitCode() != null) {
            line.append(", exit ").append(report.exitCode());
        }
        if (report.oomKilled()) {
            line.append(", killed: out of memory");
        }
        if (report.outputCut()) {
            line.append(", output cut");
        }
        if (report.error() != null) {
            line.append(", ").append(report.error());
        }
        if (report.changedFiles() != null) {
            long added = report.changedFiles().stream().mapToLong(ChangedFile::linesAdded).sum();
            long removed = report.changedFiles().stream().mapToLong(ChangedFile::linesRemoved).sum();
            int files = report.changedFiles().size();
            line.append(", ").append(files).append(files == 1 ? " file" : " files").append(" changed");
            if (files > 0) {
                line.append(" (+").append(added).append(" -").append(removed).append(')');
            }
        }
        if (report.suspect()) {
            line.append("; SUSPECT: ").append(String.join("; ", report.suspectReasons()));
        }
        return line.append("; report: ").append(result.reportFile()).toString();
    }
}
