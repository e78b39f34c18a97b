package io.ambient.context;

import io.ambient.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextPacksTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryPackHasRulesMcpServersTemplatesAndFiles() throws Exception {
        Path pack = Files.createDirectories(tmp.resolve("team-rules"));
        Files.writeString(pack.resolve("rules.md"), "Always run the tests.\n");
        Files.writeString(pack.resolve("mcp.yaml"), """
                mcpServers:
                  jira:
                    command: jira-mcp
                    args: [--stdio]
                    env: {JIRA_TOKEN: "${JIRA_TOKEN}"}
                  docs:
                    type: http
                    url: https://mcp.example/mcp
                """);
        Files.createDirectories(pack.resolve("templates"));
        Files.writeString(pack.resolve("templates/fix-test.md"), "Fix the failing test in ${SHARD_PATHS}");
        Files.createDirectories(pack.resolve("files/checklists"));
        Files.writeString(pack.resolve("files/checklists/review.md"), "- tests pass\n");

        ContextPack loaded = ContextPacks.load(pack);

        assertThat(loaded.name()).isEqualTo("team-rules");
        assertThat(loaded.rules()).isEqualTo("Always run the tests.\n");
        assertThat(loaded.mcpServers()).extracting(McpServer::name, McpServer::transport).containsExactly(
                org.assertj.core.groups.Tuple.tuple("jira", McpServer.Transport.STDIO),
                org.assertj.core.groups.Tuple.tuple("docs", McpServer.Transport.HTTP));
        assertThat(loaded.mcpServers().get(0).env()).containsEntry("JIRA_TOKEN", "${JIRA_TOKEN}");
        assertThat(loaded.templates()).containsEntry("fix-test", "Fix the failing test in ${SHARD_PATHS}");
        assertThat(loaded.files()).containsEntry("checklists/review.md", "- tests pass\n");
    }

    @Test
    void aYamlPackIsFoundByNameInThePacksDirectory() throws Exception {
        Files.writeString(tmp.resolve("java.yaml"), """
                rules: Use Java 17.
                templates:
                  cleanup: Remove dead code in ${SHARD_PATHS}
                """);

        List<ContextPack> packs = ContextPacks.resolve(List.of("java"), tmp);

        assertThat(packs).singleElement().satisfies(pack -> {
            assertThat(pack.name()).isEqualTo("java");
            assertThat(pack.rules()).isEqualTo("Use Java 17.");
        });
    }

    @Test
    void packsMergeInOrderLaterOnesWinningByName() {
        ContextPack team = new ContextPack("team", "Be careful.", List.of(stdio("jira", "old-jira")),
                Map.of("fix", "team fix"), Map.of("a.md", "team"));
        ContextPack project = new ContextPack("project", "Use Maven.", List.of(stdio("jira", "new-jira")),
                Map.of("fix", "project fix"), Map.of("b.md", "project"));

        MergedContext merged = ContextPacks.merge(List.of(team, project));

        assertThat(merged.context().packs()).containsExactly("team", "project");
        assertThat(merged.context().rules()).containsSubsequence("team", "Be careful.", "project", "Use Maven.");
        assertThat(merged.context().mcpServers()).singleElement().extracting(McpServer::command).isEqualTo("new-jira");
        assertThat(merged.templates()).containsEntry("fix", "project fix");
        assertThat(merged.context().files()).containsOnlyKeys("a.md", "b.md");
    }

    @Test
    void theHashChangesWithTheContentAndNothingElse() {
        ContextPack one = new ContextPack("one", "Rules A", List.of(), Map.of(), Map.of());
        String hash = ContextPacks.merge(List.of(one)).context().hash();

        assertThat(hash).startsWith("sha256:").hasSize(7 + 64);
        assertThat(ContextPacks.merge(List.of(new ContextPack("one", "Rules A", List.of(), Map.of(), Map.of())))
                .context().hash()).isEqualTo(hash);
        assertThat(ContextPacks.merge(List.of(new ContextPack("one", "Rules B", List.of(), Map.of(), Map.of())))
                .context().hash()).isNotEqualTo(hash);
    }

    @Test
    void noPacksIsNoContext() {
        MergedContext merged = ContextPacks.merge(List.of());

        assertThat(merged.context().isEmpty()).isTrue();
        assertThat(merged.context().hash()).isEmpty();
    }

    @Test
    void aMissingPackIsAnErrorThatSaysWhereItWasLookedFor() {
        assertThatThrownBy(() -> ContextPacks.resolve(List.of("nope"), tmp))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context pack 'nope' not found in " + tmp);
    }

    @Test
    void brokenYamlIsAnErrorNamingTheFile() throws Exception {
        Path broken = Files.writeString(tmp.resolve("broken.yaml"), "rules: [unclosed\n");

        assertThatThrownBy(() -> ContextPacks.load(broken))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("broken.yaml").hasMessageContaining("fix the YAML");
    }

    @Test
    void anMcpServerWithoutCommandOrUrlIsRejected() throws Exception {
        Path pack = Files.writeString(tmp.resolve("p.yaml"), "mcpServers:\n  empty: {args: [x]}\n");

        assertThatThrownBy(() -> ContextPacks.load(pack))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MCP server empty").hasMessageContaining("neither command nor url");
    }

    @Test
    void aFileThatWouldLeaveTheContextDirectoryIsRejected() throws Exception {
        Path pack = Files.writeString(tmp.resolve("p.yaml"), "files:\n  ../../etc/passwd: x\n");

        assertThatThrownBy(() -> ContextPacks.merge(List.of(ContextPacks.load(pack))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("../../etc/passwd");
    }

    private static McpServer stdio(String name, String command) {
        return new McpServer(name, null, command, List.of(), Map.of(), null, null);
    }

    @Test
    void aPackKeptAsTextParsesLikeAPackFile() {
        ContextPack pack = ContextPacks.parse("""
                rules: Always run the tests.
                mcpServers:
                  docs:
                    url: https://docs.example/mcp
                templates:
                  review: Review ${CHANGE_ID}.
                """, "team");

        assertThat(pack.name()).isEqualTo("team");
        assertThat(pack.rules()).isEqualTo("Always run the tests.");
        assertThat(pack.mcpServers()).extracting(McpServer::name).containsExactly("docs");
        assertThat(pack.templates()).containsEntry("review", "Review ${CHANGE_ID}.");
    }

    @Test
    void aPackKeptAsTextThatIsNotAMappingIsRefusedNamingThePack() {
        assertThatThrownBy(() -> ContextPacks.parse("- a list", "team"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("context pack team is not a YAML mapping");
    }

    @Test
    void aDirectoryPackWithALinkLeavingThePackIsRefusedNamingThePackAndTheLink() throws Exception {
        Path pack = Files.createDirectories(tmp.resolve("team/files"));
        Files.createSymbolicLink(pack.resolve("p"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> ContextPacks.load(pack.getParent()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("context pack team: link files/p leads outside the pack")
                .hasMessageNotContaining("root:");
    }

    @Test
    void aRulesFileLinkedOutsideThePackIsRefused() throws Exception {
        Path pack = Files.createDirectories(tmp.resolve("team"));
        Files.writeString(tmp.resolve("secret.md"), "not for the agent");
        Files.createSymbolicLink(pack.resolve("rules.md"), Path.of("../secret.md"));

        assertThatThrownBy(() -> ContextPacks.load(pack))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("context pack team: link rules.md leads outside the pack");
    }

    @Test
    void linksThatStayInsideThePackAreFollowed() throws Exception {
        Path pack = Files.createDirectories(tmp.resolve("team"));
        Files.writeString(pack.resolve("rules.md"), "Run the tests.\n");
        Files.createDirectories(pack.resolve("files/docs"));
        Files.writeString(pack.resolve("files/docs/guide.md"), "guide\n");
        Files.createSymbolicLink(pack.resolve("files/rules-copy.md"), Path.of("../rules.md"));
        Files.createSymbolicLink(pack.resolve("files/more"), Path.of("docs"));

        ContextPack loaded = ContextPacks.load(pack);

        assertThat(loaded.files()).containsEntry("rules-copy.md", "Run the tests.\n")
                .containsEntry("more/guide.md", "guide\n").containsEntry("docs/guide.md", "guide\n");
    }

    @Test
    void anUnknownKeyInAPackIsRefusedNamingItAndTheValidKeys() {
        assertThatThrownBy(() -> ContextPacks.parse("rulez: Always run the tests.\n", "team"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("context pack team: unknown key 'rulez': use files, mcpServers, name, rules or templates "
                        + "(see docs/context-packs.md)");
    }

    @Test
    void anUnknownKeyInAnMcpServerIsRefusedNamingIt() throws Exception {
        Path pack = Files.createDirectories(tmp.resolve("team"));
        Files.writeString(pack.resolve("mcp.yaml"), "mcpServers:\n  jira: {comand: jira-mcp}\n");

        assertThatThrownBy(() -> ContextPacks.load(pack))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("MCP server jira in " + pack.resolve("mcp.yaml") + ": unknown key 'comand': use args, "
                        + "command, env, headers, type or url");
    }
}
