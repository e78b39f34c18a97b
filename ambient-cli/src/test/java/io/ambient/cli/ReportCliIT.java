package io.ambient.cli;

import io.ambient.Json;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.MergeStatus;
import io.ambient.fanout.PickRule;
import io.ambient.report.ReportFiles;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ambient report} as users run it: the real jar, on a report written by a real {@code ambient run}. */
class ReportCliIT {
    @TempDir
    Path tmp;

    @Test
    void aRealRunRendersAsAnHtmlPageAndAsMarkdown() throws Exception {
        Path repo = Cli.gitRepo(tmp.resolve("repo"));
        Path out = tmp.resolve("report");
        Cli.Result run = Cli.run(tmp.resolve("run-logs"), Map.of(), List.of("run", "--workspace", repo.toString(),
                "--out", out.toString(), "--state-dir", tmp.resolve("state").toString(), "--image", Cli.IMAGE,
                "--network", "none", "--prompt", "Tidy <script>\"up\"</script>", "--", "sh", "-c",
                "sed -i s/Teh/The/ README.md && rm old.txt && echo tidied"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path json = out.resolve("report.json");

        Cli.Result html = Cli.run(tmp.resolve("html-logs"), Map.of(), List.of("report", "--html", json.toString()));

        assertThat(html.exitCode()).as(html.stderr()).isZero();
        assertThat(html.stderr()).contains("wrote " + out.resolve("report.html"));
        assertThat(out.resolve("ambient-report.css")).exists().content().contains(".ar-add");
        assertThat(out.resolve("report.html")).content()
                .contains("<link rel=\"stylesheet\" href=\"ambient-report.css\">", "ar-status-succeeded", "command")
                .contains("Tidy &lt;script&gt;&quot;up&quot;&lt;/script&gt;")
                .contains("<span class=\"ar-add\">+The sample</span>", "<span class=\"ar-del\">-Teh sample</span>")
                .contains("<a href=\"report.json\">report.json</a>", "tidied")
                .doesNotContain("<script", "style=");

        Cli.Result markdown = Cli.run(tmp.resolve("md-logs"), Map.of(),
                List.of("report", "--markdown", "--link", "Build=https://ci.example/job/1/", json.toString()));

        assertThat(markdown.exitCode()).as(markdown.stderr()).isZero();
        assertThat(markdown.stdout()).startsWith("### ✅ Ambient run succeeded")
                .contains("**Agent** command", "**Files** 2 changed", "[Build](https://ci.example/job/1/)")
                .contains("```diff\n", "+The sample", "<details><summary>Changed files (2)</summary>");
        assertThat(markdown.stdout().length()).isLessThan(65_536);

        Path custom = tmp.resolve("site/page.html");
        Cli.Result elsewhere = Cli.run(tmp.resolve("out-logs"), Map.of(),
                List.of("report", "--html", "--out", custom.toString(), json.toString()));
        assertThat(elsewhere.exitCode()).as(elsewhere.stderr()).isZero();
        assertThat(custom).content().contains("<a href=\"../report/report.json\">report.json</a>");
        assertThat(tmp.resolve("site/ambient-report.css")).exists();
    }

    @Test
    void aPageIsNeverWrittenThroughALinkLeftInTheReportDirectory() throws Exception {
        Path repo = Cli.gitRepo(tmp.resolve("repo"));
        Path out = tmp.resolve("report");
        Cli.Result run = Cli.run(tmp.resolve("run-logs"), Map.of(), List.of("run", "--workspace", repo.toString(),
                "--out", out.toString(), "--state-dir", tmp.resolve("state").toString(), "--image", Cli.IMAGE,
                "--network", "none", "--prompt", "Tidy", "--", "sh", "-c", "echo tidied"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        // What an agent that could write the report directory (bind mode, inside the workspace) may leave there.
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious\n");
        Files.createSymbolicLink(out.resolve("report.html"), victim);
        Files.createSymbolicLink(out.resolve("ambient-report.css"), victim);

        Cli.Result html = Cli.run(tmp.resolve("html-logs"), Map.of(),
                List.of("report", "--html", out.resolve("report.json").toString()));

        assertThat(html.exitCode()).as(html.stderr()).isZero();
        assertThat(victim).content().isEqualTo("precious\n");
        assertThat(Files.isSymbolicLink(out.resolve("report.html"))).isFalse();
        assertThat(out.resolve("report.html")).content().contains("tidied");
    }

    @Test
    void aFanOutReportRendersItsTableAndAPagePerRun() throws Exception {
        Path dir = tmp.resolve("fanout");
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        RunReport a = RunReport.builder().runId("fo-a").agent("command").status(RunStatus.SUCCEEDED)
                .startedAt(start).finishedAt(start.plusSeconds(3)).build();
        RunReport b = RunReport.builder().runId("fo-b").agent("command").status(RunStatus.FAILED)
                .startedAt(start).finishedAt(start.plusSeconds(4)).build();
        ReportFiles.write(a, dir.resolve("runs/a"));
        ReportFiles.write(b, dir.resolve("runs/b"));
        FanOutReport fanOut = new FanOutReport(FanOutReport.SCHEMA_VERSION, "fo", "/ws", start, start.plusSeconds(5),
                5_000, 2, PickRule.BEST, null, null, null, null, List.of(
                new FanOutRun("a", null, null, null, "runs/a/report.json", a, null, List.of(), MergeStatus.MERGED, List.of()),
                new FanOutRun("b|x", null, null, null, "runs/b/report.json", b, null, List.of(), MergeStatus.NOT_ELIGIBLE,
                        List.of())));
        Json.writeAtomically(fanOut, dir.resolve("fanout.json"));

        Cli.Result html = Cli.run(tmp.resolve("html-logs"), Map.of(),
                List.of("report", "--html", dir.resolve("fanout.json").toString()));

        assertThat(html.exitCode()).as(html.stderr()).isZero();
        assertThat(dir.resolve("fanout.html")).content()
                .contains("<tr class=\"ar-picked\"><td class=\"ar-path\"><a href=\"runs/a/report.html\">a</a>")
                .contains("<a href=\"runs/b/report.html\">b|x</a>");
        assertThat(dir.resolve("runs/a/report.html")).content().contains("fo-a");
        assertThat(dir.resolve("runs/b/ambient-report.css")).exists();
        assertThat(dir.resolve("ambient-report.css")).exists();

        Cli.Result markdown = Cli.run(tmp.resolve("md-logs"), Map.of(),
                List.of("report", "--markdown", dir.resolve("fanout.json").toString()));

        assertThat(markdown.exitCode()).as(markdown.stderr()).isZero();
        assertThat(markdown.stdout()).contains("| **a** | succeeded |", "✅ **merged (picked)**", "| b\\|x | failed |");
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        Files.writeString(tmp.resolve("other.json"), "{\"hello\": 1}");
        Files.writeString(tmp.resolve("broken.json"), "{not json");

        assertBadInput(report("--html", tmp.resolve("missing.json").toString()), "no such file");
        assertBadInput(report("--markdown", tmp.resolve("other.json").toString()), "neither a run report");
        assertBadInput(report("--markdown", tmp.resolve("broken.json").toString()), "is not JSON");
        assertBadInput(report(tmp.resolve("other.json").toString()), "--html");
        assertThat(tmp.resolve("report.html")).doesNotExist();
    }

    private Cli.Result report(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("report"));
        all.addAll(List.of(args));
        return Cli.run(tmp.resolve("logs"), Map.of(), all);
    }

    private static void assertBadInput(Cli.Result result, String message) {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr().strip()).contains(message);
    }
}
