package io.ambient.agent;

import io.ambient.InvalidInputException;
import io.ambient.Json;
import io.ambient.context.AgentContext;
import io.ambient.context.McpServer;
import io.ambient.exec.ExecLayout;
import io.ambient.exec.ExecResult;
import io.ambient.exec.LogCursor;
import io.ambient.exec.OutputLine;
import io.ambient.exec.StdStream;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandAgentTest {
    private static final ExecLayout LAYOUT = new ExecLayout("/workspace", "/ambient/input");
    private final CommandAgent agent = new CommandAgent();

    @Test
    void promptReachesTheProgramOnStdinInAFileAndInTheEnvironment() {
        AgentInvocation invocation = agent.invocation(task("Fix the test", List.of("./fix.sh", "--fast")), LAYOUT);

        assertThat(invocation.command()).containsExactly("./fix.sh", "--fast");
        assertThat(invocation.stdin()).isEqualTo("Fix the test");
        assertThat(invocation.inputFiles()).containsEntry("prompt.md", "Fix the test");
        assertThat(invocation.env())
                .containsEntry("AMBIENT_PROMPT", "Fix the test")
                .containsEntry("AMBIENT_PROMPT_FILE", "/ambient/input/prompt.md")
                .containsEntry("AMBIENT_WORKSPACE", "/workspace");
    }

    @Test
    void aHugePromptStaysOutOfTheEnvironmentButIsInTheFile() {
        String prompt = "x".repeat(CommandAgent.MAX_ENV_PROMPT + 1);
        AgentInvocation invocation = agent.invocation(task(prompt, List.of("cat")), LAYOUT);

        assertThat(invocation.env()).doesNotContainKey("AMBIENT_PROMPT");
        assertThat(invocation.inputFiles()).containsEntry("prompt.md", prompt);
    }

    @Test
    void withoutAProgramTheErrorSaysWhereToPutIt() {
        assertThatThrownBy(() -> agent.invocation(task("Fix it", List.of()), LAYOUT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("after '--'");
    }

    @Test
    void everyLineIsAnOutputEventAndTheFinalMessageIsTheTailOfStdout() {
        List<AgentEvent> events = new ArrayList<>();
        OutputParser parser = agent.newParser(events::add);
        for (int i = 0; i < 30; i++) {
            parser.accept(new OutputLine(StdStream.STDOUT, i, "line " + i));
        }
        parser.accept(new OutputLine(StdStream.STDERR, 0, "warning"));
        parser.accept(new OutputLine(StdStream.STDOUT, 30, ""));

        AgentOutcome outcome = parser.finish(new ExecResult("r", 0, false, false, false, Instant.now(), Instant.now(),
                LogCursor.START, false));

        assertThat(events).hasSize(32);
        assertThat(events.get(30).data()).isEqualTo(Map.of("stream", "stderr"));
        assertThat(outcome.finalMessage()).startsWith("line 11\n").endsWith("line 29");
        assertThat(outcome.error()).isFalse();
        assertThat(outcome.stopReason()).isEqualTo("exit 0");
    }

    @Test
    void unknownAgentsAreRejectedWithTheKnownNames() {
        assertThatThrownBy(() -> Agents.named("clod"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unknown agent 'clod': use one of ")
                .hasMessageContaining("claude-code").hasMessageContaining("command");
    }

    @Test
    void contextPacksReachTheProgramAsFilesOutsideTheWorkspace() throws Exception {
        AgentContext context = new AgentContext("Be brief.", List.of(new McpServer("jira", null, "jira-mcp",
                List.of("--stdio"), Map.of("JIRA_TOKEN", "${JIRA_TOKEN}"), null, null)));
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix it", null, null, null, null, List.of("true"),
                Map.of(), context), LAYOUT);

        assertThat(invocation.env())
                .containsEntry("AMBIENT_RULES_FILE", "/ambient/input/rules.md")
                .containsEntry("AMBIENT_MCP_FILE", "/ambient/input/mcp.json");
        assertThat(invocation.inputFiles()).containsEntry("rules.md", "Be brief.");
        assertThat(Json.MAPPER.readTree(invocation.inputFiles().get("mcp.json")).at("/mcpServers/jira/env/JIRA_TOKEN")
                .asText()).isEqualTo("${JIRA_TOKEN}");
    }

    @Test
    void withoutContextNoContextVariablesAreSet() {
        assertThat(agent.invocation(task("Fix it", List.of("true")), LAYOUT).env())
                .doesNotContainKeys("AMBIENT_RULES_FILE", "AMBIENT_MCP_FILE");
    }

    private static AgentTask task(String prompt, List<String> args) {
        return AgentTask.of(prompt, args);
    }

    @Test
    void theEndpointIsInAmbientEndpoint() {
        AgentTask task = new AgentTask("p", null, null, null, null, List.of("./fix.sh"), Map.of(), AgentContext.NONE,
                "http://gw.example:4000");

        assertThat(agent.invocation(task, LAYOUT).env()).containsEntry("AMBIENT_ENDPOINT", "http://gw.example:4000");
    }
}
