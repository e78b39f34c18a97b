package io.ambient.agent;

import io.ambient.exec.ExecResult;
import io.ambient.exec.OutputLine;

/**
 * Turns one run's output, line by line while it runs, into {@link AgentEvent}s and a final {@link AgentOutcome}.
 * Stateful, one per run; memory stays bounded however long the output is. Junk lines never throw.
 */
public interface OutputParser {

    /** Handles one line; events found go to the sink given when the parser was created. */
    void accept(OutputLine line);

    /** Called once when the process has ended. */
    AgentOutcome finish(ExecResult result);
}
