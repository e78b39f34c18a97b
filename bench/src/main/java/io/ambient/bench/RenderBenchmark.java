package io.ambient.bench;

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
import io.ambient.report.render.HtmlRenderer;
import io.ambient.report.render.MarkdownRenderer;
import io.ambient.report.render.ReportStyles;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rendering time and output size of the HTML page and the Markdown comment, for a big run report (10,000 events,
 * 200 changed files, a ~1 MB patch) and a big fan-out (50 runs, each with its own report). Everything is built in
 * memory; no Docker, no files. Each rendering is warmed up, then timed over {@code --rounds} rounds (best and median).
 * <p>
 * Usage: {@code bench/run.sh render [--events 10000] [--runs 50] [--rounds 20]}, or
 * {@code java -cp bench/target/ambient-bench.jar io.ambient.bench.RenderBenchmark ...}
 */
public final class RenderBenchmark {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private RenderBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> options = Bench.options(args);
        int events = Integer.parseInt(options.getOrDefault("--events", "10000"));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "50"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "20"));

        RunReport run = runReport("20261125-100000-bench", events, 200);
        FanOutReport fanOut = fanOut(runs, events / 10);
        System.out.printf(Locale.ROOT, "Rendering, %d rounds after warm-up (Java %s, %d cores)%n", rounds,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-42s %10s %10s %12s%n", "what", "best ms", "median ms", "output");
        time("run report, " + events + " events: HTML page", rounds,
                () -> HtmlRenderer.runPage(run, HtmlRenderer.Options.DEFAULT));
        time("run report, " + events + " events: Markdown", rounds, () -> MarkdownRenderer.run(run, Map.of()));
        time("fan-out, " + runs + " runs: HTML page", rounds,
                () -> HtmlRenderer.fanOutPage(fanOut, HtmlRenderer::runPageHref, Map.of(), ReportStyles.FILE_NAME));
        time("fan-out, " + runs + " runs: Markdown", rounds, () -> MarkdownRenderer.fanOut(fanOut, Map.of()));
        time("fan-out, " + runs + " runs: HTML page of every run", rounds, () -> {
            StringBuilder all = new StringBuilder();
            for (FanOutRun r : fanOut.runs()) {
                all.append(HtmlRenderer.runPage(r.report(), HtmlRenderer.Options.DEFAULT));
            }
            return all.toString();
        });
    }

    private static void time(String what, int rounds, Supplier<String> render) {
        String output = null;
        for (int i = 0; i < Math.max(5, rounds / 2); i++) {
            output = render.get();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            output = render.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        int bytes = output.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(Locale.ROOT, "%-42s %10.2f %10.2f %9.1f KB%n", what, Bench.best(millis), Bench.median(millis),
                bytes / 1024.0);
    }

    static RunReport runReport(String runId, int eventCount, int fileCount) {
        return runReportBuilder(runId, eventCount, fileCount).build();
    }

    /** The report of {@link #runReport}, still open for more. */
    static RunReport.Builder runReportBuilder(String runId, int eventCount, int fileCount) {
        List<AgentEvent> events = new ArrayList<>(eventCount);
        AgentEvent.Type[] cycle = {AgentEvent.Type.MESSAGE, AgentEvent.Type.TOOL_CALL, AgentEvent.Type.TOOL_RESULT,
                AgentEvent.Type.TOOL_CALL, AgentEvent.Type.TOOL_RESULT, AgentEvent.Type.OUTPUT, AgentEvent.Type.ERROR};
        for (int i = 0; i < eventCount; i++) {
            AgentEvent.Type type = cycle[i % cycle.length];
            String text = switch (type) {
                case TOOL_CALL -> "Bash: mvn -B -q test -Dtest=RetryPolicyTest#case" + i;
                case TOOL_RESULT -> "[INFO] Tests run: 12, Failures: 0 <ok> & done\n" + "=".repeat(400);
                case OUTPUT -> "output line " + i + " " + "token ".repeat(40);
                case ERROR -> "error: cannot open src/main/java/File" + i + ".java";
                default -> "Let me look at the retry policy (event " + i + ") and fix `backoff()`.";
            };
            events.add(new AgentEvent(i, START.plusMillis(i * 100L), type, text,
                    type == AgentEvent.Type.TOOL_CALL ? Map.of("tool", "Bash") : Map.of()));
        }
        StringBuilder patch = new StringBuilder();
        List<ChangedFile> files = new ArrayList<>();
        for (int f = 0; f < fileCount; f++) {
            String path = "src/main/java/io/ambient/generated/File" + f + ".java";
            patch.append("diff --git a/").append(path).append(" b/").append(path).append("\nindex 1111111..2222222 100644\n--- a/")
                    .append(path).append("\n+++ b/").append(path).append("\n@@ -1,60 +1,60 @@\n");
            for (int l = 0; l < 30; l++) {
                patch.append("-    int value").append(l).append(" = compute(\"old\", ").append(l).append(");\n")
                        .append("+    int value").append(l).append(" = compute(\"new\" + \"<x>\", ").append(l).append(");\n");
            }
            files.add(new ChangedFile(path, ChangeType.MODIFIED, 30, 30, false));
        }
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            message.append("Line ").append(i).append(" of the final message: changed `backoff()` <b> & co.\n");
        }
        return RunReport.builder().runId(runId).agent("claude-code").model("claude-sonnet-4").executor("docker")
                .image("ambient-agent:1").prompt("Fix the flaky retry logic").status(RunStatus.SUCCEEDED).exitCode(0)
                .startedAt(START).finishedAt(START.plusSeconds(1_000)).changedFiles(files)
                .patch(new PatchInfo("changes.patch", patch.length(), false, patch.toString()))
                .finalMessage(message.toString()).turns(120).usage(new Usage(4_000_000L, 120_000L, 12.34))
                .stopReason("end_turn").events(new EventLog(eventCount, 0, events));
    }

    static FanOutReport fanOut(int runCount, int eventsPerRun) {
        List<FanOutRun> runs = new ArrayList<>(runCount);
        for (int i = 0; i < runCount; i++) {
            String name = "run-" + i;
            RunReport report = runReport("fo-bench-" + i, eventsPerRun, 20);
            runs.add(new FanOutRun(name, null, null, "claude-sonnet-4", "runs/" + name + "/report.json", report, null,
                    List.of(), i == 0 ? MergeStatus.MERGED : MergeStatus.NOT_PICKED, List.of()));
        }
        return new FanOutReport(FanOutReport.SCHEMA_VERSION, "fo-bench", "/tmp/ws", START, START.plusSeconds(1_000),
                1_000_000, 8, PickRule.BEST, "mvn -B -q verify", null, null, 12.34 * runCount, runs);
    }
}
