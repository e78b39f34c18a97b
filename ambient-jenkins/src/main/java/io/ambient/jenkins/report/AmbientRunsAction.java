package io.ambient.jenkins.report;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Api;
import hudson.model.Run;
import io.ambient.Json;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.FanOutRunner;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.run.RunIds;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Every agent run of one build, from every stage and parallel branch: a compact table on the build page
 * ({@code summary.jelly}), the full reports under {@code ambient/<runId>/}, and {@code api/json}.
 *
 * <p>Only a small index ({@link RunEntry}) is kept in {@code build.xml}; each report is copied as JSON into
 * {@code <build dir>/ambient/<runId>/} ({@code report.json} and the full patch, or {@code fanout.json}), where
 * {@link ReportPage} reads it when someone looks.
 */
@ExportedBean
public class AmbientRunsAction extends AmbientLink implements RunAction2 {
    /** The action's URL segment and the directory under the build directory. */
    public static final String URL_NAME = "ambient";

    private static final Object LOCK = new Object();

    private final List<RunEntry> runs = new CopyOnWriteArrayList<>();
    private transient Run<?, ?> owner;

    /** The action of {@code build}, added when missing. */
    public static AmbientRunsAction forBuild(Run<?, ?> build) {
        synchronized (LOCK) {
            AmbientRunsAction action = build.getAction(AmbientRunsAction.class);
            if (action == null) {
                action = new AmbientRunsAction();
                build.addAction(action);
            }
            return action;
        }
    }

    /**
     * Copies a run's {@code report.json} and patch from {@code reportDir} (on the build's node) into the build
     * directory, adds its entry and saves the build.
     *
     * @return the report's URL relative to the Jenkins root URL, e.g. {@code job/x/12/ambient/<runId>/}
     */
    public String record(String stage, String name, FilePath reportDir) throws IOException, InterruptedException {
        RunReport report = copyRun(reportDir);
        add(RunEntry.of(stage, name, report));
        owner.save();
        return reportUrl(report.runId());
    }

    /**
     * Copies a fan-out's {@code fanout.json} and each started run's report from {@code fanOutDir} into the build
     * directory, adds an entry per run and one for the fan-out, and saves the build.
     *
     * @return the fan-out page's URL relative to the Jenkins root URL
     */
    public String recordFanOut(String stage, String name, FilePath fanOutDir)
            throws IOException, InterruptedException {
        FanOutReport fanOut = copy(fanOutDir, FanOutRunner.REPORT_FILE, FanOutReport.class, FanOutReport::fanOutId);
        for (FanOutRun run : fanOut.runs()) {
            if (run.reportFile() != null) {
                RunReport report = copyRun(fanOutDir.child(run.reportFile()).getParent());
                add(RunEntry.of(stage, run.name(), report));
            }
        }
        add(RunEntry.ofFanOut(stage, name, fanOut));
        owner.save();
        return reportUrl(fanOut.fanOutId());
    }

    private RunReport copyRun(FilePath reportDir) throws IOException, InterruptedException {
        RunReport report = copy(reportDir, ReportFiles.REPORT_FILE, RunReport.class, RunReport::runId);
        FilePath patch = reportDir.child(ReportFiles.PATCH_FILE);
        if (patch.exists()) {
            patch.copyTo(new FilePath(storeDir(report.runId())).child(ReportFiles.PATCH_FILE));
        }
        return report;
    }

    // Copies dir/fileName to the controller first (the id that names the target directory is inside the file),
    // then moves it into place; a report that does not parse is refused before anything is recorded. A run recorded
    // again (its step finished it once more after a controller restart) replaces its earlier copy.
    private <T> T copy(FilePath dir, String fileName, Class<T> type, Function<T, String> id)
            throws IOException, InterruptedException {
        FilePath source = requireFile(dir, fileName);
        File staging = File.createTempFile(".ambient-", ".json", owner.getRootDir());
        try {
            source.copyTo(new FilePath(staging));
            T document = Json.MAPPER.readValue(staging, type);
            File target = storeDir(id.apply(document));
            Files.createDirectories(target.toPath());
            Files.move(staging.toPath(), target.toPath().resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return document;
        } finally {
            Files.deleteIfExists(staging.toPath());
        }
    }

    private static FilePath requireFile(FilePath dir, String name) throws IOException, InterruptedException {
        FilePath file = dir.child(name);
        if (!file.exists()) {
            throw new AbortException("no " + name + " in " + dir.getRemote() + ": the agent run wrote no report");
        }
        return file;
    }

    private void add(RunEntry entry) {
        runs.removeIf(existing -> existing.getRunId().equals(entry.getRunId()));
        runs.add(entry);
    }

    /** Where the files of run {@code runId} are kept; the id is checked, so it cannot leave the directory. */
    File storeDir(String runId) {
        return new File(new File(owner.getRootDir(), URL_NAME), RunIds.requireValid(runId));
    }

    /** The report page of run (or fan-out) {@code runId} of this build, relative to the Jenkins root URL. */
    public String reportUrl(String runId) {
        return owner.getUrl() + URL_NAME + "/" + runId + "/";
    }

    /**
     * The runs, in the order they were recorded. Inline, so that the build's own {@code api/json} shows their fields
     * at the default depth, as it shows test counts.
     */
    @Exported(visibility = 2, inline = true)
    public List<RunEntry> getRuns() {
        return List.copyOf(runs);
    }

    /** The entry of {@code runId}, or null. */
    public RunEntry getEntry(String runId) {
        return runs.stream().filter(entry -> entry.getRunId().equals(runId)).findFirst().orElse(null);
    }

    /** The build this action belongs to. */
    public Run<?, ?> getOwner() {
        return owner;
    }

    /** {@code ambient/<runId>/}: the full report of one run or fan-out. */
    public ReportPage getDynamic(String token, StaplerRequest2 req, StaplerResponse2 rsp) {
        RunEntry entry = getEntry(token);
        return entry == null ? null : new ReportPage(this, entry);
    }

    /** Exposes the runs to the remote API: {@code <build>/ambient/api/json}. */
    public Api getApi() {
        return new Api(this);
    }

    @Override
    public void onAttached(Run<?, ?> run) {
        owner = run;
    }

    @Override
    public void onLoad(Run<?, ?> run) {
        owner = run;
    }
}
