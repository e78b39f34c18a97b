package io.ambient.agent;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a run consumed, where the agent reports it; {@code null} fields are unknown.
 *
 * @param inputTokens  input tokens
 * @param outputTokens output tokens
 * @param costUsd      cost in US dollars as reported by the agent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(Long inputTokens, Long outputTokens, Double costUsd) {
    public static final Usage UNKNOWN = new Usage(null, null, null);
}
