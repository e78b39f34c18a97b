package io.ambient.agent;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * One thing the agent did, normalised across CLIs.
 *
 * @param seq  0-based position in the run's event stream
 * @param time when it was seen
 * @param type what kind of event
 * @param text human-readable text (message, tool name and input, output line, error)
 * @param data small structured details (e.g. {@code tool}, {@code stream}, {@code path}); never secrets
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AgentEvent(long seq, Instant time, Type type, String text, Map<String, String> data) {
    public AgentEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** Kinds of event. */
    public enum Type {
        /** Text the agent addressed to the user. */
        MESSAGE,
        /** The agent called a tool. */
        TOOL_CALL,
        /** A tool's result. */
        TOOL_RESULT,
        /** The agent changed a file. */
        FILE_CHANGE,
        /** Token or cost accounting. */
        USAGE,
        /** Something went wrong. */
        ERROR,
        /** A line of plain output (agents without structured output). */
        OUTPUT,
        /** A structured line this adapter does not know; kept as it came. */
        RAW
    }
}
