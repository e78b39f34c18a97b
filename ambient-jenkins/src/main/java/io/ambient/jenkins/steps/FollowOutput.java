package io.ambient.jenkins.steps;

import io.ambient.exec.LogCursor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one bounded follow of a run saw on the node, as plain data for the controller.
 *
 * @param lines      the run's new output lines, secrets masked
 * @param cursor     how far the output has been shown, to persist
 * @param reportJson the run's {@code report.json} once it ended, else {@code null}
 * @param reportDir  the report directory on the node once it ended, else {@code null}
 */
record FollowOutput(List<String> lines, LogCursor cursor, String reportJson, String reportDir) implements Serializable {
    private static final long serialVersionUID = 1L;

    FollowOutput {
        // An ArrayList, not List.copyOf: what an agent returns must be a class Jenkins lets in (JEP-200).
        lines = new ArrayList<>(lines);
    }

    boolean ended() {
        return reportJson != null;
    }
}
