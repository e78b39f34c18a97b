package io.ambient.agent;

import io.ambient.InvalidInputException;
import io.ambient.run.RunRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentProfilesTest {
    @TempDir
    Path tmp;

    @Test
    void everyAgentHasABuiltInProfileNamingItsCredentials() {
        AgentProfile claude = AgentProfiles.builtIn().named("claude-code");

        assertThat(claude.agent()).isEqualTo("claude-code");
        assertThat(claude.image()).isEqualTo(AgentProfiles.DEFAULT_IMAGE);
        assertThat(claude.credentials()).contains("ANTHROPIC_API_KEY");
        assertThat(AgentProfiles.builtIn().all()).containsKeys("command", "claude-code", "codex");
    }

    @Test
    void aTeamDefinesProfilesOnceInYaml() throws Exception {
        Path file = Files.writeString(tmp.resolve("profiles.yaml"), """
                profiles:
                  claude-sonnet:
                    agent: claude-code
                    model: sonnet
                    image: registry.example.com/agents:2
                    args: [--allowedTools, "Bash(mvn *)"]
                    env: {MAVEN_OPTS: -Xmx1g}
                    credentials: [ANTHROPIC_API_KEY]
                    timeout: 30m
                    maxTurns: 40
                    budgetUsd: 5
                    memory: 2g
                """);

        AgentProfile profile = AgentProfiles.load(file).named("claude-sonnet");
        RunRequest request = RunRequest.builder().profile(profile).prompt("Fix it").build();

        assertThat(request.agent()).isEqualTo("claude-code");
        assertThat(request.image()).isEqualTo("registry.example.com/agents:2");
        assertThat(request.task().model()).isEqualTo("sonnet");
        assertThat(request.task().args()).containsExactly("--allowedTools", "Bash(mvn *)");
        assertThat(request.task().env()).containsEntry("MAVEN_OPTS", "-Xmx1g");
        assertThat(request.task().maxTurns()).isEqualTo(40);
        assertThat(request.task().budgetUsd()).isEqualTo(5.0);
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(request.limits().memoryBytes()).isEqualTo(2L << 30);
    }

    @Test
    void aProfileWithoutAnAgentIsRejectedWithTheFix() throws Exception {
        Path file = Files.writeString(tmp.resolve("p.yaml"), "profiles:\n  fast:\n    model: haiku\n");

        assertThatThrownBy(() -> AgentProfiles.load(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("profile fast").hasMessageContaining("agent: claude-code");
    }

    @Test
    void aMisspelledSettingIsRejectedNotIgnored() throws Exception {
        Path file = Files.writeString(tmp.resolve("p.yaml"), "profiles:\n  fast:\n    agent: codex\n    modle: o3\n");

        assertThatThrownBy(() -> AgentProfiles.load(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("profile fast").hasMessageContaining("modle");
    }

    @Test
    void aBudgetForAnAgentThatReportsNeitherTokensNorCostIsRejected() throws Exception {
        Path file = Files.writeString(tmp.resolve("p.yaml"), "profiles:\n  cheap:\n    agent: warp\n    budgetUsd: 1\n");

        assertThatThrownBy(() -> AgentProfiles.load(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reports neither tokens nor cost");
    }

    @Test
    void aCodexProfileTakesABudgetAndThePriceItIsEstimatedAt() throws Exception {
        Path file = Files.writeString(tmp.resolve("p.yaml"), """
                profiles:
                  codex-fast:
                    agent: codex
                    model: gpt-5.5
                    budgetUsd: 2
                    price: {input: 5, cachedInput: 0.5, output: 30}
                """);

        RunRequest request = RunRequest.builder().profile(AgentProfiles.load(file).named("codex-fast")).build();

        assertThat(request.task().budgetUsd()).isEqualTo(2.0);
        assertThat(request.price()).isEqualTo(new Price(5.0, 0.5, null, 30.0));
    }

    @Test
    void aPriceWithoutItsOutputPriceIsRejectedNamingTheFix() throws Exception {
        Path file = Files.writeString(tmp.resolve("p.yaml"),
                "profiles:\n  codex-fast:\n    agent: codex\n    price: {input: 5}\n");

        assertThatThrownBy(() -> AgentProfiles.load(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("profile codex-fast").hasMessageContaining("price needs input and output");
    }

    @Test
    void anUnknownProfileListsTheKnownOnes() {
        assertThatThrownBy(() -> AgentProfiles.builtIn().named("clod"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("claude-code").hasMessageContaining("--profiles");
    }

    @Test
    void profilesKeptAsTextParseLikeAFileAndErrorsNameTheirOrigin() {
        AgentProfiles profiles = AgentProfiles.parse("""
                profiles:
                  reviewer:
                    agent: claude-code
                    model: claude-sonnet-4-5
                """, "the global configuration");

        assertThat(profiles.named("reviewer").model()).isEqualTo("claude-sonnet-4-5");
        assertThat(profiles.named("codex").agent()).isEqualTo("codex");
        assertThatThrownBy(() -> AgentProfiles.parse("profiles:\n  broken:\n    image: x\n", "folder team-a"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("profile broken in folder team-a has no agent: add 'agent: claude-code' "
                        + "(or codex, gemini, warp, command)");
    }

    @Test
    void aProfileNamesTheModelEndpointItsRunsUse() {
        AgentProfile profile = AgentProfiles.parse("""
                profiles:
                  claude-gateway: {agent: claude-code, endpoint: "https://litellm.example.com"}
                """, "test").named("claude-gateway");

        assertThat(RunRequest.builder().profile(profile).prompt("Fix it").build().task().endpoint())
                .isEqualTo("https://litellm.example.com");
    }

    @Test
    void aProfileEndpointThatIsNoHttpUrlIsRefusedWithoutItsCredentials() {
        assertThatThrownBy(() -> AgentProfiles.parse("""
                profiles:
                  bad: {agent: claude-code, endpoint: "ftp://bob:hunter22@gw.example.com"}
                """, "test")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("profile bad in test: endpoint 'ftp://****@gw.example.com'")
                .hasMessageContaining("http(s) URL with a host")
                .hasMessageNotContaining("hunter22");
    }
}
