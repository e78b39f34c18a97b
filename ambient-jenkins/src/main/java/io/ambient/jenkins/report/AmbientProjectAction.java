package io.ambient.jenkins.report;

import hudson.model.Job;
import hudson.model.Run;

import java.util.ArrayList;
import java.util.List;

/**
 * The job page's "Ambient agents" link: cost, runs and success rate of the agent runs over the recent builds, as a
 * table with bars drawn server-side in SVG (no script, no inline style: CSP-safe).
 */
public class AmbientProjectAction extends AmbientLink {
    /** Builds looked at, newest first. */
    static final int BUILDS = 30;

    private final Job<?, ?> job;

    public AmbientProjectAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** The recent builds with agent runs, newest first, and the highest cost among them (to scale the bars). */
    public Trend getTrend() {
        List<BuildTrend> lines = new ArrayList<>();
        for (Run<?, ?> build : job.getBuilds().limit(BUILDS)) {
            BuildTrend line = BuildTrend.of(build);
            if (line != null) {
                lines.add(line);
            }
        }
        return new Trend(lines, lines.stream().mapToDouble(BuildTrend::costUsd).max().orElse(0));
    }

    /**
     * The trend table.
     *
     * @param lines   one per build with agent runs, newest first
     * @param maxCost the highest cost among them
     */
    public record Trend(List<BuildTrend> lines, double maxCost) {
    }

    /** Shown in the side panel only once a completed build has agent runs. */
    @Override
    public String getIconFileName() {
        Run<?, ?> last = job.getLastCompletedBuild();
        return last != null && last.getAction(AmbientRunsAction.class) != null ? ICON : null;
    }
}
