package io.ambient.agent;

import io.ambient.context.AgentContext;
import io.ambient.context.McpServer;
import io.ambient.exec.ExecLayout;
import io.ambient.testing.Recorded;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Codex's command line, and its {@code exec --json} output as codex-cli 0.169.0 really prints it. */
class CodexAgentTest {
    private static final ExecLayout LAYOUT = new ExecLayout("/workspace", "/ambient/input");
    private static final String THREAD = "01a21224-0b0e-7bc1-9584-a5a5560e9885";
    private static final String HIGH_DEMAND =
            "We’re currently experiencing high demand, which may cause temporary errors.";
    private static final ExecLayout CONTAINED = new ExecLayout("/workspace", "/ambient/input", "/ambient/home", true);
    private final CodexAgent agent = new CodexAgent();

    @Test
    void runsExecWithJsonInTheContainersSandboxAndThePromptOnStdin() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix the test", "gpt-5.5", 12, null, null,
                List.of(), Map.of("CODEX_API_KEY", "k"), AgentContext.NONE), CONTAINED);

        assertThat(invocation.command()).startsWith("codex", "exec", "--json", "--skip-git-repo-check")
                .containsSubsequence("--sandbox", "danger-full-access").containsSubsequence("-m", "gpt-5.5")
                .containsSubsequence("-c", "analytics.enabled=false").containsSubsequence("--disable", "plugins")
                .endsWith("-");
        assertThat(invocation.command()).noneMatch(arg -> arg.contains("Fix the test"));
        assertThat(invocation.stdin()).isEqualTo("Fix the test");
        assertThat(invocation.env()).containsEntry("CODEX_HOME", "/ambient/home/.codex");
    }

    @Test
    void asALocalProcessItMayWriteOnlyTheWorkspace() {
        assertThat(agent.invocation(AgentTask.of("Fix it", List.of()), LAYOUT).command())
                .containsSubsequence("--sandbox", "workspace-write").doesNotContain("danger-full-access");
    }

    @Test
    void aSandboxInTheProfileArgumentsReplacesTheDefault() {
        AgentInvocation invocation = agent.invocation(AgentTask.of("Plan it", List.of("--sandbox", "read-only")),
                LAYOUT);

        assertThat(invocation.command()).containsSubsequence("--sandbox", "read-only")
                .doesNotContain("danger-full-access");
    }

    @Test
    void aSessionIdResumesThatThreadWithTheSandboxAsConfigBecauseResumeRejectsTheFlag() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Go on", null, null, null, THREAD, List.of(),
                Map.of(), AgentContext.NONE), CONTAINED);

        assertThat(invocation.command()).startsWith("codex", "exec", "resume", THREAD, "--json")
                .containsSubsequence("-c", "sandbox_mode=\"danger-full-access\"").doesNotContain("--sandbox")
                .endsWith("-");
        assertThat(invocation.stdin()).isEqualTo("Go on");
    }

    @Test
    void onResumeASandboxFlagInTheProfileArgumentsBecomesConfigToo() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Go on", null, null, null, THREAD,
                List.of("--sandbox", "workspace-write"), Map.of(), AgentContext.NONE), LAYOUT);

        assertThat(invocation.command()).containsSubsequence("-c", "sandbox_mode=\"workspace-write\"")
                .doesNotContain("--sandbox", "danger-full-access", "sandbox_mode=\"danger-full-access\"");
    }

    @Test
    void anOpenAiKeyIsAlsoPassedAsTheCodexApiKeyThatExecReads() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix it", null, null, null, null, List.of(),
                Map.of("OPENAI_API_KEY", "sk-1"), AgentContext.NONE), LAYOUT);

        assertThat(invocation.env()).containsEntry("CODEX_API_KEY", "sk-1").containsEntry("OPENAI_API_KEY", "sk-1");
    }

    @Test
    void aCodexApiKeyIsKeptOverAnOpenAiKey() {
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix it", null, null, null, null, List.of(),
                Map.of("OPENAI_API_KEY", "sk-1", "CODEX_API_KEY", "sk-2"), AgentContext.NONE), LAYOUT);

        assertThat(invocation.env()).containsEntry("CODEX_API_KEY", "sk-2");
    }

    @Test
    void rulesBecomeTheGlobalAgentsMdAndMcpServersTheConfigTomlOfAPerRunCodexHome() {
        AgentContext context = new AgentContext("Always run the tests.", List.of(new McpServer("docs", null, null,
                null, null, "https://mcp.example/mcp", Map.of("Authorization", "Bearer ${DOCS_TOKEN}"))));
        AgentInvocation invocation = agent.invocation(new AgentTask("Fix it", null, null, null, null, List.of(),
                Map.of(), context), LAYOUT);

        assertThat(invocation.env()).containsEntry("CODEX_HOME", "/ambient/input/home/.codex");
        assertThat(invocation.homeFiles()).containsEntry(".codex/AGENTS.md", "Always run the tests.");
        assertThat(invocation.homeFiles().get(".codex/config.toml")).contains("[mcp_servers.docs]")
                .contains("url = \"https://mcp.example/mcp\"").contains("bearer_token_env_var = \"DOCS_TOKEN\"");
    }

    @Test
    void theCodexHomeIsCreatedEvenWithoutContextBecauseCodexNeedsItToExist() {
        AgentInvocation invocation = agent.invocation(AgentTask.of("Fix it", List.of()), LAYOUT);

        assertThat(invocation.homeFiles()).isNotEmpty().allSatisfy((name, content) ->
                assertThat(name).startsWith(".codex/"));
    }

    @Test
    void codexNeitherEnforcesTurnsNorReportsCostButReportsTokens() {
        assertThat(agent.enforcesMaxTurns()).isFalse();
        assertThat(agent.reportsCost()).isFalse();
        assertThat(agent.reportsUsage()).isTrue();
        assertThat(agent.credentialEnv()).containsExactly("CODEX_API_KEY", "OPENAI_API_KEY");
    }

    @Test
    void aSuccessfulRunYieldsItsMessagesCommandUsageAndThread() {
        Recorded run = Recorded.replay(agent, "codex-success");

        AgentOutcome outcome = run.outcome();
        assertThat(outcome.error()).isFalse();
        assertThat(outcome.finalMessage()).isEqualTo("Created hello.txt");
        assertThat(outcome.turns()).isEqualTo(2);
        assertThat(outcome.sessionId()).isEqualTo(THREAD);
        // input_tokens 2468 counts the 400 cached ones; the stream names no model.
        assertThat(outcome.usage()).isEqualTo(new Usage(2068L, 400L, 0L, 112L, null, null, List.of()));
        assertThat(outcome.stopReason()).isEqualTo("completed");
        assertThat(outcome.permissionDenials()).isEmpty();
        assertThat(outcome.warnings()).isEmpty();
        assertThat(run.ofType(AgentEvent.Type.MESSAGE)).extracting(AgentEvent::text)
                .containsExactly("I'll create hello.txt.", "Created hello.txt");
        assertThat(run.ofType(AgentEvent.Type.TOOL_CALL)).singleElement().satisfies(call -> {
            assertThat(call.data()).containsEntry("tool", "shell");
            assertThat(call.text()).isEqualTo("/bin/bash -lc \"printf 'hello world\\\\n' > hello.txt\"");
        });
        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT)).singleElement()
                .satisfies(result -> assertThat(result.data()).containsEntry("exit_code", "0")
                        .doesNotContainKey("error"));
        assertThat(run.ofType(AgentEvent.Type.USAGE)).singleElement()
                .satisfies(usage -> assertThat(usage.data()).containsEntry("cached_input_tokens", "400"));
        assertThat(run.ofType(AgentEvent.Type.RAW)).isEmpty();
    }

    @Test
    void aPatchYieldsOneFileChangePerChangedFile() {
        Recorded run = Recorded.replay(agent, "codex-success-apply-patch");

        assertThat(run.outcome().error()).isFalse();
        assertThat(run.outcome().finalMessage()).isEqualTo("Created hello.txt");
        assertThat(run.outcome().turns()).isEqualTo(2);
        assertThat(run.ofType(AgentEvent.Type.FILE_CHANGE)).singleElement().satisfies(change -> {
            assertThat(change.data().get("path"))
                    .isEqualTo("/tmp/agent-capture/work-codex-success-apply-patch/hello.txt");
            assertThat(change.data()).containsEntry("kind", "add");
        });
        assertThat(run.ofType(AgentEvent.Type.RAW)).isEmpty();
    }

    @Test
    void aFailedCommandInARunThatExitsZeroIsAWarning() {
        Recorded run = Recorded.replay(agent, "codex-command-failed");

        assertThat(run.outcome().error()).isFalse();
        assertThat(run.outcome().warnings()).singleElement().asString().contains("exit code 1")
                .contains("cat missing.txt");
        assertThat(run.ofType(AgentEvent.Type.TOOL_RESULT)).singleElement().satisfies(result -> {
            assertThat(result.text()).isEqualTo("cat: missing.txt: No such file or directory\n");
            assertThat(result.data()).containsEntry("error", "true").containsEntry("exit_code", "1");
        });
    }

    @Test
    void aResumedRunKeepsItsThreadAndReportsTheThreadsCumulativeUsage() {
        AgentOutcome outcome = Recorded.replay(agent, "codex-resume").outcome();

        assertThat(outcome.error()).isFalse();
        assertThat(outcome.finalMessage()).isEqualTo("Resumed: hello.txt already exists.");
        assertThat(outcome.sessionId()).isEqualTo(Recorded.replay(agent, "codex-success").outcome().sessionId());
        assertThat(outcome.turns()).isEqualTo(1);
        // One new request of 1234 tokens in, but Codex counts the whole thread: 2468 before + 1234.
        assertThat(outcome.usage()).isEqualTo(new Usage(3102L, 600L, 0L, 168L, null, null, List.of()));
    }

    @Test
    void retriesAreErrorEventsButOnlyTheFailedTurnMakesTheRunAnError() {
        Recorded run = Recorded.replay(agent, "codex-error");

        assertThat(run.outcome().error()).isTrue();
        assertThat(run.outcome().finalMessage()).isEqualTo(HIGH_DEMAND);
        assertThat(run.outcome().turns()).isZero();
        assertThat(run.outcome().usage()).isEqualTo(Usage.UNKNOWN);
        assertThat(run.ofType(AgentEvent.Type.ERROR)).hasSize(6)
                .filteredOn(error -> "true".equals(error.data().get("retry"))).hasSize(5);
        assertThat(run.ofType(AgentEvent.Type.RAW)).isEmpty();
    }

    @Test
    void aServerErrorWithoutRetriesIsAnErrorWithCodexsMessage() {
        Recorded run = Recorded.replay(agent, "codex-error-500-noretry");

        assertThat(run.outcome().error()).isTrue();
        assertThat(run.outcome().finalMessage()).isEqualTo(HIGH_DEMAND);
        assertThat(run.outcome().sessionId()).isEqualTo("01a21224-11d0-7e53-9708-3bfba9e3b251");
        assertThat(run.ofType(AgentEvent.Type.ERROR)).singleElement()
                .satisfies(error -> assertThat(error.data()).doesNotContainKey("retry"));
    }

    @Test
    void aBadRequestIsAnErrorCarryingTheApiResponse() {
        AgentOutcome outcome = Recorded.replay(agent, "codex-error-400").outcome();

        assertThat(outcome.error()).isTrue();
        assertThat(outcome.finalMessage()).contains("stub forced 400").contains("invalid_request_error");
    }

    @Test
    void anUnauthorizedKeyIsAnErrorAfterCodexsRetries() {
        Recorded run = Recorded.replay(agent, "codex-error-401");

        assertThat(run.outcome().error()).isTrue();
        assertThat(run.outcome().finalMessage()).startsWith("unexpected status 401 Unauthorized: stub forced 401");
        assertThat(run.ofType(AgentEvent.Type.ERROR)).filteredOn(error -> error.data().containsKey("retry"))
                .hasSize(5);
    }

    @Test
    void retriesOfAnUnreachableApiAreErrorsMarkedAsRetries() {
        Recorded run = Recorded.replay(agent, "codex-unreachable");

        assertThat(run.ofType(AgentEvent.Type.ERROR)).hasSize(4)
                .allSatisfy(error -> assertThat(error.data()).containsEntry("retry", "true"));
        assertThat(run.outcome().error()).isTrue();
        assertThat(run.outcome().finalMessage()).startsWith("Reconnecting... waiting for network");
    }

    @Test
    void aRunKilledBeforeItsTurnEndedIsAnErrorWithTheLastErrorSeen() throws IOException {
        String stdout = """
                {"type":"thread.started","thread_id":"01a21224-2385-7d60-8bf7-dd8ffd0e471d"}
                {"type":"turn.started"}
                {"type":"error","message":"Reconnecting... 1/5 (We’re currently experiencing high demand, which may cause temporary errors.)"}
                """;
        AgentOutcome outcome = parse(stdout, 137, new ArrayList<>());

        assertThat(outcome.error()).isTrue();
        assertThat(outcome.stopReason()).isEqualTo("no turn end event");
        assertThat(outcome.finalMessage()).startsWith("Reconnecting... 1/5");
        assertThat(outcome.sessionId()).isEqualTo("01a21224-2385-7d60-8bf7-dd8ffd0e471d");
    }

    /** Not captured (the stub cannot make Codex decline): the shape follows Codex's exec_events.rs. */
    @Test
    void aDeclinedCommandIsAPermissionDenial() throws IOException {
        String stdout = """
                {"type":"thread.started","thread_id":"t1"}
                {"type":"turn.started"}
                {"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"rm -rf /","aggregated_output":"","exit_code":null,"status":"declined"}}
                {"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"I was not allowed."}}
                {"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":5}}
                """;
        AgentOutcome outcome = parse(stdout, 0, new ArrayList<>());

        assertThat(outcome.permissionDenials()).containsExactly("shell: rm -rf /");
        assertThat(outcome.warnings()).isEmpty();
        assertThat(outcome.turns()).isEqualTo(2);
    }

    @Test
    void junkAndUnknownEventsAreKeptRawWithoutStoppingTheParse() throws IOException {
        String stdout = """
                not json
                {"type":"item.plan.delta","item_id":"item_0","delta":"x"}
                {"type":"item.completed","item":"not an object"}
                [1,2]
                {"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"Done"}}
                {"type":"turn.completed","usage":{"input_tokens":"many"}}
                """;
        List<AgentEvent> events = new ArrayList<>();
        AgentOutcome outcome = parse(stdout, 0, events);

        assertThat(outcome.finalMessage()).isEqualTo("Done");
        assertThat(outcome.error()).isFalse();
        assertThat(events).filteredOn(event -> event.type() == AgentEvent.Type.RAW).hasSize(4);
    }

    private AgentOutcome parse(String stdout, int exitCode, List<AgentEvent> events) throws IOException {
        return RecordedOutput.parse(agent, new ByteArrayInputStream(stdout.getBytes(StandardCharsets.UTF_8)), null,
                exitCode, events::add);
    }

    @Test
    void theEndpointBecomesTheModelProviderOfConfigToml() {
        AgentTask task = new AgentTask("p", null, null, null, null, List.of(), Map.of("OPENAI_API_KEY", "sk-x"),
                new AgentContext("", List.of(new McpServer("files", null, "npx", List.of(), Map.of(), null, Map.of()))),
                "https://litellm.example.com/v1");

        String toml = agent.invocation(task, LAYOUT).homeFiles().get(".codex/config.toml");

        assertThat(toml).startsWith("""
                model_provider = "ambient"

                [model_providers.ambient]
                name = "ambient"
                base_url = "https://litellm.example.com/v1"
                env_key = "CODEX_API_KEY"
                wire_api = "responses"
                """).contains("[mcp_servers.files]");
        assertThat(agent.invocation(task, LAYOUT).env()).containsEntry("CODEX_API_KEY", "sk-x")
                .doesNotContainKey("OPENAI_BASE_URL");
    }

    @Test
    void reconnectsThatGotNoHttpAnswerAreConnectionFailures() {
        String stdout = """
                {"type":"thread.started","thread_id":"t"}
                {"type":"turn.started"}
                {"type":"error","message":"Reconnecting... 1/5 (stream disconnected before completion: error sending request for url (http://127.0.0.1:1/v1/responses))"}
                {"type":"error","message":"Reconnecting... 2/5 (stream disconnected before completion: error sending request for url (http://127.0.0.1:1/v1/responses))"}
                {"type":"error","message":"Reconnecting... 3/5 (waiting for network)"}
                """;

        assertThat(Recorded.fed(agent, stdout, "").connectionFailures()).isEqualTo(3);
    }

    @Test
    void reconnectsAfterAnHttpReplyAreNoConnectionFailures() {
        assertThat(Recorded.fed(agent, "codex-error-401").connectionFailures()).isZero();
        assertThat(Recorded.fed(agent, "codex-error").connectionFailures()).isZero();
    }
}
