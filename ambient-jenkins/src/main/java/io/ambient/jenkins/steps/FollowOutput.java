package io.ambient.jenkins.steps;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one bounded follow of a run saw on the node, as plain data for the controller: JDK types and this plugin's
 * own only. ambient-core's classes (its {@code LogCursor}) come from a library jar inside the plugin, which Jenkins'
 * class filter (JEP-200) refuses to read from an agent.
 *
 * @param lines        the run's new output lines, secrets masked
 * @param stdoutLines  how many standard output lines have been shown in all, to persist
 * @param stderrLines  how many standard error lines have been shown in all, to persist
 * @param reportJson   the run's {@code report.json} once it ended, else {@code null}
 * @param reportDir    the report directory on the node once it ended, else {@code null}
 */
record FollowOutput(List<String> lines, long stdoutLines, long stderrLines, String reportJson, String reportDir)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    FollowOutput {
        // An ArrayList, not List.copyOf: what an agent returns must be a class Jenkins lets in (JEP-200).
        lines = new ArrayList<>(lines);
    }

    boolean ended() {
        return reportJson != null;
    }
}
