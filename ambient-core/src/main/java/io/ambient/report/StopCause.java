package io.ambient.report;

/** The limit that stopped a run; in JSON the lower-case name. */
public enum StopCause {
    /** The wall-clock timeout. */
    TIMEOUT,
    /** The turn limit, enforced by the CLI or by counting turns in its output. */
    MAX_TURNS,
    /** The cost budget. */
    BUDGET,
    /**
     * The model endpoint could not be reached: the agent's attempts to connect kept failing and the model never
     * answered (see {@code io.ambient.run.UnreachableLimit}).
     */
    UNREACHABLE
}
