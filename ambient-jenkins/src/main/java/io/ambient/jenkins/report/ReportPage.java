package io.ambient.jenkins.report;

import hudson.model.Run;
import io.ambient.Json;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRunner;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.report.render.HtmlRenderer;
import io.ambient.report.render.ReportStyles;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Map;

/**
 * {@code <build>/ambient/<runId>/}: one run's (or fan-out's) full report, rendered by core's {@link HtmlRenderer}
 * from the JSON kept in the build directory; {@code json} serves that JSON and {@code patch} the full patch as
 * plain text. Reached through the build, so it has the build's permissions.
 */
public class ReportPage {
    /** The URL (below this page) of the report JSON. */
    static final String JSON = "json";
    /** The URL (below this page) of the patch. */
    static final String PATCH = "patch";

    private final AmbientRunsAction action;
    private final RunEntry entry;

    ReportPage(AmbientRunsAction action, RunEntry entry) {
        this.action = action;
        this.entry = entry;
    }

    public RunEntry getEntry() {
        return entry;
    }

    public Run<?, ?> getRun() {
        return action.getOwner();
    }

    public String getDisplayName() {
        String what = entry.getName() == null ? entry.getRunId() : entry.getName();
        return entry.getStage() == null ? what : entry.getStage() + " / " + what;
    }

    /**
     * The report as an HTML fragment. Safe to write unescaped: core's renderer escapes everything it takes from the
     * report, emits no script, no {@code style} attribute and no {@code <style>}, and only http(s) or relative links.
     */
    public String getReportHtml() throws IOException {
        Map<String, String> links = Map.of("Build", "../../");
        if (isFanOut()) {
            FanOutReport report = Json.MAPPER.readValue(file(FanOutRunner.REPORT_FILE), FanOutReport.class);
            return HtmlRenderer.fanOutFragment(report,
                    run -> run.report() == null ? null : "../" + run.report().runId() + "/", links);
        }
        RunReport report = ReportFiles.read(file(ReportFiles.REPORT_FILE).toPath());
        return HtmlRenderer.runFragment(report,
                new HtmlRenderer.Options(JSON, PATCH, ReportStyles.FILE_NAME, links));
    }

    /** Whether the full patch was kept. */
    public boolean isHasPatch() {
        return file(ReportFiles.PATCH_FILE).isFile();
    }

    /** {@code json}: the report as stored. */
    public void doJson(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        serve(rsp, file(isFanOut() ? FanOutRunner.REPORT_FILE : ReportFiles.REPORT_FILE),
                "application/json;charset=UTF-8");
    }

    /** {@code patch}: the agent's full patch, as plain text so a browser never renders it. */
    public void doPatch(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        serve(rsp, file(ReportFiles.PATCH_FILE), "text/plain;charset=UTF-8");
    }

    private static void serve(StaplerResponse2 rsp, File file, String contentType) throws IOException {
        if (!file.isFile()) {
            rsp.sendError(404);
            return;
        }
        rsp.setContentType(contentType);
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        try (OutputStream out = rsp.getOutputStream()) {
            Files.copy(file.toPath(), out);
        }
    }

    private boolean isFanOut() {
        return RunEntry.KIND_FANOUT.equals(entry.getKind());
    }

    private File file(String name) {
        return new File(action.storeDir(entry.getRunId()), name);
    }
}
