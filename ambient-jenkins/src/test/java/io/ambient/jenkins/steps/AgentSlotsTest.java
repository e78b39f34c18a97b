package io.ambient.jenkins.steps;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller's limit on agent runs at once. */
class AgentSlotsTest {
    private final AgentSlots slots = new AgentSlots();

    @Test
    void shouldRefuseARunOverTheLimitUntilASlotIsFreed() {
        assertThat(slots.tryAcquire(1, 2)).isTrue();
        assertThat(slots.tryAcquire(1, 2)).isTrue();

        assertThat(slots.tryAcquire(1, 2)).isFalse();
        slots.release(1);
        assertThat(slots.tryAcquire(1, 2)).isTrue();
    }

    @Test
    void shouldLetAFanOutWiderThanTheLimitRunAlone() {
        assertThat(slots.tryAcquire(8, 4)).isTrue();

        assertThat(slots.tryAcquire(1, 4)).isFalse();
    }

    @Test
    void shouldNotLimitWithoutALimit() {
        assertThat(slots.tryAcquire(100, 0)).isTrue();
        assertThat(slots.tryAcquire(1, 0)).isTrue();
    }

    @Test
    void shouldCountRunsThatResumedAfterARestart() {
        slots.reclaim(2);

        assertThat(slots.running()).isEqualTo(2);
        assertThat(slots.tryAcquire(1, 2)).isFalse();
    }
}
