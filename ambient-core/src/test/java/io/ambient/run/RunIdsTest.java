package io.ambient.run;

import io.ambient.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunIdsTest {

    @Test
    void newIdsAreUniqueAndValidContainerNames() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(RunIds.requireValid(RunIds.newId()));
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void idsThatCannotNameAContainerOrFileAreRejected() {
        assertThatThrownBy(() -> RunIds.requireValid("../etc/passwd"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> RunIds.requireValid("-leading-dash")).isInstanceOf(InvalidInputException.class);
    }
}
