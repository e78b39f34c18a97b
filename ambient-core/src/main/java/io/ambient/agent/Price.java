package io.ambient.agent;

import io.ambient.InvalidInputException;

import java.io.Serializable;

/**
 * What a model's tokens cost, in US dollars per million tokens, as a profile's {@code price} gives it or as built in
 * ({@link Prices}). Prices for cache reads and writes default to the input price, which over-estimates: a budget then
 * stops a run early, never late.
 *
 * @param input       uncached input tokens
 * @param cachedInput input tokens read from the prompt cache, or {@code null} for the input price
 * @param cacheWrite  input tokens written to the prompt cache, or {@code null} for the input price
 * @param output      output tokens
 */
public record Price(Double input, Double cachedInput, Double cacheWrite, Double output) implements Serializable {

    /**
     * This price, checked: input and output given, none negative.
     *
     * @param where what the price belongs to, for the message (e.g. {@code profile codex-fast in team.yaml})
     * @throws InvalidInputException naming the fix
     */
    public Price validated(String where) {
        if (input == null || output == null) {
            throw new InvalidInputException(where + ": price needs input and output (US dollars per million tokens), "
                    + "e.g. price: {input: 1.25, cachedInput: 0.125, output: 10}");
        }
        for (Double value : new Double[] {input, cachedInput, cacheWrite, output}) {
            if (value != null && !(value >= 0)) {
                throw new InvalidInputException(where + ": price " + value + " is not a positive amount: give US "
                        + "dollars per million tokens");
            }
        }
        return this;
    }

    /** What {@code usage}'s tokens cost at this price, or {@code null} when it reports no tokens. */
    public Double costOf(Usage usage) {
        if (!usage.hasTokens()) {
            return null;
        }
        return (tokens(usage.inputTokens()) * input
                + tokens(usage.cacheReadTokens()) * (cachedInput == null ? input : cachedInput)
                + tokens(usage.cacheWriteTokens()) * (cacheWrite == null ? input : cacheWrite)
                + tokens(usage.outputTokens()) * output) / 1_000_000;
    }

    private static double tokens(Long count) {
        return count == null ? 0 : count;
    }
}
