package io.ambient.agent;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PricesTest {

    @Test
    void cacheReadsArePricedApartFromInput() {
        // 4,400 input + 9,100 cache read + 300 out on Sonnet 4.5: $3 / $0.30 / $15 per million.
        Usage usage = new Usage(4_400L, 9_100L, 0L, 300L, null, null, List.of("claude-sonnet-4-5"));

        Usage priced = Prices.priced(usage, null);

        assertThat(priced.costUsd()).isCloseTo((4_400 * 3 + 9_100 * 0.30 + 300 * 15) / 1e6, within(1e-12));
        assertThat(priced.costSource()).isEqualTo(Usage.CostSource.ESTIMATED);
        assertThat(priced.totalTokens()).isEqualTo(13_800L);
    }

    @Test
    void aReportedCostIsKeptAsReported() {
        Usage usage = new Usage(240L, 0L, 0L, 84L, 0.00198, Usage.CostSource.REPORTED, List.of("claude-sonnet-4-5"));

        assertThat(Prices.priced(usage, new Price(100.0, null, null, 100.0))).isSameAs(usage);
    }

    @Test
    void aDatedModelHasThePriceOfItsBaseNameAndAnUnknownModelNone() {
        assertThat(Prices.builtIn("claude-sonnet-4-5-20250929")).isEqualTo(Prices.builtIn("claude-sonnet-4-5"));
        assertThat(Prices.builtIn("gpt-5-codex-2025-09-15")).isEqualTo(Prices.builtIn("gpt-5-codex"));
        assertThat(Prices.builtIn("claude-opus-4-8[1m]")).isEqualTo(Prices.builtIn("claude-opus-4-5"));
        assertThat(Prices.builtIn("claude-sonnet-4-7")).isNull();
        assertThat(Prices.builtIn("gpt-5.5")).isNull();
        assertThat(Prices.priced(new Usage(10L, 0L, 0L, 10L, null, null, List.of("gpt-5.5")), null).costUsd()).isNull();
    }

    @Test
    void tokensOfSeveralModelsArePricedAtTheDearest() {
        Usage usage = new Usage(1_000_000L, 0L, 0L, 0L, null, null, List.of("claude-haiku-4-5", "claude-opus-4-5"));

        assertThat(Prices.priced(usage, null).costUsd()).isEqualTo(5.0);
    }

    @Test
    void missingCachePricesFallBackToTheInputPrice() {
        Usage usage = new Usage(0L, 1_000_000L, 1_000_000L, 0L, null, null, List.of());

        assertThat(new Price(2.0, null, null, 8.0).costOf(usage)).isEqualTo(4.0);
    }
}
