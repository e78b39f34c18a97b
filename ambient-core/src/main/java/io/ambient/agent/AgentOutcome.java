package io.ambient.agent;

/**
 * What the agent reported about its run, parsed from its output.
 *
 * @param finalMessage the agent's last word to the user, or the tail of its output
 * @param turns        model turns, or 0 when unknown
 * @param usage        tokens and cost where known
 * @param error        the agent itself reported an error (even if its process exited 0)
 * @param stopReason   why it stopped, in the agent's words, or {@code null}
 * @param sessionId    the CLI's session/thread id, for resuming it, or {@code null}
 */
public record AgentOutcome(String finalMessage, int turns, Usage usage, boolean error, String stopReason,
                           String sessionId) {
}
