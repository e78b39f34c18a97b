package io.ambient.tracking;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofHours(1));

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        assertThat(policy.delay(1, 0.0, null)).isEqualTo(Duration.ofMillis(2500));
        assertThat(policy.delay(1, 0.999999, null)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
        assertThat(policy.delay(3, 0.0, null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delay(1000, 0.5, null)).isBetween(Duration.ofMinutes(7), Duration.ofMinutes(15));
        assertThat(policy.delay(Integer.MAX_VALUE, 0.99, null)).isLessThanOrEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void retryAfterIsHonouredWithinItsCap() {
        assertThat(policy.delay(1, 0.5, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(policy.delay(1, 0.5, Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
        assertThat(policy.delay(1, 0.5, Duration.ofSeconds(-3))).isEqualTo(Duration.ZERO);
    }
}
