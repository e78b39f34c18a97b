package io.ambient.jenkins.report;

import hudson.model.Run;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

import java.io.Serializable;

/** One agent run in the dashboard: which job and build it belongs to, and its {@link RunEntry}. */
@ExportedBean
public final class DashboardEntry implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String job;
    private final int build;
    private final String buildUrl;
    private final RunEntry run;

    DashboardEntry(Run<?, ?> build, RunEntry run) {
        this.job = build.getParent().getFullName();
        this.build = build.getNumber();
        this.buildUrl = build.getUrl();
        this.run = run;
    }

    /** The job's full name, e.g. {@code team/app/PR-12}. */
    @Exported(visibility = 2)
    public String getJob() {
        return job;
    }

    @Exported(visibility = 2)
    public int getBuild() {
        return build;
    }

    /** The build's URL relative to the Jenkins root URL. */
    @Exported(visibility = 2)
    public String getBuildUrl() {
        return buildUrl;
    }

    /** The report page's URL relative to the Jenkins root URL. */
    @Exported(visibility = 2)
    public String getReportUrl() {
        return buildUrl + AmbientRunsAction.URL_NAME + "/" + run.getRunId() + "/";
    }

    /** Inline: written at this entry's depth, so the run's fields show in the default {@code api/json}. */
    @Exported(visibility = 2, inline = true)
    public RunEntry getRun() {
        return run;
    }

    boolean isOf(Run<?, ?> other) {
        return job.equals(other.getParent().getFullName()) && build == other.getNumber();
    }
}
