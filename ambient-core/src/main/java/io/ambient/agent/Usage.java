package io.ambient.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run consumed, where the agent reports it; {@code null} fields are unknown. The four token counts do not
 * overlap: {@code inputTokens} are the input tokens read neither from nor into the prompt cache, so the tokens the
 * model read are the sum of the first three.
 *
 * @param inputTokens      input tokens not read from the cache nor written to it
 * @param cacheReadTokens  input tokens read from the prompt cache (cache hits)
 * @param cacheWriteTokens input tokens written to the prompt cache
 * @param outputTokens     output tokens, reasoning included
 * @param costUsd          cost in US dollars
 * @param costSource       where {@code costUsd} comes from; {@code null} when the cost is unknown
 * @param models           the models the agent used, as it names them (at most {@link #MAX_MODELS}); empty when it
 *                         did not say
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Usage(Long inputTokens, Long cacheReadTokens, Long cacheWriteTokens, Long outputTokens, Double costUsd,
                    CostSource costSource, List<String> models) {
    /** Most models kept: the names come from the agent's output. */
    public static final int MAX_MODELS = 20;
    public static final Usage UNKNOWN = new Usage(null, null, null, null, null, null, List.of());

    public Usage {
        models = models == null ? List.of() : List.copyOf(models.subList(0, Math.min(models.size(), MAX_MODELS)));
    }

    /** Tokens without a cache split, with the cost the agent reported (or {@code null}), for no named model. */
    public Usage(Long inputTokens, Long outputTokens, Double costUsd) {
        this(inputTokens, null, null, outputTokens, costUsd, costUsd == null ? null : CostSource.REPORTED, List.of());
    }

    /** All tokens, read and written, or {@code null} when none is known. */
    public Long totalTokens() {
        return sum(inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens);
    }

    /** Whether any token count is known. */
    @JsonIgnore
    public boolean hasTokens() {
        return totalTokens() != null;
    }

    /** This usage with {@code cost} from {@code source}. */
    public Usage withCost(Double cost, CostSource source) {
        return new Usage(inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens, cost, cost == null ? null : source,
                models);
    }

    /** This usage naming {@code used} as its models. */
    public Usage withModels(List<String> used) {
        return new Usage(inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens, costUsd, costSource, used);
    }

    /** E.g. {@code 240 tokens in, 9100 cache read, 84 out, $0.0020 (estimated)}; the parts not known are left out. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (inputTokens != null) {
            parts.add(inputTokens + " tokens in");
        }
        if (cacheReadTokens != null && cacheReadTokens > 0) {
            parts.add(cacheReadTokens + " cache read");
        }
        if (cacheWriteTokens != null && cacheWriteTokens > 0) {
            parts.add(cacheWriteTokens + " cache write");
        }
        if (outputTokens != null) {
            parts.add(outputTokens + (parts.isEmpty() ? " tokens out" : " out"));
        }
        if (costUsd != null) {
            parts.add(String.format(Locale.ROOT, "$%.4f", costUsd)
                    + (costSource == CostSource.ESTIMATED ? " (estimated)" : ""));
        }
        return parts.isEmpty() ? "usage unknown" : String.join(", ", parts);
    }

    /** The sum of the known values, or {@code null} when none is known. */
    public static Long sum(Long... values) {
        Long total = null;
        for (Long value : values) {
            if (value != null) {
                total = total == null ? value : total + value;
            }
        }
        return total;
    }

    /**
     * The input tokens that were not cache reads, for CLIs whose input count includes them (Codex, Gemini):
     * {@code input - cached}, {@code input} when {@code cached} is unknown, {@code null} when {@code input} is.
     */
    public static Long uncached(Long input, Long cached) {
        return input == null || cached == null ? input : Long.valueOf(Math.max(0, input - cached));
    }

    /** Where a run's cost comes from; in JSON the lower-case name. */
    public enum CostSource {
        /** The agent CLI reported it (Claude Code's {@code total_cost_usd}). */
        REPORTED,
        /** Computed from the tokens the agent reported and the price of its model. */
        ESTIMATED
    }
}
