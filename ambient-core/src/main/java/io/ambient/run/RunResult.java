package io.ambient.run;

import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;

import java.nio.file.Path;

/**
 * A finished run.
 *
 * @param report     the report, as written
 * @param reportFile the {@code report.json} file
 */
public record RunResult(RunReport report, Path reportFile) {

    /** Whether the agent succeeded. */
    public boolean succeeded() {
        return report.status() == RunStatus.SUCCEEDED;
    }
}
