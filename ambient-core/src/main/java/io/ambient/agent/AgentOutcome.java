package io.ambient.agent;

import java.util.List;

/**
 * What the agent reported about its run, parsed from its output.
 *
 * @param finalMessage      the agent's last word to the user, or the tail of its output
 * @param turns             model turns seen in the output, 0 when there were none
 * @param usage             tokens and cost where known
 * @param error             the agent itself reported an error (even if its process exited 0)
 * @param stopReason        why it stopped, in the agent's words, or {@code null}
 * @param sessionId         the CLI's session/thread id, for resuming it, or {@code null}
 * @param limitReached      a limit the CLI itself enforced and stopped at, or {@code null}
 * @param permissionDenials tool calls the agent was not allowed to make, as {@code tool: input}
 * @param warnings          signs that a run reported as successful may not be: an API error status with a success
 *                          subtype, failed tool calls... Each makes a successful run suspect
 */
public record AgentOutcome(String finalMessage, int turns, Usage usage, boolean error, String stopReason,
                           String sessionId, Limit limitReached, List<String> permissionDenials, List<String> warnings) {
    public AgentOutcome {
        usage = usage == null ? Usage.UNKNOWN : usage;
        permissionDenials = List.copyOf(permissionDenials);
        warnings = List.copyOf(warnings);
    }

    /** An outcome with nothing but a final message and a stop reason, for agents without structured output. */
    public static AgentOutcome plain(String finalMessage, String stopReason) {
        return new AgentOutcome(finalMessage, 0, Usage.UNKNOWN, false, stopReason, null, null, List.of(), List.of());
    }

    /** Limits that stop a run. */
    public enum Limit {
        /** The turn limit. */
        MAX_TURNS,
        /** The cost budget. */
        BUDGET
    }
}
