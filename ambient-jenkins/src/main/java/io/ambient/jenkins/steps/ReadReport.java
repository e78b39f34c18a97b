package io.ambient.jenkins.steps;

import io.ambient.report.ReportFiles;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An ended run's {@code report.json} on the node, as text: what a step that collected the report before a controller
 * restart finishes from.
 *
 * @param reportDir the run's report directory on the node
 */
record ReadReport(String reportDir) implements ControllerToAgentCallable<String, IOException> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call() throws IOException {
        return Files.readString(Path.of(reportDir, ReportFiles.REPORT_FILE), StandardCharsets.UTF_8);
    }
}
