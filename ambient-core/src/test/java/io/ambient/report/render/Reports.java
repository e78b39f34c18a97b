package io.ambient.report.render;

import io.ambient.agent.AgentEvent;
import io.ambient.agent.Usage;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.MergeStatus;
import io.ambient.fanout.PickRule;
import io.ambient.report.EventLog;
import io.ambient.report.PatchInfo;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reports for the renderer tests. */
final class Reports {
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final String PATCH = """
            diff --git a/README.md b/README.md
            index 1111111..2222222 100644
            --- a/README.md
            +++ b/README.md
            @@ -1 +1 @@
            -Teh sample
            +The sample
            diff --git a/old.txt b/old.txt
            deleted file mode 100644
            --- a/old.txt
            +++ /dev/null
            @@ -1 +0,0 @@
            -obsolete
            """;

    private Reports() {
    }

    static RunReport.Builder base() {
        return RunReport.builder().runId("20261125-100000-abcdef").agent("claude-code").model("claude-sonnet-4")
                .executor("docker").image("img:1").prompt("Fix the typo").status(RunStatus.SUCCEEDED).exitCode(0)
                .startedAt(START).finishedAt(START.plusMillis(83_400))
                .changedFiles(List.of(new ChangedFile("README.md", ChangeType.MODIFIED, 1, 1, false),
                        new ChangedFile("old.txt", ChangeType.DELETED, 0, 1, false)))
                .patch(new PatchInfo("changes.patch", PATCH.length(), false, PATCH))
                .finalMessage("Fixed the typo and removed old.txt.").turns(7)
                .usage(new Usage(12_345L, 678L, 0.1234)).stopReason("end_turn")
                .events(events(6));
    }

    static EventLog events(int count) {
        List<AgentEvent> items = new ArrayList<>();
        AgentEvent.Type[] cycle = {AgentEvent.Type.MESSAGE, AgentEvent.Type.TOOL_CALL, AgentEvent.Type.TOOL_RESULT,
                AgentEvent.Type.TOOL_CALL, AgentEvent.Type.TOOL_RESULT, AgentEvent.Type.ERROR};
        for (int i = 0; i < count; i++) {
            AgentEvent.Type type = cycle[i % cycle.length];
            items.add(new AgentEvent(i, START.plusMillis(i), type, type + " number " + i,
                    type == AgentEvent.Type.TOOL_CALL ? Map.of("tool", "Bash") : Map.of()));
        }
        return new EventLog(count, 0, items);
    }

    static FanOutReport fanOut() {
        RunReport a = base().runId("fo-1-a").build();
        RunReport b = base().runId("fo-1-b").model("gpt|5`x").usage(new Usage(1L, 2L, 0.5)).build();
        return new FanOutReport(FanOutReport.SCHEMA_VERSION, "fo-1", "/tmp/ws", START, START.plusSeconds(90), 90_000, 2,
                PickRule.BEST, null, null, null, 0.6234, List.of(
                new FanOutRun("sonnet", null, null, "claude-sonnet-4", "runs/sonnet/report.json", a, null, List.of(),
                        MergeStatus.MERGED, List.of()),
                new FanOutRun("gpt|5`<b>", null, null, "gpt-5", "runs/gpt/report.json", b, null, List.of(),
                        MergeStatus.NOT_PICKED, List.of()),
                new FanOutRun("late", null, null, null, null, null, null, List.of(), MergeStatus.NOT_STARTED,
                        List.of())));
    }
}
