package io.ambient.agent;

import io.ambient.Json;
import io.ambient.context.AgentContext;
import io.ambient.context.McpServer;
import io.ambient.exec.ExecLayout;
import io.ambient.testing.Recorded;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Claude Code's command line, and its stream-json as Claude Code 2.1.197 really prints it. */
class ClaudeCodeAgentTest {
    private static final ExecLayout LAYOUT = new ExecLayout("/workspace", "/ambient/input");
    private final ClaudeCodeAgent agent = new ClaudeCodeAgent();

    @Test
    void runsHeadlessWithStreamJsonAndThePromptOnStdin() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix the test", "sonnet", 12, 1.5, null, List.of(),
                Map.of("ANTHROPIC_API_KEY", "k"), AgentContext.NONE), LAYOUT);

        assertThat(invocation.command()).containsSubsequence("claude", "-p", "--output-format", "stream-json",
                "--verbose").containsSubsequence("--model", "sonnet").containsSubsequence("--max-turns", "12")
                .containsSubsequence("--max-budget-usd", "1.5").containsSubsequence("--permission-mode", "acceptEdits");
        assertThat(invocation.command()).noneMatch(arg -> arg.contains("Fix the test"));
        assertThat(invocation.stdin()).isEqualTo("Fix the test");
        assertThat(invocation.env()).containsEntry("HOME", "/ambient/input/home")
                .containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    }

    @Test
    void withoutRulesTheUserLevelClaudeMdIsEmptiedSoAPersistentHomeKeepsNoOldRules() {
        assertThat(agent.invocation(AgentTask.of("Fix it", List.of()), LAYOUT).homeFiles())
                .containsEntry(".claude/CLAUDE.md", "");
    }

    @Test
    void aPersistentAgentHomeBecomesHome() {
        AgentInvocation invocation = agent.invocation(AgentTask.of("Fix it", List.of()),
                new ExecLayout("/workspace", "/ambient/input", "/ambient/home", false));

        assertThat(invocation.env()).containsEntry("HOME", "/ambient/home");
    }

    @Test
    void inAContainerOfItsOwnItActsWithoutAskingAndAsALocalProcessOnlyEditsWithoutAsking() {
        AgentTask task = AgentTask.of("Fix it", List.of());

        assertThat(agent.invocation(task, new ExecLayout("/workspace", "/ambient/input", "/ambient/home", true))
                .command()).contains("--dangerously-skip-permissions").doesNotContain("--permission-mode");
        assertThat(agent.invocation(task, LAYOUT).command()).containsSubsequence("--permission-mode", "acceptEdits")
                .doesNotContain("--dangerously-skip-permissions");
    }

    @Test
    void aPermissionModeInTheProfileArgumentsReplacesTheDefaultInAContainerToo() {
        AgentInvocation invocation = agent.invocation(AgentTask.of("Plan it", List.of("--permission-mode", "plan")),
                new ExecLayout("/workspace", "/ambient/input", "/ambient/home", true));

        assertThat(invocation.command()).containsSubsequence("--permission-mode", "plan")
                .doesNotContain("--dangerously-skip-permissions");
    }

    @Test
    void aPermissionModeInTheProfileArgumentsReplacesTheDefault() {
        AgentInvocation invocation = agent.invocation(AgentTask.of("Plan it", List.of("--permission-mode", "plan")),
                LAYOUT);

        assertThat(invocation.command()).containsSubsequence("--permission-mode", "plan")
                .doesNotContain("acceptEdits");
    }

    @Test
    void aSessionIdResumesThatSession() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Go on", null, null, null, "bb86a068", List.of(),
                Map.of(), AgentContext.NONE), LAYOUT);

        assertThat(invocation.command()).containsSubsequence("--resume", "bb86a068");
    }

    @Test
    void rulesBecomeTheUserLevelClaudeMdAndMcpServersAStrictConfigOutsideTheWorkspace() throws Exception {
        AgentContext context = new AgentContext("Always run the tests.", List.of(new McpServer("docs", null, null,
                null, null, "https://mcp.example/mcp", Map.of("Authorization", "Bearer ${DOCS_TOKEN}"))));
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix it", null, null, null, null, List.of(),
                Map.of(), context), LAYOUT);

        assertThat(invocation.homeFiles()).containsEntry(".claude/CLAUDE.md", "Always run the tests.");
        assertThat(invocation.command()).containsSubsequence("--mcp-config", "/ambient/input/claude-mcp.json",
                "--strict-mcp-config");
        var mcp = Json.MAPPER.readTree(invocation.inputFiles().get("claude-mcp.json")).at("/mcpServers/docs");
        assertThat(mcp.get("type").asText()).isEqualTo("http");
        assertThat(mcp.at("/headers/Authorization").asText()).isEqualTo("Bearer ${DOCS_TOKEN}");
    }

    @Test
    void aSuccessfulRunYieldsItsMessagesToolCallsFileChangesUsageAndSession() {
        Recorded run = Recorded.replay(agent, "claude-success");

        AgentOutcome outcome = run.outcome();
        assertThat(outcome.error()).isFalse();
        assertThat(outcome.finalMessage()).isEqualTo("Created hello.txt");
        assertThat(outcome.turns()).isEqualTo(2);
        assertThat(outcome.sessionId()).isEqualTo("bb86a068-1cf6-4447-911e-c1cd56ab5fb1");
        assertThat(outcome.usage()).isEqualTo(new Usage(240L, 0L, 0L, 84L, 0.00198, Usage.CostSource.REPORTED,
                List.of("claude-sonnet-4-5")));
        assertThat(outcome.stopReason()).isEqualTo("completed");
        assertThat(outcome.permissionDenials()).isEmpty();
        assertThat(outcome.warnings()).isEmpty();
        assertThat(run.ofType(AgentEvent.Type.MESSAGE)).extracting(AgentEvent::text)
                .containsExactly("I'll create hello.txt for you.", "Created hello.txt");
        assertThat(run.ofType(AgentEvent.Type.TOOL_CALL)).singleElement()
                .satisfies(call -> assertThat(call.data()).containsEntry("tool", "Write"));
        assertThat(run.ofType(AgentEvent.Type.FILE_CHANGE)).singleElement()
                .satisfies(change -> assertThat(change.data().get("path")).endsWith("/hello.txt"));
        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT)).hasSize(1);
        assertThat(run.ofType(AgentEvent.Type.RAW)).isEmpty();
    }

    @Test
    void partialMessageEventsChangeNothing() {
        Recorded whole = Recorded.replay(agent, "claude-success");
        Recorded partial = Recorded.replay(agent, "claude-success-partial");

        assertThat(partial.outcome().finalMessage()).isEqualTo(whole.outcome().finalMessage());
        assertThat(partial.ofType(AgentEvent.Type.MESSAGE)).extracting(AgentEvent::text)
                .isEqualTo(whole.ofType(AgentEvent.Type.MESSAGE).stream().map(AgentEvent::text).toList());
        assertThat(partial.ofType(AgentEvent.Type.RAW)).isEmpty();
    }

    @Test
    void theTurnLimitIsAnErrorThatNamesTheLimit() {
        AgentOutcome outcome = Recorded.replay(agent, "claude-max-turns").outcome();

        assertThat(outcome.error()).isTrue();
        assertThat(outcome.limitReached()).isEqualTo(AgentOutcome.Limit.MAX_TURNS);
        assertThat(outcome.finalMessage()).containsIgnoringCase("turns");
    }

    @Test
    void permissionDenialsAreKeptEvenThoughTheResultSaysSuccess() {
        AgentOutcome outcome = Recorded.replay(agent, "claude-permission-denied").outcome();

        assertThat(outcome.error()).isFalse();
        assertThat(outcome.permissionDenials()).singleElement().asString().startsWith("Write: ").endsWith("hello.txt");
    }

    @Test
    void anApiErrorReportedWithASuccessSubtypeIsAnError() {
        Recorded run = Recorded.replay(agent, "claude-api-error-400");

        assertThat(run.outcome().error()).isTrue();
        assertThat(run.outcome().finalMessage()).contains("API Error: 400");
        assertThat(run.ofType(AgentEvent.Type.ERROR)).isNotEmpty();
    }

    @Test
    void retriesAreShownAsErrors() {
        Recorded run = Recorded.replay(agent, "claude-api-error-500-retries1");

        assertThat(run.ofType(AgentEvent.Type.ERROR)).anySatisfy(error -> assertThat(error.text()).contains("retry"));
        assertThat(run.outcome().error()).isTrue();
    }

    @Test
    void aRunKilledBeforeItsResultIsAnErrorWithWhatWasSeen() {
        Recorded run = Recorded.replay(agent, "claude-api-error-500-timeout120");

        assertThat(run.outcome().error()).isTrue();
        assertThat(run.outcome().stopReason()).isEqualTo("no result event");
        assertThat(run.outcome().sessionId()).isNotBlank();
    }

    @Test
    void theEndpointReachesTheCliAsItsBaseUrlOverOneInTheEnvironment() {
        AgentTask task = new AgentTask("p", null, null, null, null, List.of(),
                Map.of("ANTHROPIC_BASE_URL", "http://old.example"), AgentContext.NONE, "https://gw.example.com/anthropic");

        assertThat(agent.invocation(task, LAYOUT).env()).containsEntry("ANTHROPIC_BASE_URL",
                "https://gw.example.com/anthropic");
    }

    @Test
    void retriesWithoutAnHttpStatusAreConnectionFailures() {
        OutputParser parser = Recorded.fed(agent, "claude-unreachable-timeout150");

        assertThat(parser.connectionFailures()).isEqualTo(10);
        assertThat(Recorded.replay(agent, "claude-unreachable-timeout150").ofType(AgentEvent.Type.ERROR)).first()
                .satisfies(error -> assertThat(error.text()).isEqualTo("API connection failed, retry 1 of 10"));
    }

    @Test
    void retriesAfterAnHttpErrorAreNoConnectionFailures() {
        assertThat(Recorded.fed(agent, "claude-api-error-500-timeout120").connectionFailures()).isZero();
    }

    @Test
    void failedConnectionsAfterTheModelAnsweredAreNotCounted() {
        String retry = "{\"type\":\"system\",\"subtype\":\"api_retry\",\"attempt\":1,\"max_retries\":10,"
                + "\"error_status\":null,\"error\":\"unknown\"}\n";
        String answer = "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}}\n";

        assertThat(Recorded.fed(agent, retry + retry, "").connectionFailures()).isEqualTo(2);
        assertThat(Recorded.fed(agent, retry + answer + retry + retry, "").connectionFailures()).isZero();
    }
}
