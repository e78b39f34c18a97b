package io.ambient.report.render;

import io.ambient.agent.AgentEvent;
import io.ambient.report.EventLog;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlRendererTest {
    private static final String EVIL = "<script>alert(\"x\")</script>";

    @Test
    void theHeaderShowsTheKeyNumbers() {
        RunReport report = Reports.base().suspectReasons(List.of("changed nothing")).build();

        String html = HtmlRenderer.runPage(report, HtmlRenderer.Options.DEFAULT);

        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("ar-status-succeeded", "claude-code", "claude-sonnet-4", "1 min 23 s", "$0.1234",
                        "12,345 in / 678 out", "<dt>Turns</dt><dd>7</dd>", "end_turn", "ar-suspect-flag",
                        "changed nothing", "Fixed the typo and removed old.txt.", "2 changed, +1 -2")
                .contains("<link rel=\"stylesheet\" href=\"ambient-report.css\">")
                .contains("<a href=\"report.json\">report.json</a>");
    }

    @Test
    void zeroTurnsAreShownAsZeroAndAnUnknownCostAsADash() {
        String html = HtmlRenderer.runPage(Reports.base().turns(0).usage(null).build(), HtmlRenderer.Options.DEFAULT);

        assertThat(html).contains("<dt>Turns</dt><dd>0</dd>", "<dt>Cost</dt><dd>-</dd>").doesNotContain("unknown");
    }

    @Test
    void userControlledTextIsEscaped() {
        RunReport report = Reports.base().prompt(EVIL).finalMessage(EVIL).agent(EVIL).stopReason(EVIL)
                .changedFiles(List.of(new ChangedFile(EVIL + ".txt", ChangeType.ADDED, 1, 0, false)))
                .patch(new io.ambient.report.PatchInfo("changes.patch", 100, false,
                        "diff --git a/" + EVIL + " b/" + EVIL + "\n@@ -0,0 +1 @@\n+" + EVIL + "\n"))
                .events(new EventLog(1, 0, List.of(new AgentEvent(0, Reports.START, AgentEvent.Type.MESSAGE, EVIL,
                        Map.of("tool", EVIL)))))
                .labels(Map.of("job", EVIL))
                .build();

        String html = HtmlRenderer.runPage(report, HtmlRenderer.Options.DEFAULT
                .withLinks(Map.of(EVIL, "javascript:alert(1)")));

        assertThat(html).doesNotContain("<script", "alert(\"x\")", "javascript:")
                .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
                .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.txt");
    }

    @Test
    void thereAreNoScriptsNoInlineStylesAndNoExternalResources() {
        String html = HtmlRenderer.runPage(Reports.base().build(), HtmlRenderer.Options.DEFAULT)
                + HtmlRenderer.fanOutPage(Reports.fanOut(), HtmlRenderer::runPageHref, Map.of(), ReportStyles.FILE_NAME);

        assertThat(html).doesNotContain("<script", "style=", "<style", "http://", "https://", "src=", " on");
        assertThat(HtmlRenderer.runFragment(Reports.base().build(), HtmlRenderer.Options.DEFAULT))
                .startsWith("<div class=\"ambient-report").doesNotContain("<link", "<html", "<head>");
    }

    @Test
    void theDiffIsCollapsedPerFileWithLineClasses() {
        String html = HtmlRenderer.runFragment(Reports.base().build(), HtmlRenderer.Options.DEFAULT);

        assertThat(count(html, "<details class=\"ar-file\">")).isEqualTo(2);
        assertThat(html).contains("<span class=\"ar-del\">-Teh sample</span>")
                .contains("<span class=\"ar-add\">+The sample</span>")
                .contains("<span class=\"ar-hunk\">@@ -1 +1 @@</span>")
                .contains("<span class=\"ar-meta\">--- a/README.md</span>")
                .contains("<span class=\"ar-path\">old.txt</span>");
    }

    @Test
    void aTruncatedPatchLinksTheFullOne() {
        RunReport report = Reports.base().patch(new io.ambient.report.PatchInfo("changes.patch", 9_999_999, true,
                Reports.PATCH)).build();

        assertThat(HtmlRenderer.runFragment(report, HtmlRenderer.Options.DEFAULT))
                .contains("The diff is truncated").contains("<a href=\"changes.patch\">changes.patch</a>");
    }

    @Test
    void tenThousandEventsRenderBoundedAndGrouped() {
        List<AgentEvent> items = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            AgentEvent.Type type = i % 50 == 0 ? AgentEvent.Type.MESSAGE
                    : i % 2 == 0 ? AgentEvent.Type.TOOL_CALL : AgentEvent.Type.TOOL_RESULT;
            items.add(new AgentEvent(i, Reports.START.plusMillis(i), type, "x".repeat(5_000) + i, Map.of()));
        }
        RunReport report = Reports.base().events(new EventLog(10_000, 0, items)).build();

        String html = HtmlRenderer.runFragment(report, HtmlRenderer.Options.DEFAULT);

        int rendered = count(html, "<li class=\"ar-ev ");
        assertThat(rendered).isEqualTo(HtmlRenderer.TIMELINE_HEAD + HtmlRenderer.TIMELINE_TAIL);
        assertThat(html.length()).isLessThan(rendered * (HtmlRenderer.EVENT_TEXT_CHARS + 400) + 50_000);
        assertThat(count(html, "<li class=\"ar-group ar-kind-tool\"><details>")).isGreaterThan(5);
        assertThat(html).contains("9600 more events in <a href=\"report.json\">report.json</a>")
                .contains("49 tool events").contains("4004 more characters]");
    }

    @Test
    void eventsTheReportDroppedShowAsAGap() {
        EventLog log = Reports.events(6);
        List<AgentEvent> items = new ArrayList<>(log.items().subList(0, 3));
        for (AgentEvent event : log.items().subList(3, 6)) {
            items.add(new AgentEvent(event.seq() + 500, event.time(), event.type(), event.text(), event.data()));
        }
        RunReport report = Reports.base().events(new EventLog(506, 500, items)).build();

        assertThat(HtmlRenderer.runFragment(report, HtmlRenderer.Options.DEFAULT))
                .contains("500 events not kept in the report").contains("506 events");
    }

    @Test
    void aRunWithoutWorkspaceOrMessageStillRenders() {
        RunReport report = RunReport.builder().runId("r").status(RunStatus.ERROR).startedAt(Reports.START)
                .finishedAt(Reports.START).error("image not found").build();

        assertThat(HtmlRenderer.runPage(report, HtmlRenderer.Options.DEFAULT))
                .contains("ar-status-error", "image not found", "no final message", "no workspace", "No events");
    }

    @Test
    void theFanOutTableMarksThePickedRunAndLinksEachRun() {
        String html = HtmlRenderer.fanOutPage(Reports.fanOut(), HtmlRenderer::runPageHref, Map.of(), "ambient-report.css");

        assertThat(html).contains("<tr class=\"ar-picked\"><td class=\"ar-path\"><a href=\"runs/sonnet/report.html\">sonnet</a>")
                .contains("&#10003; picked")
                .contains("<a href=\"runs/gpt/report.html\">gpt|5`&lt;b&gt;</a>")
                .contains("<td class=\"ar-path\">late</td>")
                .contains("$0.6234");
        assertThat(count(html, "ar-picked")).isEqualTo(1);
    }

    @Test
    void theStylesheetDefinesTheClassesTheHtmlUses() throws Exception {
        String css = ReportStyles.css();
        assertThat(css).contains(".ar-add", ".ar-del", ".ar-hunk", ".ar-picked", ".ar-status-succeeded")
                .doesNotContain("url(", "@import");
        Path dir = Files.createTempDirectory("css");
        assertThat(ReportStyles.writeTo(dir)).hasContent(css);
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
