package io.ambient.run;

import io.ambient.agent.Price;
import io.ambient.agent.Prices;
import io.ambient.agent.Usage;

import java.util.List;

/**
 * A run's cost as its output goes: the usage the parser saw, naming the model asked for when the stream names none
 * (Codex), priced by {@link Prices}. Checked after every line, so it prices a usage only when it changed.
 */
final class CostMeter {
    private final Price price;
    private final List<String> requestedModel;
    private Usage seen;
    private Usage priced = Usage.UNKNOWN;

    /**
     * @param price the run's price, or {@code null} for the built-in one
     * @param model the model asked for, or {@code null}
     */
    CostMeter(Price price, String model) {
        this.price = price;
        this.requestedModel = model == null ? List.of() : List.of(model);
    }

    /** {@code usage} named and priced. */
    Usage priced(Usage usage) {
        if (usage != seen) {
            seen = usage;
            priced = Prices.priced(usage.models().isEmpty() && usage.hasTokens() ? usage.withModels(requestedModel)
                    : usage, price);
        }
        return priced;
    }
}
