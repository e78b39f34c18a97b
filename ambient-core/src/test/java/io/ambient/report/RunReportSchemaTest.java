package io.ambient.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ambient.Json;
import io.ambient.agent.AgentEvent;
import io.ambient.agent.Usage;
import io.ambient.testing.ReportSchema;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The published schema describes exactly what the report writer writes. */
class RunReportSchemaTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aReportWithEveryFieldSetConformsToTheSchema() {
        ObjectNode json = Json.MAPPER.valueToTree(full());

        assertThat(ReportSchema.problems(json)).isEmpty();
        assertThat(json.get("status").asText()).isEqualTo("timed_out");
        assertThat(json.at("/changedFiles/0/change").asText()).isEqualTo("modified");
        assertThat(json.at("/events/items/0/type").asText()).isEqualTo("tool_call");
        assertThat(json.get("stoppedBy").asText()).isEqualTo("timeout");
        assertThat(json.get("suspect").asBoolean()).isTrue();
        assertThat(json.get("outputCut").asBoolean()).isTrue();
    }

    @Test
    void aFieldTheSchemaDoesNotDocumentIsCaught() {
        ObjectNode json = Json.MAPPER.valueToTree(full());
        json.put("undocumented", true);

        assertThat(ReportSchema.problems(json)).singleElement().asString().contains("undocumented");
    }

    @Test
    void reportsReadBackAsWritten() throws Exception {
        RunReport report = full();

        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(report), RunReport.class)).isEqualTo(report);
    }

    private static RunReport full() {
        return RunReport.builder()
                .runId("20261125-100000-abcdef").agent("command").model("m1").image("img:1").executor("docker")
                .workspace("/tmp/ws").prompt("Fix it").status(RunStatus.TIMED_OUT).exitCode(137).oomKilled(false).outputCut(true)
                .startedAt(START).finishedAt(START.plusSeconds(3))
                .changedFiles(List.of(new ChangedFile("a.txt", ChangeType.MODIFIED, 1, 1, false)))
                .patch(new PatchInfo("changes.patch", 10, false, "diff --git\n"))
                .finalMessage("done").turns(2).usage(new Usage(10L, 20L, 0.01)).sessionId("s-1").stopReason("killed")
                .limits(new RunLimits(600L, 30, 2.5)).stoppedBy(StopCause.TIMEOUT)
                .permissionDenials(List.of("Bash: rm -rf /")).suspectReasons(List.of("1 tool call(s) were denied"))
                .context(new ContextInfo(List.of("team-rules"), "sha256:" + "0".repeat(64), List.of()))
                .error("killed")
                .events(new EventLog(1, 0, List.of(new AgentEvent(0, START, AgentEvent.Type.TOOL_CALL, "Write a.txt",
                        Map.of("tool", "Write")))))
                .labels(Map.of("job", "nightly"))
                .build();
    }
}
