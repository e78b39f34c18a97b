package io.ambient.run;

import io.ambient.exec.LogCursor;

import java.util.Objects;

/**
 * What one bounded {@link AgentRunner#follow follow} of a started run saw.
 *
 * @param cursor where the next follow starts: after the last line shown so far
 * @param result the finished run, or {@code null} while it goes on
 */
public record FollowStep(LogCursor cursor, RunResult result) {

    public FollowStep {
        Objects.requireNonNull(cursor, "cursor");
    }

    /** Whether the run ended and its report is written. */
    public boolean ended() {
        return result != null;
    }
}
