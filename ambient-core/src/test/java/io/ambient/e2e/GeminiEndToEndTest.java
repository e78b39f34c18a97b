package io.ambient.e2e;

import io.ambient.e2e.FakeModelApi.Turn;
import io.ambient.report.RunReport;
import io.ambient.run.RunRequest;
import io.ambient.run.RunResult;
import io.ambient.testing.ReportSchema;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ambient.e2e.FakeModelApi.text;
import static io.ambient.e2e.FakeModelApi.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Gemini CLI (npm {@code @google/gemini-cli} on the host's Node.js, in {@code ambient-test/gemini:1}, built
 * by {@code .ci/build-agent-image.sh gemini}) run through our engine in a container, talking to {@link FakeGeminiApi}
 * on the host's loopback through the run's endpoint setting ({@code GOOGLE_GEMINI_BASE_URL}): proves that the
 * adapter's command line, home, settings and approval mode work with the real program, and that the report says what
 * it did.
 */
class GeminiEndToEndTest extends RealCliTest<FakeGeminiApi> {
    static final String MODEL = "gemini-2.5-flash";

    GeminiEndToEndTest() {
        super("gemini", "AMBIENT_GEMINI_IMAGE", "ambient-test/gemini:1");
    }

    @Test
    void theRealCliWritesTheFileTheModelAskedForAndTheReportListsItAsAdded() throws Exception {
        RunResult result = run(request(PROMPT), writePoem(), done());

        assertWrotePoem(result);
    }

    @Test
    void theRealCliEditsTheFileTheModelAskedForAndTheReportListsItAsModified() {
        RunResult result = run(request("Fix the typo in README.md."),
                Turn.of(text("I'll fix the typo."), toolCall("replace", Map.of("file_path", "/workspace/README.md",
                        "old_string", "Teh sample", "new_string", "The sample", "instruction", "Fix the typo"))),
                done());

        assertFixedTypo(result);
    }

    @Test
    void theRulesOfTheRunsContextReachTheModel() {
        RunResult result = run(request(PROMPT), writePoem(), done());

        assertSucceeded(result);
        assertThat(FakeGeminiApi.promptText(api.turnRequests().get(0))).contains(RULES);
        assertThat(result.report().patch().text()).doesNotContain(RULES);
    }

    @Test
    void inItsContainerTheCliRunsShellWorkWithExpansionsAndPipesAndTheRunIsNotSuspect() throws Exception {
        RunResult result = run(request("Count the lines of the Markdown files into counts.txt."),
                Turn.of(text("I'll count the lines."), toolCall("run_shell_command", Map.of(
                        "command", COUNT_LINES,
                        "description", "Count the lines of each Markdown file"))),
                done());

        assertCountedLines(result);
    }

    @Test
    void theReportCarriesTheTurnsUsageFinalMessageAndSessionOfTheConversation() {
        RunResult result = run(request(PROMPT), writePoem(), done());

        assertSucceeded(result);
        RunReport report = result.report();
        assertThat(report.exitCode()).isZero();
        assertThat(report.turns()).isEqualTo(2);
        assertThat(report.finalMessage()).isEqualTo(FINAL);
        // The result sums the two answers; the report keeps cache reads apart from the other input.
        FakeGeminiApi.Usage answer = FakeGeminiApi.USAGE;
        assertThat(report.usage().inputTokens()).isEqualTo(2L * (answer.promptTokens() - answer.cachedTokens()));
        assertThat(report.usage().cacheReadTokens()).isEqualTo(2L * answer.cachedTokens());
        assertThat(report.usage().outputTokens()).isEqualTo(2L * answer.candidatesTokens());
        assertThat(report.sessionId()).isNotBlank();
        ReportSchema.assertConforms(result.reportFile());
    }

    @Test
    void theCliTalksOnlyToTheStreamingApiAndSendsTheToolResultsBack() {
        RunResult result = run(request(PROMPT), writePoem(), done());

        assertSucceeded(result);
        assertThat(api.unknownRequests()).as("requests to paths the fake does not know").isEmpty();
        assertThat(api.turnRequests()).hasSize(2).allSatisfy(request -> {
            assertThat(request.uri()).isEqualTo("/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse");
            assertThat(request.header("x-goog-api-key")).isEqualTo("gemini-e2e-dummy");
        });
        assertThat(api.turnRequests().get(1).rawBody()).contains("functionResponse").contains("write_file");
    }

    @Test
    void aBudgetTheRunsTokensCrossAtTheModelsBuiltInPriceMarksTheRunOverBudget() {
        // Two answers of the fake at gemini-2.5-flash's built-in price: about $0.0008.
        RunResult result = run(request(PROMPT).budgetUsd(0.0001), writePoem(), done());

        assertOverBudgetByEstimate(result, 0.0001);
    }

    @Test
    void anEndpointThatRefusesConnectionsStopsTheRunWithin90SecondsAsUnreachable() throws Exception {
        assertStopsAsUnreachable(request(PROMPT).model(MODEL).secret("GEMINI_API_KEY", "gemini-e2e-dummy"),
                closedEndpoint(""));
    }

    /** Runs the real CLI against a fresh fake API answering {@code script}, named by the run's endpoint setting. */
    private RunResult run(RunRequest.Builder request, Turn... script) {
        FakeGeminiApi fake = FakeGeminiApi.start(script);
        return run(request.model(MODEL).endpoint(fake.baseUrl()).secret("GEMINI_API_KEY", "gemini-e2e-dummy"), fake);
    }

    private static Turn writePoem() {
        return Turn.of(text("I'll write the haiku to poem.md."),
                toolCall("write_file", Map.of("file_path", "/workspace/poem.md", "content", POEM)));
    }
}
