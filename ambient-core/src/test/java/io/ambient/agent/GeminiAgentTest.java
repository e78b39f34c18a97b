package io.ambient.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ambient.Json;
import io.ambient.context.AgentContext;
import io.ambient.context.McpServer;
import io.ambient.exec.ExecLayout;
import io.ambient.testing.Recorded;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gemini CLI's command line, and its stream-json as Gemini CLI 0.61.0 really prints it: the fixtures were captured
 * against a stub model server on 127.0.0.1 (see {@code streams/README-gemini-warp.md}).
 */
class GeminiAgentTest {
    private static final ExecLayout LAYOUT = new ExecLayout("/workspace", "/ambient/input");
    private static final ExecLayout CONTAINED = new ExecLayout("/workspace", "/ambient/input", "/ambient/home", true);
    private final GeminiAgent agent = new GeminiAgent();

    @Test
    void runsHeadlessWithStreamJsonYoloAndThePromptOnStdin() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix the test", "gemini-2.5-pro", null, null, null,
                List.of(), Map.of("GEMINI_API_KEY", "k"), AgentContext.NONE), CONTAINED);

        assertThat(invocation.command()).containsSubsequence("gemini", "-p", "", "--output-format", "stream-json")
                .containsSubsequence("-m", "gemini-2.5-pro").containsSubsequence("--approval-mode", "yolo");
        assertThat(invocation.command()).noneMatch(arg -> arg.contains("Fix the test"));
        assertThat(invocation.stdin()).isEqualTo("Fix the test");
        assertThat(invocation.env()).containsEntry("HOME", "/ambient/home")
                .containsEntry("GEMINI_CLI_TRUST_WORKSPACE", "true").containsEntry("GEMINI_API_KEY", "k");
    }

    @Test
    void asALocalProcessOnlyFileEditsAreApprovedByDefault() {
        assertThat(agent.invocation(AgentTask.of("Fix it", List.of()), LAYOUT).command())
                .containsSubsequence("--approval-mode", "auto_edit").doesNotContain("yolo");
    }

    @Test
    void anApprovalModeOrYoloInTheProfileArgumentsReplacesTheDefault() {
        AgentInvocation mode = agent.invocation(AgentTask.of("Plan it", List.of("--approval-mode=auto_edit")), LAYOUT);
        AgentInvocation yolo = agent.invocation(AgentTask.of("Go", List.of("--yolo")), LAYOUT);

        assertThat(mode.command()).contains("--approval-mode=auto_edit").doesNotContain("yolo");
        assertThat(yolo.command()).contains("--yolo").doesNotContain("--approval-mode");
    }

    @Test
    void aSessionIdResumesThatSession() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Go on", null, null, null, "daa8a5e5", List.of(),
                Map.of(), AgentContext.NONE), LAYOUT);

        assertThat(invocation.command()).containsSubsequence("--resume", "daa8a5e5");
    }

    @Test
    void theTurnLimitGoesToTheSettingsBecauseThereIsNoFlag() throws Exception {
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix it", null, 7, null, null, List.of(),
                Map.of("GEMINI_API_KEY", "k"), AgentContext.NONE), LAYOUT);

        JsonNode settings = Json.MAPPER.readTree(invocation.homeFiles().get(".gemini/settings.json"));
        assertThat(settings.at("/model/maxSessionTurns").asInt()).isEqualTo(7);
        assertThat(invocation.command()).noneMatch(arg -> arg.contains("turns"));
        assertThat(agent.enforcesMaxTurns()).isTrue();
        assertThat(agent.reportsCost()).isFalse();
        assertThat(agent.reportsUsage()).isTrue();
    }

    @Test
    void theSettingsTurnOffStatisticsTelemetryAndUpdates() throws Exception {
        JsonNode settings = Json.MAPPER.readTree(agent.invocation(AgentTask.of("Fix it", List.of()), LAYOUT)
                .homeFiles().get(".gemini/settings.json"));

        assertThat(settings.at("/privacy/usageStatisticsEnabled").asBoolean(true)).isFalse();
        assertThat(settings.at("/telemetry/enabled").asBoolean(true)).isFalse();
        assertThat(settings.at("/general/enableAutoUpdate").asBoolean(true)).isFalse();
        assertThat(settings.has("model")).isFalse();
    }

    @Test
    void theAuthTypeFollowsTheCredentialGiven() throws Exception {
        assertThat(authType(Map.of("GEMINI_API_KEY", "k"))).isEqualTo("gemini-api-key");
        assertThat(authType(Map.of("GEMINI_API_KEY", "k", "GOOGLE_GEMINI_BASE_URL", "http://gw"))).isEqualTo(
                "gemini-api-key");
        assertThat(authType(Map.of("GOOGLE_API_KEY", "k"))).isEqualTo("vertex-ai");
        assertThat(authType(Map.of())).isNull();
    }

    @Test
    void rulesBecomeTheUserLevelGeminiMdAndMcpServersGoToTheUserSettings() throws Exception {
        AgentContext context = new AgentContext("Always run the tests.", List.of(new McpServer("docs", null, null,
                null, null, "https://mcp.example/mcp", Map.of("Authorization", "Bearer ${DOCS_TOKEN}"))));
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix it", null, null, null, null, List.of(),
                Map.of(), context), LAYOUT);

        assertThat(invocation.homeFiles()).containsEntry(".gemini/GEMINI.md", "Always run the tests.");
        JsonNode server = Json.MAPPER.readTree(invocation.homeFiles().get(".gemini/settings.json"))
                .at("/mcpServers/docs");
        assertThat(server.get("httpUrl").asText()).isEqualTo("https://mcp.example/mcp");
        assertThat(server.at("/headers/Authorization").asText()).isEqualTo("Bearer ${DOCS_TOKEN}");
        assertThat(invocation.inputFiles()).isEmpty();
    }

    @Test
    void rulesThatLookLikeGeminiMdImportsReachTheModelAsWritten() {
        String rules = "@Deprecated APIs go.\nMark them @Deprecated or see @./docs/old.md and @/etc/passwd;\n"
                + "write to ops@example.com, never `@Override` or\n```java\n@Test\nvoid it() {}\n```\n@ 2pm, @1";
        String written = agent.invocation(new AgentTask("Fix it", null, null, null, null, List.of(), Map.of(),
                new AgentContext(rules, List.of())), LAYOUT).homeFiles().get(".gemini/GEMINI.md");

        // What Gemini CLI would import: an @ after a space, tab, line break or the start, then '.', '/' or a letter.
        assertThat(Pattern.compile("(^|[ \t\n\r])@[./A-Za-z]").matcher(written.replaceAll("(`+)[\\s\\S]*?\\1", ""))
                .find()).as(written).isFalse();
        assertThat(written.replace("\u2060", "")).isEqualTo(rules);
        assertThat(written).contains("ops@example.com", "`@Override`", "```java\n@Test\n", "@ 2pm, @1");
    }

    @Test
    void aSuccessfulRunYieldsOneMessagePerTurnToolCallsFileChangesUsageAndSession() {
        Recorded run = Recorded.replay(agent, "gemini-success");

        AgentOutcome outcome = run.outcome();
        assertThat(outcome.error()).isFalse();
        assertThat(outcome.finalMessage()).isEqualTo("Created hello.txt");
        assertThat(outcome.turns()).isEqualTo(2);
        assertThat(outcome.sessionId()).isEqualTo("daa8a5e5-9599-4909-81d3-896f406fd754");
        // stats: input_tokens 2500 = input 2300 + cached 200.
        assertThat(outcome.usage()).isEqualTo(new Usage(2300L, 200L, null, 42L, null, null, List.of("gemini-2.5-flash")));
        assertThat(outcome.stopReason()).isEqualTo("success");
        assertThat(outcome.limitReached()).isNull();
        assertThat(outcome.warnings()).isEmpty();
        assertThat(run.ofType(AgentEvent.Type.MESSAGE)).extracting(AgentEvent::text)
                .containsExactly("I'll create hello.txt for you.", "Created hello.txt");
        assertThat(run.ofType(AgentEvent.Type.TOOL_CALL)).singleElement()
                .satisfies(call -> assertThat(call.data()).containsEntry("tool", "write_file"));
        assertThat(run.ofType(AgentEvent.Type.FILE_CHANGE)).singleElement()
                .satisfies(change -> assertThat(change.data().get("path")).endsWith("/hello.txt"));
        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT)).singleElement()
                .satisfies(result -> assertThat(result.data()).containsEntry("tool", "write_file")
                        .doesNotContainKey("error"));
        assertThat(run.ofType(AgentEvent.Type.RAW)).isEmpty();
    }

    @Test
    void aResumedRunKeepsTheSessionId() {
        AgentOutcome outcome = Recorded.replay(agent, "gemini-resume").outcome();

        assertThat(outcome.error()).isFalse();
        assertThat(outcome.sessionId()).isEqualTo("daa8a5e5-9599-4909-81d3-896f406fd754");
        assertThat(outcome.finalMessage()).isEqualTo("Resumed: hello.txt already exists.");
        assertThat(outcome.turns()).isEqualTo(1);
    }

    @Test
    void theTurnLimitIsAnErrorThatNamesTheLimit() {
        AgentOutcome outcome = Recorded.replay(agent, "gemini-max-turns").outcome();

        assertThat(outcome.error()).isTrue();
        assertThat(outcome.limitReached()).isEqualTo(AgentOutcome.Limit.MAX_TURNS);
        assertThat(outcome.stopReason()).isEqualTo("turn limit reached (exit 53)");
        assertThat(outcome.finalMessage()).contains("max session turns");
        assertThat(outcome.turns()).isEqualTo(1);
    }

    @Test
    void aFailedToolIsAnErrorResultAndAWarning() {
        Recorded run = Recorded.replay(agent, "gemini-tool-error");

        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT)).singleElement().satisfies(result -> {
            assertThat(result.data()).containsEntry("error", "true").containsEntry("tool", "read_file");
            assertThat(result.text()).startsWith("File not found: ");
        });
        assertThat(run.outcome().error()).isFalse();
        assertThat(run.outcome().warnings()).singleElement().asString().contains("1 tool call failed", "read_file");
    }

    @Test
    void aFailingShellCommandIsASuccessfulToolResultWithItsOutput() {
        Recorded run = Recorded.replay(agent, "gemini-shell-failed");

        assertThat(run.ofType(AgentEvent.Type.TOOL_CALL)).singleElement()
                .satisfies(call -> assertThat(call.text()).isEqualTo("run_shell_command cat missing.txt"));
        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT)).singleElement().satisfies(result -> {
            assertThat(result.text()).contains("No such file or directory");
            assertThat(result.data()).doesNotContainKey("error");
        });
        assertThat(run.ofType(AgentEvent.Type.FILE_CHANGE)).isEmpty();
    }

    @Test
    void anMcpServerThatFailsToStartIsAWarningOnASuccessfulRun() {
        AgentOutcome outcome = Recorded.replay(agent, "gemini-mcp-unavailable").outcome();

        assertThat(outcome.error()).isFalse();
        assertThat(outcome.warnings()).singleElement().asString().startsWith("an MCP server failed to start");
    }

    @Test
    void anApiErrorIsAnErrorNamingItsHttpStatus() {
        Recorded run = Recorded.replay(agent, "gemini-api-error-400");

        assertThat(run.outcome().error()).isTrue();
        assertThat(run.outcome().stopReason()).isEqualTo("API error 400 (exit 144)");
        assertThat(run.outcome().finalMessage()).contains("stub forced 400");
        assertThat(run.outcome().turns()).isZero();
    }

    @Test
    void retriesOnStderrAreShownAsErrors() {
        Recorded run = Recorded.replay(agent, "gemini-api-error-500");

        assertThat(run.ofType(AgentEvent.Type.ERROR)).hasSize(9)
                .allSatisfy(error -> assertThat(error.data()).containsEntry("retry", "true"))
                .first().satisfies(error -> assertThat(error.text()).isEqualTo("API error 500, retry 1"));
        assertThat(run.outcome().error()).isTrue();
        assertThat(run.outcome().stopReason()).isEqualTo("API error 500 (exit 244)");
    }

    @Test
    void retriesOfAnUnreachableApiAreShownAsErrorsNamingTheCause() {
        Recorded run = Recorded.replay(agent, "gemini-unreachable");

        assertThat(run.ofType(AgentEvent.Type.ERROR)).hasSize(5)
                .allSatisfy(error -> assertThat(error.data()).containsEntry("retry", "true"))
                .first().satisfies(error -> assertThat(error.text())
                        .isEqualTo("API connection failed: exception TypeError: fetch failed sending request, retry 1"));
    }

    @Test
    void retriesWhoseStatusOnlyTheErrorMessageNamesAreShownAsApiErrors() throws Exception {
        // logRetryAttempt's wording when the error carries no status field but its message names 429 or a 5xx.
        String stderr = """
                Attempt 1 failed with 429 error (no Retry-After header). Retrying with backoff... Error: quota
                Attempt 2 failed with 5xx error. Retrying with backoff... Error: got status: 503 Service Unavailable
                """;
        List<AgentEvent> events = new ArrayList<>();
        RecordedOutput.parse(agent, new ByteArrayInputStream(new byte[0]),
                new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)), 1, events::add);

        assertThat(events).filteredOn(event -> event.type() == AgentEvent.Type.ERROR).extracting(AgentEvent::text)
                .containsExactly("API error 429, retry 1", "API error 5xx, retry 2");
    }

    @Test
    void anUntrustedWorkspaceIsAnErrorWithTheCliExplanation() {
        AgentOutcome outcome = Recorded.replay(agent, "gemini-untrusted").outcome();

        assertThat(outcome.error()).isTrue();
        assertThat(outcome.stopReason()).isEqualTo("workspace not trusted (exit 55)");
        assertThat(outcome.finalMessage()).startsWith("Gemini CLI is not running in a trusted directory")
                .doesNotContain("\u001B");
    }

    @Test
    void aMissingCredentialIsAnAuthenticationError() {
        AgentOutcome outcome = Recorded.replay(agent, "gemini-no-auth").outcome();

        assertThat(outcome.error()).isTrue();
        assertThat(outcome.stopReason()).isEqualTo("authentication failed (exit 41)");
        assertThat(outcome.finalMessage()).contains("GEMINI_API_KEY");
        assertThat(outcome.warnings()).contains("the agent ended without its result event");
    }

    @Test
    void theGatewayAuthGuessIsAnAuthenticationError() {
        AgentOutcome outcome = Recorded.replay(agent, "gemini-gateway-auth-rejected").outcome();

        assertThat(outcome.stopReason()).isEqualTo("authentication failed (exit 41)");
        assertThat(outcome.finalMessage()).isEqualTo("Invalid auth method selected.");
    }

    @Test
    void theWholeJsonOutputFormatIsReadAsRawLinesNotAResult() {
        Recorded run = Recorded.replay(agent, "gemini-json-success");

        assertThat(run.ofType(AgentEvent.Type.RAW)).isNotEmpty();
        assertThat(run.outcome().error()).isTrue();
        assertThat(run.outcome().stopReason()).isEqualTo("no result event");
    }

    @Test
    void nonFatalErrorEventsAreErrorsAndWarnings() throws Exception {
        Recorded run = replay("""
                {"type":"init","timestamp":"t","session_id":"s1","model":"m"}
                {"type":"message","timestamp":"t","role":"assistant","content":"Working","delta":true}
                {"type":"error","timestamp":"t","severity":"warning","message":"Loop detected, stopping execution"}
                {"type":"result","timestamp":"t","status":"success","stats":{"input_tokens":5,"output_tokens":1}}
                """, 0);

        assertThat(run.ofType(AgentEvent.Type.ERROR)).singleElement()
                .satisfies(error -> assertThat(error.data()).containsEntry("severity", "warning"));
        assertThat(run.outcome().error()).isFalse();
        assertThat(run.outcome().warnings()).singleElement().asString().contains("Loop detected");
    }

    @Test
    void junkLinesBecomeRawEventsNeverExceptions() throws Exception {
        Recorded run = replay("""
                not json
                [1,2]
                {"type":"tool_use","tool_name":7,"parameters":"oops"}
                {"type":"tool_result"}
                {"type":"future_event","x":1}
                {"type":"message","role":"assistant","content":"Done","delta":true}
                {"type":"result","status":"success"}
                """, 0);

        assertThat(run.ofType(AgentEvent.Type.RAW)).extracting(AgentEvent::text)
                .contains("not json", "[1,2]", "{\"type\":\"future_event\",\"x\":1}");
        assertThat(run.outcome().finalMessage()).isEqualTo("Done");
        assertThat(run.outcome().usage()).isEqualTo(Usage.UNKNOWN);
        assertThat(run.outcome().warnings()).contains("the result carried no usage");
    }

    @Test
    void aLongAnswerIsOneCappedMessageEventButAFullerFinalMessage() throws Exception {
        StringBuilder stream = new StringBuilder();
        String chunk = "x".repeat(1000);
        for (int i = 0; i < 100; i++) {
            stream.append("{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"").append(chunk)
                    .append("\",\"delta\":true}\n");
        }
        stream.append("{\"type\":\"result\",\"status\":\"success\",\"stats\":{}}\n");

        Recorded run = replay(stream.toString(), 0);

        assertThat(run.ofType(AgentEvent.Type.MESSAGE)).singleElement()
                .satisfies(message -> assertThat(message.text()).hasSizeLessThan(JsonLinesParser.MAX_TEXT + 100));
        assertThat(run.outcome().finalMessage()).startsWith(chunk).endsWith("(truncated)")
                .hasSizeBetween(64 * 1024, 64 * 1024 + 100);
    }

    private String authType(Map<String, String> env) throws Exception {
        AgentTask task = new AgentTask("p", null, null, null, null, List.of(), env, AgentContext.NONE);
        JsonNode settings = Json.MAPPER.readTree(agent.invocation(task, LAYOUT).homeFiles()
                .get(".gemini/settings.json"));
        JsonNode type = settings.at("/security/auth/selectedType");
        return type.isMissingNode() ? null : type.asText();
    }

    private Recorded replay(String stdout, int exitCode) throws Exception {
        List<AgentEvent> events = new ArrayList<>();
        AgentOutcome outcome = RecordedOutput.parse(agent, new ByteArrayInputStream(stdout.getBytes(
                StandardCharsets.UTF_8)), null, exitCode, events::add);
        return new Recorded(outcome, events);
    }

    @Test
    void theEndpointIsTheBaseUrlOfTheSelectedAuthType() {
        AgentTask gemini = new AgentTask("p", null, null, null, null, List.of(), Map.of("GEMINI_API_KEY", "k"),
                AgentContext.NONE, "http://gw.example:4000");
        AgentTask vertex = new AgentTask("p", null, null, null, null, List.of(), Map.of("GOOGLE_API_KEY", "k"),
                AgentContext.NONE, "http://gw.example:4000");

        assertThat(agent.invocation(gemini, LAYOUT).env()).containsEntry("GOOGLE_GEMINI_BASE_URL",
                "http://gw.example:4000");
        assertThat(agent.invocation(vertex, LAYOUT).env()).containsEntry("GOOGLE_VERTEX_BASE_URL",
                "http://gw.example:4000").doesNotContainKey("GOOGLE_GEMINI_BASE_URL");
    }

    @Test
    void retriesWithoutAnHttpStatusAreConnectionFailures() {
        String stderr = """
                Attempt 1 failed. Retrying with backoff... TypeError: fetch failed
                    at node:internal/deps/undici/undici:13510:13
                    at async Models.generateContentStream (file:///usr/lib/node_modules/@google/gemini-cli/bundle/gemini.js:1:1) {
                  [cause]: Error: connect ECONNREFUSED 127.0.0.1:1
                      at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16) {
                    errno: -111,
                    code: 'ECONNREFUSED',
                    syscall: 'connect',
                    address: '127.0.0.1',
                    port: 1
                  }
                }
                Attempt 2 failed. Retrying with backoff... TypeError: fetch failed
                Attempt 3 failed. Retrying with backoff... TypeError: fetch failed
                """;

        assertThat(Recorded.fed(agent, "", stderr).connectionFailures()).isEqualTo(3);
    }

    @Test
    void retriesAfterAnHttpErrorAreNoConnectionFailures() {
        assertThat(Recorded.fed(agent, "gemini-api-error-500").connectionFailures()).isZero();
    }
}
