package io.ambient.report;

import io.ambient.AmbientException;
import io.ambient.Json;

import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes run reports: {@code report.json}, with the full patch beside it in {@code changes.patch}. */
public final class ReportFiles {
    public static final String REPORT_FILE = "report.json";
    public static final String PATCH_FILE = "changes.patch";

    private ReportFiles() {
    }

    /** Writes {@code report} to {@code dir/report.json} atomically: readers never see half a report. */
    public static Path write(RunReport report, Path dir) {
        Path target = dir.resolve(REPORT_FILE);
        try {
            Json.writeAtomically(report, target);
            return target;
        } catch (IOException e) {
            throw new AmbientException("cannot write report " + target + ": " + e.getMessage(), e);
        }
    }

    /** The full patch file beside {@code reportFile}, or {@code null} when the run has none (no workspace). */
    public static Path patchFile(RunReport report, Path reportFile) {
        return report.patch() == null || report.patch().file() == null ? null
                : reportFile.toAbsolutePath().resolveSibling(report.patch().file());
    }

    /** Reads a {@code report.json}. */
    public static RunReport read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), RunReport.class);
        } catch (IOException e) {
            throw new AmbientException("cannot read report " + file + ": " + e.getMessage(), e);
        }
    }
}
