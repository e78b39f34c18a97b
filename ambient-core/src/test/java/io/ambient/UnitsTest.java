package io.ambient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitsTest {

    @Test
    void durationsCombineUnitsAndBareNumbersAreSeconds() {
        assertThat(Units.parseDuration("10m", "--timeout")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Units.parseDuration("1h30m", "--timeout")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Units.parseDuration("90", "--timeout")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Units.parseDuration("250ms", "--timeout")).isEqualTo(Duration.ofMillis(250));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten minutes", "0s", "-5m", "10x", "m10"})
    void invalidDurationsNameTheSettingAndTheFix(String text) {
        assertThatThrownBy(() -> Units.parseDuration(text, "--timeout"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--timeout")
                .hasMessageContaining("such as 30s, 10m");
    }

    @Test
    void sizesUseBinaryUnits() {
        assertThat(Units.parseBytes("512m", "--memory")).isEqualTo(512L << 20);
        assertThat(Units.parseBytes("4GiB", "--memory")).isEqualTo(4L << 30);
        assertThat(Units.parseBytes("1024", "--memory")).isEqualTo(1024L);
        assertThatThrownBy(() -> Units.parseBytes("lots", "--memory"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("such as 512m or 4g");
    }

    @Test
    void describesShortAndLongDurationsForPeople() {
        assertThat(Units.describe(Duration.ofMillis(1234))).isEqualTo("1.2 s");
        assertThat(Units.describe(Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
    }

    @Test
    void aRunOfAFewMillisecondsIsNotDescribedAsNoTimeAtAll() {
        assertThat(Units.describe(Duration.ofMillis(39))).isEqualTo("39 ms");
        assertThat(Units.describe(Duration.ZERO)).isEqualTo("0 ms");
    }
}
