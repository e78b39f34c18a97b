package io.ambient.run;

/** Where a run is, for progress displays. */
public enum RunState {
    /** Checking input, snapshotting the workspace. */
    PREPARING,
    /** Creating and starting the container or process. */
    STARTING,
    /** The agent is running. */
    RUNNING,
    /** The agent has ended; computing changes and writing the report. */
    COLLECTING,
    /** The report is written. */
    FINISHED
}
