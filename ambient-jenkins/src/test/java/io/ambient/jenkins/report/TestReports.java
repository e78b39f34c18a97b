package io.ambient.jenkins.report;

import io.ambient.agent.Usage;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Real report directories, written by core's own {@link RunReport} builder and {@link ReportFiles}. */
public final class TestReports {
    /** The patch every test report carries. */
    public static final String PATCH = "--- a/Main.java\n+++ b/Main.java\n@@ -1 +1 @@\n-old\n+new\n";

    private TestReports() {
    }

    /** A finished run's report. */
    public static RunReport report(String runId, String agent, RunStatus status, double costUsd) {
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        return RunReport.builder().runId(runId).agent(agent).model("sonnet").executor("docker")
                .prompt("Fix the failing test").status(status).exitCode(status == RunStatus.SUCCEEDED ? 0 : 1)
                .startedAt(start).finishedAt(start.plusSeconds(42)).turns(7)
                .usage(new Usage(1200L, 300L, costUsd))
                .changedFiles(List.of(new ChangedFile("Main.java", ChangeType.MODIFIED, 1, 1, false)))
                .finalMessage("Fixed the <b>test</b>.")
                .labels(Map.of("job", "p", "build", "1", "stage", "review"))
                .build();
    }

    /** {@code dir} with {@code report.json} and {@code changes.patch}, as the engine leaves them. */
    public static Path writeRunDir(Path dir, RunReport report) throws IOException {
        Files.createDirectories(dir);
        ReportFiles.write(report, dir);
        Files.writeString(dir.resolve(ReportFiles.PATCH_FILE), PATCH, StandardCharsets.UTF_8);
        return dir;
    }
}
