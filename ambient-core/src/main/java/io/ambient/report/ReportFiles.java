package io.ambient.report;

import io.ambient.AmbientException;
import io.ambient.FileTrees;
import io.ambient.Json;

import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes run reports: {@code report.json}, with the full patch beside it in {@code changes.patch}. */
public final class ReportFiles {
    public static final String REPORT_FILE = "report.json";
    public static final String PATCH_FILE = "changes.patch";

    private ReportFiles() {
    }

    /**
     * Writes {@code report} to {@code dir/report.json} atomically (readers never see half a report) and without
     * following links (see {@link FileTrees#writeInto}).
     *
     * @param dir the report directory's {@link FileTrees#realDirectory real path}, as it was before the run
     */
    public static Path write(RunReport report, Path dir) {
        return writeFile(dir, REPORT_FILE, file -> Json.MAPPER.writeValue(file.toFile(), report));
    }

    /**
     * Writes the file {@code name} of a report directory (the patch, a rendered page) without following links: the
     * agent may have had the directory in its workspace.
     *
     * @param dir the report directory's {@link FileTrees#realDirectory real path}, as it was before the run
     * @throws AmbientException when it cannot be written, or {@code dir} became a link
     */
    public static Path writeFile(Path dir, String name, FileTrees.Content content) {
        try {
            return FileTrees.writeInto(dir, name, content);
        } catch (IOException e) {
            throw new AmbientException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
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
