package io.ambient.run;

import io.ambient.agent.AgentEvent;
import io.ambient.exec.OutputLine;

/**
 * What a caller sees of a run while it goes: state changes, the agent's output lines and its normalised events.
 * Plain callbacks, no framework types, so a Jenkins step or a command line can render them as it likes. Called from
 * the thread following the run.
 */
public interface RunListener {

    /** The run moved to {@code state}; {@code detail} is a short human-readable note, or {@code null}. */
    default void onState(RunState state, String detail) {
    }

    /** A line of the agent's output, not delivered to this caller before. */
    default void onLine(OutputLine line) {
    }

    /** The agent's turn count or reported cumulative cost (null while unknown) changed. */
    default void onProgress(int turns, Double costUsd) {
    }

    /** An event parsed from the output, once: a follow that resumes after a cursor does not repeat earlier ones. */
    default void onEvent(AgentEvent event) {
    }

    /** A listener that ignores everything. */
    static RunListener none() {
        return new RunListener() {
        };
    }
}
