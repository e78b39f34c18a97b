package io.ambient.jenkins.steps;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller's limit on agent runs at once. */
class AgentSlotsTest {

    @AfterEach
    void freeAll() {
        AgentSlots.release(AgentSlots.running());
    }

    @Test
    void shouldRefuseARunOverTheLimitUntilASlotIsFreed() {
        assertThat(AgentSlots.tryAcquire(1, 2)).isTrue();
        assertThat(AgentSlots.tryAcquire(1, 2)).isTrue();

        assertThat(AgentSlots.tryAcquire(1, 2)).isFalse();
        AgentSlots.release(1);
        assertThat(AgentSlots.tryAcquire(1, 2)).isTrue();
    }

    @Test
    void shouldLetAFanOutWiderThanTheLimitRunAlone() {
        assertThat(AgentSlots.tryAcquire(8, 4)).isTrue();

        assertThat(AgentSlots.tryAcquire(1, 4)).isFalse();
    }

    @Test
    void shouldNotLimitWithoutALimit() {
        assertThat(AgentSlots.tryAcquire(100, 0)).isTrue();
        assertThat(AgentSlots.tryAcquire(1, 0)).isTrue();
    }

    @Test
    void shouldCountRunsThatResumedAfterARestart() {
        AgentSlots.reclaim(2);

        assertThat(AgentSlots.running()).isEqualTo(2);
        assertThat(AgentSlots.tryAcquire(1, 2)).isFalse();
    }
}
