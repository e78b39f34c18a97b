package io.ambient.agent;

import io.ambient.Json;
import io.ambient.context.AgentContext;
import io.ambient.context.McpServer;
import io.ambient.exec.ExecLayout;
import io.ambient.testing.Recorded;
import io.ambient.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Oz CLI's command line, and its ndjson output. The {@code warp-*} fixtures are constructed from the serde
 * definitions in Warp's {@code app/src/ai/agent_sdk/driver/output.rs}, not captured: the CLI could not be installed
 * here (see {@code streams/README-gemini-warp.md}).
 */
class WarpAgentTest {
    private static final ExecLayout LAYOUT = new ExecLayout("/workspace", "/ambient/input");
    private final WarpAgent agent = new WarpAgent();

    @Test
    void runsAnOzAgentWithNdjsonInTheWorkspace() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix the test", "claude-4-sonnet", 12, null, null,
                List.of("--profile", "p1"), Map.of("WARP_API_KEY", "wk-1"), AgentContext.NONE), LAYOUT);

        assertThat(invocation.command()).containsSubsequence("oz", "agent", "run", "--prompt", "Fix the test")
                .containsSubsequence("--output-format", "ndjson").containsSubsequence("--cwd", "/workspace")
                .containsSubsequence("--model", "claude-4-sonnet").endsWith("--profile", "p1");
        assertThat(invocation.stdin()).isNull();
        assertThat(invocation.env()).containsEntry("WARP_API_KEY", "wk-1");
        assertThat(invocation.inputFiles()).isEmpty();
        assertThat(agent.credentialEnv()).containsExactly("WARP_API_KEY");
    }

    @Test
    void theCliEnforcesNoLimitsSoTheRunnerCountsTurns() {
        assertThat(agent.enforcesMaxTurns()).isFalse();
        assertThat(agent.reportsCost()).isFalse();
        assertThat(agent.invocation(new AgentTask("Go", null, 3, null, null, List.of(), Map.of(), AgentContext.NONE),
                LAYOUT).command()).noneMatch(arg -> arg.contains("turn"));
    }

    @Test
    void aSessionIdContinuesThatConversation() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Go on", null, null, null, "3f9c2a51", List.of(),
                Map.of(), AgentContext.NONE), LAYOUT);

        assertThat(invocation.command()).containsSubsequence("--conversation", "3f9c2a51");
    }

    @Test
    void rulesAreADelimitedPreambleBeforeThePrompt() {
        AgentContext context = new AgentContext("Always run the tests.\n", List.of());
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix it", null, null, null, null, List.of(),
                Map.of(), context), LAYOUT);

        String prompt = invocation.command().get(invocation.command().indexOf("--prompt") + 1);
        assertThat(prompt).startsWith("<rules>\n").contains("Always run the tests.\n</rules>\n\n").endsWith("Fix it");
        assertThat(invocation.inputFiles()).isEmpty();
    }

    @Test
    void mcpServersGoToAJsonFilePassedWithMcp() throws Exception {
        AgentContext context = new AgentContext("", List.of(new McpServer("docs", null, "docs-mcp", List.of("--stdio"),
                Map.of("TOKEN", "${DOCS_TOKEN}"), null, null)));
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix it", null, null, null, null, List.of(),
                Map.of(), context), LAYOUT);

        assertThat(invocation.command()).containsSubsequence("--mcp", "/ambient/input/warp-mcp.json");
        var server = Json.MAPPER.readTree(invocation.inputFiles().get("warp-mcp.json")).at("/mcpServers/docs");
        assertThat(server.get("command").asText()).isEqualTo("docs-mcp");
        assertThat(server.at("/env/TOKEN").asText()).isEqualTo("${DOCS_TOKEN}");
    }

    @Test
    void aSuccessfulRunYieldsMessagesToolCallsFileChangesAndConversation() {
        Recorded run = Recorded.replay(agent, "warp-success");

        AgentOutcome outcome = run.outcome();
        assertThat(outcome.error()).isFalse();
        assertThat(outcome.finalMessage()).isEqualTo("Created hello.txt");
        assertThat(outcome.sessionId()).isEqualTo("3f9c2a51-7d4e-4b8a-9e61-0c2d5b7a8f10");
        assertThat(outcome.turns()).isEqualTo(3);
        assertThat(outcome.usage()).isEqualTo(Usage.UNKNOWN);
        assertThat(outcome.stopReason()).isEqualTo("completed");
        assertThat(outcome.warnings()).isEmpty();
        assertThat(run.ofType(AgentEvent.Type.MESSAGE)).extracting(AgentEvent::text)
                .containsExactly("I'll create hello.txt.", "Created hello.txt");
        assertThat(run.ofType(AgentEvent.Type.TOOL_CALL)).extracting(AgentEvent::text)
                .containsExactly("edit_files hello.txt", "run_command cat hello.txt");
        assertThat(run.ofType(AgentEvent.Type.FILE_CHANGE)).singleElement()
                .satisfies(change -> assertThat(change.data()).containsEntry("path", "hello.txt"));
        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT)).extracting(AgentEvent::text)
                .containsExactly("--- /dev/null\n+++ b/hello.txt\n@@ -0,0 +1 @@\n+hello world\n", "hello world");
        assertThat(run.ofType(AgentEvent.Type.RAW)).isEmpty();
    }

    @Test
    void aToolErrorIsAnErrorResultAndAWarningButAFailedCommandIsNot() {
        Recorded run = Recorded.replay(agent, "warp-tool-error");

        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT)).hasSize(2).first().satisfies(result -> {
            assertThat(result.text()).isEqualTo("File not found: missing.txt");
            assertThat(result.data()).containsEntry("tool", "read_files").containsEntry("error", "true");
        });
        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT).get(1).data()).containsEntry("exit_code", "1")
                .doesNotContainKey("error");
        assertThat(run.outcome().error()).isFalse();
        assertThat(run.outcome().finalMessage()).isEqualTo("missing.txt does not exist.");
        assertThat(run.outcome().warnings()).singleElement().asString().contains("1 tool call failed", "read_files");
        assertThat(run.ofType(AgentEvent.Type.RAW)).isEmpty();
    }

    @Test
    void aNonZeroExitIsAnErrorExplainedByStderr() {
        AgentOutcome outcome = Recorded.replay(agent, "warp-error").outcome();

        assertThat(outcome.error()).isTrue();
        assertThat(outcome.stopReason()).isEqualTo("exit code 1");
        assertThat(outcome.finalMessage()).startsWith("Error: ");
        assertThat(outcome.sessionId()).isNull();
    }

    @Test
    void artifactsAndProgressEventsAreKnownNotRaw() throws Exception {
        Recorded run = replay("""
                {"type":"system","event_type":"run_started","run_id":"r1","run_url":"https://oz.example/runs/r1"}
                {"type":"system","event_type":"shared_session_established","join_url":"https://oz.example/j"}
                {"type":"artifact_created","artifact_type":"pull_request","url":"https://git.example/pr/1","branch":"b"}
                {"type":"Subagent","task_id":"t1"}
                {"type":"SkillInvoked","name":"review"}
                {"type":"agent","text":"Opened a pull request."}
                """, 0);

        assertThat(run.ofType(AgentEvent.Type.RAW)).isEmpty();
        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT)).singleElement().satisfies(result ->
                assertThat(result.text()).isEqualTo("created pull request https://git.example/pr/1"));
        assertThat(run.outcome().warnings()).isEmpty();
    }

    @Test
    void junkLinesBecomeRawEventsNeverExceptions() throws Exception {
        Recorded run = replay("""
                not json
                "a string"
                {"type":"tool_call","tool":"edit_files","file_paths":"oops"}
                {"type":"tool_result","tool":"run_command","status":"complete","exit_code":"x"}
                {"type":"system","event_type":"new_kind"}
                {"type":"future","x":1}
                {"type":"agent","text":"Done"}
                """, 0);

        assertThat(run.ofType(AgentEvent.Type.RAW)).extracting(AgentEvent::text).contains("not json", "\"a string\"",
                "{\"type\":\"system\",\"event_type\":\"new_kind\"}", "{\"type\":\"future\",\"x\":1}");
        assertThat(run.outcome().finalMessage()).isEqualTo("Done");
        assertThat(run.outcome().error()).isFalse();
    }

    @Test
    void aRunWithoutAnyMessageIsSuspect() throws Exception {
        AgentOutcome outcome = replay("""
                {"type":"system","event_type":"conversation_started","conversation_id":"c1"}
                """, 0).outcome();

        assertThat(outcome.error()).isFalse();
        assertThat(outcome.warnings()).containsExactly("the agent ended without a message");
    }

    private Recorded replay(String stdout, int exitCode) throws Exception {
        List<AgentEvent> events = new ArrayList<>();
        AgentOutcome outcome = RecordedOutput.parse(agent, new ByteArrayInputStream(stdout.getBytes(
                StandardCharsets.UTF_8)), null, exitCode, events::add);
        return new Recorded(outcome, events);
    }

    @Test
    void anEndpointIsRefusedBecauseWarpRunsOnItsOwnService() {
        AgentTask task = new AgentTask("p", null, null, null, null, List.of(), Map.of(), AgentContext.NONE,
                "http://gw.example:4000");

        assertThatThrownBy(() -> agent.invocation(task, LAYOUT)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("drop the endpoint");
    }
}
