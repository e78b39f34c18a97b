package io.ambient.agent;

import io.ambient.exec.ExecResult;
import io.ambient.exec.OutputLine;

/**
 * Turns one run's output, line by line while it runs, into {@link AgentEvent}s and a final {@link AgentOutcome}.
 * Stateful, one per run; memory stays bounded however long the output is. Junk lines never throw: a line it cannot
 * read becomes a {@link AgentEvent.Type#RAW} event.
 */
public interface OutputParser {

    /** Handles one line; events found go to the sink given when the parser was created. */
    void accept(OutputLine line);

    /** Model turns seen so far; the runner stops a run that goes past its turn limit. */
    default int turnsSoFar() {
        return 0;
    }

    /**
     * Tokens (and cost, where the CLI reports it) seen so far, cumulative for the run; the runner prices them and stops
     * a run over its budget. Returns the same instance until something changes.
     */
    default Usage usageSoFar() {
        return Usage.UNKNOWN;
    }

    /**
     * Failed attempts in a row to connect to the model, as the CLI's own retry events show them, while the model has
     * not answered once; 0 once it has. The runner stops a run whose model cannot be reached.
     */
    default int connectionFailures() {
        return 0;
    }

    /** Called once when the process has ended. */
    AgentOutcome finish(ExecResult result);
}
