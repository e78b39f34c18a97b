package io.ambient.context;

import io.ambient.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplateTest {

    @Test
    void placeholdersAreReplacedByTheirValues() {
        assertThat(PromptTemplate.expand("t", "Remove dead code in ${SHARD_PATHS} (${SHARD_NAME})",
                Map.of("SHARD_PATHS", "api/ web/", "SHARD_NAME", "front")))
                .isEqualTo("Remove dead code in api/ web/ (front)");
    }

    @Test
    void valuesAreInsertedLiterallyEvenWithDollarSignsAndBackslashes() {
        assertThat(PromptTemplate.expand("t", "Say ${X}", Map.of("X", "$1 \\n ${Y}"))).isEqualTo("Say $1 \\n ${Y}");
    }

    @Test
    void aDoubledDollarWritesAPlaceholderLiterally() {
        assertThat(PromptTemplate.expand("t", "Use $${HOME} here", Map.of())).isEqualTo("Use ${HOME} here");
    }

    @Test
    void everyMissingVariableIsNamedInOneError() {
        assertThatThrownBy(() -> PromptTemplate.expand("fix-test", "${B} and ${A} and ${B}", Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("template fix-test needs A, B: pass --var A=... --var B=... (in Jenkins, set them in the build's "
                        + "environment)");
    }

    @Test
    void aBuildsEnvironmentGivesItsVariablesAndTheBranch() {
        Map<String, String> vars = PromptTemplate.buildVariables(Map.of("CHANGE_ID", "12", "BUILD_URL", "https://ci/1/",
                "BRANCH_NAME", "PR-12", "GIT_BRANCH", "origin/feature", "HOME", "/root"));

        assertThat(vars).containsOnly(Map.entry("CHANGE_ID", "12"), Map.entry("BUILD_URL", "https://ci/1/"),
                Map.entry("BRANCH", "PR-12"));
        assertThat(PromptTemplate.buildVariables(Map.of("GIT_BRANCH", "origin/main"))).containsEntry("BRANCH", "origin/main");
    }
}
