package io.ambient.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ambient.agent.AgentProfiles;
import io.ambient.testing.DocSchemas;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples in {@code docs/examples/} load as documented and match the published schemas. */
class DocumentedExamplesTest {
    private static final java.nio.file.Path EXAMPLES = DocSchemas.DOCS.resolve("examples");

    @Test
    void theDirectoryPackExampleLoadsWithEveryPart() {
        ContextPack pack = ContextPacks.load(EXAMPLES.resolve("context-packs/team-rules"));

        assertThat(pack.rules()).contains("Keep changes small");
        assertThat(pack.mcpServers()).extracting(McpServer::name).containsExactly("jira", "docs");
        assertThat(pack.templates()).containsKey("fix-test");
        assertThat(pack.files()).containsKey("checklists/review.md");
        assertThat(DocSchemas.problems("context-pack.schema.json",
                DocSchemas.yaml("examples/context-packs/team-rules/mcp.yaml"))).isEmpty();
    }

    @Test
    void theSingleFilePackExampleLoadsAndMatchesTheSchema() {
        ContextPack pack = ContextPacks.load(EXAMPLES.resolve("context-packs/dead-code.yaml"));

        assertThat(pack.name()).isEqualTo("dead-code");
        assertThat(ContextPacks.merge(List.of(pack)).prompt("cleanup", Map.of("SHARD_PATHS", "api/")))
                .startsWith("Remove dead code in api/.");
        assertThat(DocSchemas.problems("context-pack.schema.json",
                DocSchemas.yaml("examples/context-packs/dead-code.yaml"))).isEmpty();
    }

    @Test
    void theProfilesExampleLoadsAndMatchesTheSchema() {
        AgentProfiles profiles = AgentProfiles.load(EXAMPLES.resolve("profiles.yaml"));

        assertThat(profiles.all()).containsKeys("claude-sonnet", "claude-review", "codex-fast");
        assertThat(DocSchemas.problems("profiles.schema.json", DocSchemas.yaml("examples/profiles.yaml"))).isEmpty();
    }

    @Test
    void aMisspelledProfileSettingFailsTheSchemaAsItFailsTheLoader() {
        ObjectNode profiles = (ObjectNode) DocSchemas.yaml("examples/profiles.yaml");
        profiles.withObject("/profiles/codex-fast").put("modle", "o3");

        assertThat(DocSchemas.problems("profiles.schema.json", profiles)).singleElement().asString().contains("modle");
    }

    @Test
    void theJenkinsConfigurationAsCodeExamplesProfilesAndPacksLoadInTheEngine() {
        JsonNode ambient = DocSchemas.yaml("examples/jenkins-casc.yaml").path("unclassified").path("ambient");

        AgentProfiles profiles = AgentProfiles.parse(casc(ambient.path("profilesYaml").asText()), "the example");
        JsonNode inline = ambient.path("contextPacks").get(0);
        ContextPack pack = ContextPacks.parse(casc(inline.path("yaml").asText()), inline.path("name").asText());

        assertThat(profiles.named("claude-sonnet").agent()).isEqualTo("claude-code");
        assertThat(profiles.named("codex-fast").model()).isEqualTo("gpt-5-codex");
        assertThat(ContextPacks.merge(List.of(pack)).prompt("fix-test", Map.of("SHARD_PATHS", "api/")))
                .isEqualTo("Fix the failing test in api/");
    }

    /** What Configuration as Code hands the plugin: {@code ^${X}} is its escape for a literal {@code ${X}}. */
    private static String casc(String text) {
        return text.replace("^${", "${");
    }
}
