package io.ambient.exec;

import io.ambient.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceLimitsTest {

    @Test
    void aCpuLimitThatIsNotPositiveIsBadInputNamingAnExample() {
        assertThatThrownBy(() -> ResourceLimits.defaults().withCpus(-2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("invalid CPU limit -2.0")
                .hasMessageContaining("such as 0.5");
        assertThatThrownBy(() -> ResourceLimits.defaults().withCpus(0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("invalid CPU limit 0.0");
    }

    @Test
    void aProcessLimitThatIsNotPositiveIsBadInput() {
        assertThatThrownBy(() -> ResourceLimits.defaults().withPids(-1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("invalid process limit -1");
        assertThatThrownBy(() -> ResourceLimits.defaults().withPids(0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("invalid process limit 0");
    }

    @Test
    void aMemoryLimitTooSmallForAContainerIsBadInput() {
        assertThatThrownBy(() -> ResourceLimits.defaults().withMemoryBytes(ResourceLimits.MIB))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 6 MiB");
    }
}
