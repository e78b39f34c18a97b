package io.ambient.agent;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** Input plus output tokens, or {@code null} when neither is known. */
    public Long totalTokens() {
        return inputTokens == null && outputTokens == null ? null
                : (inputTokens == null ? 0 : inputTokens) + (outputTokens == null ? 0 : outputTokens);
    }

    /** E.g. {@code 240 tokens in, 84 out, $0.0020}; the parts not known are left out. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (inputTokens != null) {
            parts.add(inputTokens + " tokens in");
        }
        if (outputTokens != null) {
            parts.add(outputTokens + (inputTokens != null ? " out" : " tokens out"));
        }
        if (costUsd != null) {
            parts.add(String.format(Locale.ROOT, "$%.4f", costUsd));
        }
        return parts.isEmpty() ? "usage unknown" : String.join(", ", parts);
    }
}
