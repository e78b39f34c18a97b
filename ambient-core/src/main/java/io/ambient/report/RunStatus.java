package io.ambient.report;

/** How a run ended; in JSON the lower-case name, e.g. {@code timed_out}. */
public enum RunStatus {
    /** The agent's process exited 0 and the agent reported no error. */
    SUCCEEDED,
    /** The agent exited non-zero, was killed for memory, or reported an error. */
    FAILED,
    /** Killed at its timeout. */
    TIMED_OUT,
    /** Stopped when the cost the agent reported went over the run's budget. */
    BUDGET_EXCEEDED,
    /** Stopped on request. */
    CANCELLED,
    /** The engine failed: the agent could not be started or followed. */
    ERROR;

    /** The JSON value, e.g. {@code timed_out}. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
