package io.ambient.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Puts a cost on a run's usage: the figure the CLI reported, else its tokens at the profile's price, else at the
 * built-in price of the models it used. The built-in prices are the vendors' list prices for standard (not batch)
 * requests of the models the agents' CLIs use; {@code docs/agents.md} says where each comes from and when it was
 * read. A model named with a date suffix ({@code claude-sonnet-4-5-20250929}, {@code gpt-5-codex-2025-09-15}) or a
 * context mark ({@code claude-opus-4-8[1m]}: these models cost the same at any context length) has the price of its
 * base name; any other model has none built in.
 */
public final class Prices {
    private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{8}|\\d{4}-\\d{2}-\\d{2})");
    /** Claude Code's mark of a model's long-context variant, e.g. {@code claude-opus-4-8[1m]}. */
    private static final Pattern CONTEXT_SUFFIX = Pattern.compile("\\[[0-9a-z]+]$");

    private static final Price OPUS_4_5 = new Price(5.0, 0.50, 6.25, 25.0);
    private static final Price SONNET_4 = new Price(3.0, 0.30, 3.75, 15.0);
    private static final Price HAIKU_4_5 = new Price(1.0, 0.10, 1.25, 5.0);
    /** Anthropic, platform.claude.com/docs/en/about-claude/pricing; cache writes at the 5-minute rate. */
    private static final Map<String, Price> BUILT_IN = Map.ofEntries(
            Map.entry("claude-opus-5", OPUS_4_5),
            Map.entry("claude-opus-4-8", OPUS_4_5),
            Map.entry("claude-opus-4-7", OPUS_4_5),
            Map.entry("claude-opus-4-6", OPUS_4_5),
            Map.entry("claude-opus-4-5", OPUS_4_5),
            Map.entry("claude-sonnet-4-6", SONNET_4),
            Map.entry("claude-sonnet-4-5", SONNET_4),
            Map.entry("claude-sonnet-4", SONNET_4),
            Map.entry("claude-haiku-4-5", HAIKU_4_5),
            // OpenAI, developers.openai.com/api/docs/models/gpt-5-codex; OpenAI bills no cache writes.
            Map.entry("gpt-5-codex", new Price(1.25, 0.125, 0.0, 10.0)),
            // Google, Gemini Developer API paid tier, prompts up to 200k tokens; no cached-input price found.
            Map.entry("gemini-2.5-pro", new Price(1.25, null, null, 10.0)),
            Map.entry("gemini-2.5-flash", new Price(0.30, null, null, 2.50)));

    private Prices() {
    }

    /** The built-in price of {@code model}, or {@code null} when none is built in. */
    public static Price builtIn(String model) {
        if (model == null) {
            return null;
        }
        model = CONTEXT_SUFFIX.matcher(model).replaceFirst("");
        Price price = BUILT_IN.get(model);
        if (price != null) {
            return price;
        }
        for (Map.Entry<String, Price> entry : BUILT_IN.entrySet()) {
            String key = entry.getKey();
            if (model.startsWith(key) && DATE_SUFFIX.matcher(model.substring(key.length())).matches()) {
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * {@code usage} with its cost: the reported one when there is one, else estimated from its tokens at
     * {@code price}, else at the built-in prices of its models. A usage of several models (Claude Code's sub-agents)
     * is priced at the dearest of them, so a budget stops early rather than late. Unchanged when no price is known.
     *
     * @param price the profile's price, or {@code null}
     */
    public static Usage priced(Usage usage, Price price) {
        if (usage.costUsd() != null || !usage.hasTokens()) {
            return usage;
        }
        if (price != null) {
            return usage.withCost(price.costOf(usage), Usage.CostSource.ESTIMATED);
        }
        List<Price> prices = usage.models().stream().map(Prices::builtIn).toList();
        if (prices.isEmpty() || prices.contains(null)) {
            return usage;
        }
        return usage.withCost(prices.stream().map(known -> known.costOf(usage)).filter(Objects::nonNull)
                .max(Double::compare).orElse(null), Usage.CostSource.ESTIMATED);
    }
}
