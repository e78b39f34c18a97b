package io.ambient.e2e;

import io.ambient.agent.Price;
import io.ambient.e2e.FakeModelApi.Turn;
import io.ambient.report.RunReport;
import io.ambient.run.RunRequest;
import io.ambient.run.RunResult;
import io.ambient.testing.ReportSchema;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ambient.e2e.FakeModelApi.customToolCall;
import static io.ambient.e2e.FakeModelApi.text;
import static io.ambient.e2e.FakeModelApi.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Codex CLI (npm {@code @openai/codex}, in {@code ambient-test/codex:1}, built by
 * {@code .ci/build-agent-image.sh codex}) run through our engine in a container, talking to
 * {@link FakeOpenAiResponsesApi} on the host's loopback through the run's endpoint setting: proves that the adapter's
 * command line, {@code CODEX_HOME}, model provider and sandbox work with the real program, and that the report says
 * what it did.
 */
class CodexEndToEndTest extends RealCliTest<FakeOpenAiResponsesApi> {
    /** A model the CLI knows (in {@code codex debug models --bundled}): its tools are exec_command and apply_patch. */
    static final String MODEL = "gpt-5.5";

    CodexEndToEndTest() {
        super("codex", "AMBIENT_CODEX_IMAGE", "ambient-test/codex:1");
    }

    @Test
    void theRealCliAppliesThePatchTheModelAskedForAndTheReportListsTheFileAsAdded() throws Exception {
        RunResult result = run(request(PROMPT), writePoem(), done());

        assertWrotePoem(result);
    }

    @Test
    void theRealCliEditsTheFileTheModelAskedForAndTheReportListsItAsModified() {
        RunResult result = run(request("Fix the typo in README.md."),
                Turn.of(text("I'll fix the typo."), customToolCall("apply_patch",
                        "*** Begin Patch\n*** Update File: README.md\n@@\n-Teh sample\n+The sample\n*** End Patch\n")),
                done());

        assertFixedTypo(result);
    }

    @Test
    void theRulesOfTheRunsContextReachTheModel() {
        RunResult result = run(request(PROMPT), writePoem(), done());

        assertSucceeded(result);
        assertThat(api.turnRequests().get(0).rawBody()).contains(RULES);
        assertThat(result.report().patch().text()).doesNotContain(RULES);
    }

    @Test
    void inItsContainerTheCliRunsShellWorkWithExpansionsAndPipesAndTheRunIsNotSuspect() throws Exception {
        RunResult result = run(request("Count the lines of the Markdown files into counts.txt."),
                Turn.of(text("I'll count the lines."), toolCall("exec_command", Map.of(
                        "cmd", COUNT_LINES, "workdir", "/workspace"))),
                done());

        assertCountedLines(result);
    }

    @Test
    void theReportCarriesTheTurnsUsageFinalMessageAndThreadOfTheConversation() {
        RunResult result = run(request(PROMPT), writePoem(), done());

        assertSucceeded(result);
        RunReport report = result.report();
        assertThat(report.exitCode()).isZero();
        assertThat(report.turns()).isEqualTo(2);
        assertThat(report.finalMessage()).isEqualTo(FINAL);
        // turn.completed sums the turn's two answers; the report keeps cache reads apart from the other input.
        FakeOpenAiResponsesApi.Usage answer = FakeOpenAiResponsesApi.USAGE;
        assertThat(report.usage().inputTokens()).isEqualTo(2L * (answer.inputTokens() - answer.cachedTokens()));
        assertThat(report.usage().cacheReadTokens()).isEqualTo(2L * answer.cachedTokens());
        assertThat(report.usage().outputTokens()).isEqualTo(2L * answer.outputTokens());
        assertThat(report.sessionId()).isNotBlank();
        assertThat(api.turnRequests()).extracting(request -> request.header("thread-id"))
                .containsOnly(report.sessionId());
        ReportSchema.assertConforms(result.reportFile());
    }

    @Test
    void theCliTalksOnlyToTheResponsesApiAndSendsTheToolResultsBack() {
        RunResult result = run(request(PROMPT), writePoem(), done());

        assertSucceeded(result);
        assertThat(api.unknownRequests()).as("requests to paths the fake does not know").isEmpty();
        assertThat(api.turnRequests()).hasSize(2).allSatisfy(request -> {
            assertThat(request.uri()).isEqualTo("/v1/responses");
            assertThat(request.header("Authorization")).isEqualTo("Bearer sk-e2e-dummy");
            assertThat(request.body().path("stream").asBoolean()).isTrue();
        });
        assertThat(api.turnRequests().get(1).rawBody()).contains("custom_tool_call_output");
    }

    @Test
    void aBudgetTheTurnsTokensCrossAtTheProfilesPriceStopsTheRunAsOverBudget() {
        // Two answers of the fake: about 2,070 uncached input and 110 output tokens, $0.014 at this price.
        RunResult result = run(request(PROMPT).budgetUsd(0.001).price(new Price(5.0, 0.5, null, 30.0)),
                writePoem(), done());

        assertOverBudgetByEstimate(result, 0.001);
    }

    @Test
    void anEndpointThatRefusesConnectionsStopsTheRunWithin90SecondsAsUnreachable() throws Exception {
        assertStopsAsUnreachable(request(PROMPT).model(MODEL).secret("OPENAI_API_KEY", "sk-e2e-dummy"),
                closedEndpoint("/v1"));
    }

    /** Runs the real CLI against a fresh fake API answering {@code script}, named by the run's endpoint setting. */
    private RunResult run(RunRequest.Builder request, Turn... script) {
        FakeOpenAiResponsesApi fake = FakeOpenAiResponsesApi.start(script);
        return run(request.model(MODEL).endpoint(fake.apiUrl()).secret("OPENAI_API_KEY", "sk-e2e-dummy"), fake);
    }

    private static Turn writePoem() {
        return Turn.of(text("I'll write the haiku to poem.md."), customToolCall("apply_patch",
                "*** Begin Patch\n*** Add File: poem.md\n" + POEM.replaceAll("(?m)^(.+)$", "+$1")
                        + "*** End Patch\n"));
    }
}
