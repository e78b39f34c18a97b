package io.ambient.report.render;

import io.ambient.agent.AgentEvent;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.MergeStatus;
import io.ambient.report.EventLog;
import io.ambient.report.PatchInfo;
import io.ambient.report.RunReport;
import io.ambient.workspace.ChangedFile;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Renders run and fan-out reports as HTML: a fragment to embed (e.g. in a Jenkins build page) and a standalone page.
 * <p>
 * The output works under a strict Content-Security-Policy such as Jenkins' default ({@code default-src 'none';
 * style-src 'self'}): no external resources, no scripts, no {@code style=} attributes and no {@code <style>}
 * elements. All styling is by class ({@code ar-*}, scoped under {@code .ambient-report}); the classes are defined in
 * the {@link ReportStyles#FILE_NAME stylesheet} shipped with this class, which the standalone page links. Everything
 * taken from a report is escaped; the output's size is bounded however big the report is.
 */
public final class HtmlRenderer {
    /** Events of the timeline rendered inline: the first ones ... */
    static final int TIMELINE_HEAD = 100;
    /** ... and the last ones. */
    static final int TIMELINE_TAIL = 300;
    /** Characters of one event's text shown. */
    static final int EVENT_TEXT_CHARS = 1_000;
    /** Lines of the patch rendered, over all files. */
    static final int DIFF_LINES = 5_000;
    /** Characters of one diff line shown. */
    static final int DIFF_LINE_CHARS = 1_000;
    /** Characters of the prompt and of the final message shown. */
    static final int MESSAGE_CHARS = 100_000;
    /** Changed files listed. */
    static final int FILES = 1_000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * Where the rendered HTML points to.
     *
     * @param reportHref the report's JSON, relative to the HTML (e.g. {@code report.json})
     * @param patchHref  the full patch, relative to the HTML; {@code null} to derive it from the report's patch file
     * @param cssHref    the stylesheet, relative to the page (standalone pages only)
     * @param links      more links to show (label to URL), e.g. the build; only {@code http(s)} and relative URLs
     */
    public record Options(String reportHref, String patchHref, String cssHref, Map<String, String> links) {
        public static final Options DEFAULT = new Options("report.json", null, ReportStyles.FILE_NAME, Map.of());

        public Options {
            Objects.requireNonNull(reportHref, "reportHref");
            Objects.requireNonNull(cssHref, "cssHref");
            links = links == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(links));
        }

        public Options withLinks(Map<String, String> value) {
            return new Options(reportHref, patchHref, cssHref, value);
        }
    }

    private HtmlRenderer() {
    }

    // ---------------------------------------------------------------- run report

    /** The run report as an HTML fragment (one {@code <div class="ambient-report">}), for embedding. */
    public static String runFragment(RunReport report, Options options) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<div class=\"ambient-report ar-run\">\n");
        header(html, report, options);
        finalMessage(html, report);
        changes(html, report, options);
        timeline(html, report.events(), options);
        html.append("</div>\n");
        return html.toString();
    }

    /** The run report as a standalone page linking the stylesheet at {@code options.cssHref()}. */
    public static String runPage(RunReport report, Options options) {
        return page("Ambient run " + report.runId() + " " + report.status(), options.cssHref(),
                runFragment(report, options));
    }

    private static void header(StringBuilder html, RunReport report, Options options) {
        String status = String.valueOf(report.status());
        html.append("<header class=\"ar-header\">\n<h1><span class=\"ar-status ar-status-").append(cls(status))
                .append("\">").append(esc(status.replace('_', ' '))).append("</span> ");
        if (report.suspect()) {
            html.append("<span class=\"ar-suspect-flag\">suspect</span> ");
        }
        html.append("<span class=\"ar-run-id\">").append(esc(report.runId())).append("</span></h1>\n");
        html.append("<dl class=\"ar-facts\">\n");
        fact(html, "Agent", report.agent());
        fact(html, "Model", report.model());
        fact(html, "Duration", Formats.duration(report.durationMillis()));
        fact(html, "Cost", Formats.cost(report.usage()));
        fact(html, "Tokens", Formats.tokens(report.usage()));
        fact(html, "Models used", Formats.models(report.usage()));
        fact(html, "Turns", report.turns() == 0 ? "unknown" : String.valueOf(report.turns()));
        if (report.changedFiles() != null) {
            fact(html, "Files", report.changedFiles().size() + " changed, +" + Formats.added(report.changedFiles())
                    + " -" + Formats.removed(report.changedFiles()));
        }
        fact(html, "Stop reason", report.stopReason());
        fact(html, "Stopped by", report.stoppedBy() == null ? null : report.stoppedBy().toString().toLowerCase(java.util.Locale.ROOT));
        fact(html, "Exit code", report.exitCode() == null ? null : String.valueOf(report.exitCode()));
        if (report.oomKilled()) {
            fact(html, "Memory", "killed for exceeding its memory limit");
        }
        if (report.outputCut()) {
            fact(html, "Output", Formats.OUTPUT_CUT);
        }
        fact(html, "Executor", report.executor() == null ? null
                : report.executor() + (report.image() == null ? "" : " (" + report.image() + ")"));
        fact(html, "Started", report.startedAt() == null ? null : INSTANT.format(report.startedAt()));
        fact(html, "Session", report.sessionId());
        if (report.context() != null) {
            fact(html, "Context", String.join(", ", report.context().packs()));
        }
        if (report.labels() != null) {
            report.labels().entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(50)
                    .forEach(label -> fact(html, "Label " + label.getKey(), label.getValue()));
        }
        html.append("</dl>\n");
        if (report.error() != null) {
            html.append("<p class=\"ar-error\">").append(esc(Formats.head(report.error(), MESSAGE_CHARS))).append("</p>\n");
        }
        if (report.suspect()) {
            html.append("<div class=\"ar-suspect\"><p>This run reported success but looks suspect:</p>\n<ul>\n");
            for (String reason : report.suspectReasons()) {
                html.append("<li>").append(esc(reason)).append("</li>\n");
            }
            html.append("</ul></div>\n");
        }
        if (report.permissionDenials() != null && !report.permissionDenials().isEmpty()) {
            html.append("<details class=\"ar-denials\"><summary>").append(report.permissionDenials().size())
                    .append(" tool call(s) denied</summary>\n<ul>\n");
            report.permissionDenials().stream().limit(100).forEach(denial ->
                    html.append("<li><code>").append(esc(Formats.head(denial, EVENT_TEXT_CHARS))).append("</code></li>\n"));
            html.append("</ul></details>\n");
        }
        if (report.prompt() != null) {
            html.append("<details class=\"ar-prompt\"><summary>Prompt</summary>\n<pre class=\"ar-text\">")
                    .append(esc(truncated(report.prompt(), MESSAGE_CHARS))).append("</pre></details>\n");
        }
        html.append("<p class=\"ar-links\"><a href=\"").append(HtmlEscape.href(options.reportHref()))
                .append("\">report.json</a>");
        options.links().forEach((label, url) -> html.append(" <a href=\"").append(HtmlEscape.href(url)).append("\">")
                .append(esc(label)).append("</a>"));
        html.append("</p>\n</header>\n");
    }

    private static void finalMessage(StringBuilder html, RunReport report) {
        html.append("<section class=\"ar-message\">\n<h2>Final message</h2>\n");
        if (report.finalMessage() == null || report.finalMessage().isBlank()) {
            html.append("<p class=\"ar-none\">The agent left no final message.</p>\n");
        } else {
            html.append("<pre class=\"ar-text\">").append(esc(truncated(report.finalMessage(), MESSAGE_CHARS)))
                    .append("</pre>\n");
        }
        html.append("</section>\n");
    }

    private static void changes(StringBuilder html, RunReport report, Options options) {
        html.append("<section class=\"ar-changes\">\n<h2>Changes</h2>\n");
        List<ChangedFile> files = report.changedFiles();
        if (files == null) {
            html.append("<p class=\"ar-none\">The run had no workspace.</p>\n</section>\n");
            return;
        }
        if (files.isEmpty()) {
            html.append("<p class=\"ar-none\">No files changed.</p>\n");
        } else {
            html.append("<table class=\"ar-files\">\n<thead><tr><th>File</th><th>Change</th><th>Added</th>")
                    .append("<th>Removed</th></tr></thead>\n<tbody>\n");
            files.stream().limit(FILES).forEach(file -> html.append("<tr><td class=\"ar-path\">").append(esc(file.path()))
                    .append("</td><td class=\"ar-change-").append(cls(String.valueOf(file.change()))).append("\">")
                    .append(esc(String.valueOf(file.change()).toLowerCase(java.util.Locale.ROOT)))
                    .append(file.binary() ? " (binary)" : "").append("</td><td class=\"ar-num ar-plus\">+")
                    .append(file.linesAdded()).append("</td><td class=\"ar-num ar-minus\">-")
                    .append(file.linesRemoved()).append("</td></tr>\n"));
            html.append("</tbody></table>\n");
            if (files.size() > FILES) {
                html.append("<p class=\"ar-note\">").append(files.size() - FILES)
                        .append(" more files in <a href=\"").append(HtmlEscape.href(options.reportHref()))
                        .append("\">report.json</a>.</p>\n");
            }
        }
        diff(html, report.patch(), options);
        html.append("</section>\n");
    }

    private static void diff(StringBuilder html, PatchInfo patch, Options options) {
        if (patch == null || patch.text() == null || patch.text().isEmpty()) {
            return;
        }
        String patchHref = options.patchHref() != null ? options.patchHref() : patch.file();
        html.append("<h3>Diff</h3>\n<div class=\"ar-diff\">\n");
        int budget = DIFF_LINES;
        boolean cut = false;
        for (PatchFiles.FilePatch file : PatchFiles.split(patch.text())) {
            if (budget <= 0) {
                cut = true;
                break;
            }
            int added = 0;
            int removed = 0;
            boolean inHunk = false;
            for (String line : file.lines()) {
                inHunk |= line.startsWith("@@");
                if (inHunk && line.startsWith("+")) {
                    added++;
                } else if (inHunk && line.startsWith("-")) {
                    removed++;
                }
            }
            html.append("<details class=\"ar-file\"><summary><span class=\"ar-path\">").append(esc(file.path()))
                    .append("</span> <span class=\"ar-plus\">+").append(added).append("</span> <span class=\"ar-minus\">-")
                    .append(removed).append("</span></summary>\n<pre class=\"ar-patch\">");
            inHunk = false;
            int shown = 0;
            for (String line : file.lines()) {
                if (shown == budget) {
                    cut = true;
                    break;
                }
                inHunk |= line.startsWith("@@");
                html.append("<span class=\"").append(PatchFiles.lineClass(line, inHunk)).append("\">")
                        .append(esc(truncated(line, DIFF_LINE_CHARS))).append("</span>\n");
                shown++;
            }
            budget -= shown;
            html.append("</pre></details>\n");
        }
        html.append("</div>\n");
        if (cut || patch.truncated()) {
            html.append("<p class=\"ar-note\">The diff is truncated");
            if (patch.truncated()) {
                html.append(" (the report holds the first ").append(patch.text().length()).append(" characters of ")
                        .append(patch.bytes()).append(" bytes)");
            }
            html.append(".");
            if (patchHref != null) {
                html.append(" The full patch: <a href=\"").append(HtmlEscape.href(patchHref)).append("\">")
                        .append(esc(patch.file() == null ? patchHref : patch.file())).append("</a>.");
            }
            html.append("</p>\n");
        }
    }

    // ---------------------------------------------------------------- timeline

    /** Kinds of event the timeline groups: consecutive events of one kind share one collapsed group. */
    enum Kind {
        MESSAGE("message", "messages"), TOOL("tool event", "tool events"), ERROR("error", "errors"),
        OUTPUT("output line", "output lines");

        final String one;
        final String many;

        Kind(String one, String many) {
            this.one = one;
            this.many = many;
        }

        static Kind of(AgentEvent.Type type) {
            if (type == null) {
                return OUTPUT;
            }
            return switch (type) {
                case MESSAGE -> MESSAGE;
                case TOOL_CALL, TOOL_RESULT, FILE_CHANGE -> TOOL;
                case ERROR -> ERROR;
                case OUTPUT, RAW, USAGE -> OUTPUT;
            };
        }
    }

    private static void timeline(StringBuilder html, EventLog events, Options options) {
        html.append("<section class=\"ar-timeline\">\n<h2>Timeline</h2>\n");
        if (events == null || events.items().isEmpty()) {
            html.append("<p class=\"ar-none\">No events.</p>\n</section>\n");
            return;
        }
        List<AgentEvent> items = events.items();
        html.append("<p class=\"ar-note\">").append(events.total()).append(" events");
        if (events.dropped() > 0) {
            html.append(", of which the report keeps the first and the last ").append(items.size());
        }
        html.append(".</p>\n<ol class=\"ar-events\">\n");
        String reportLink = "<a href=\"" + HtmlEscape.href(options.reportHref()) + "\">report.json</a>";
        if (items.size() <= TIMELINE_HEAD + TIMELINE_TAIL) {
            events(html, items, -1);
        } else {
            events(html, items.subList(0, TIMELINE_HEAD), -1);
            int hidden = items.size() - TIMELINE_HEAD - TIMELINE_TAIL;
            html.append("<li class=\"ar-gap\">").append(hidden).append(" more events in ").append(reportLink)
                    .append("</li>\n");
            events(html, items.subList(items.size() - TIMELINE_TAIL, items.size()),
                    items.get(items.size() - TIMELINE_TAIL - 1).seq());
        }
        html.append("</ol>\n</section>\n");
    }

    /** Renders {@code items} grouped; {@code previousSeq} is the seq before them, to show events the report lost. */
    private static long events(StringBuilder html, List<AgentEvent> items, long previousSeq) {
        int i = 0;
        long previous = previousSeq;
        while (i < items.size()) {
            Kind kind = Kind.of(items.get(i).type());
            int end = i + 1;
            // A group ends at a change of kind or at a gap in the sequence (events the report did not keep).
            while (end < items.size() && Kind.of(items.get(end).type()) == kind
                    && items.get(end).seq() == items.get(end - 1).seq() + 1) {
                end++;
            }
            long firstSeq = items.get(i).seq();
            if (previous >= 0 && firstSeq > previous + 1) {
                html.append("<li class=\"ar-gap\">").append(firstSeq - previous - 1)
                        .append(" events not kept in the report</li>\n");
            }
            if (end - i == 1) {
                html.append("<li class=\"ar-ev ar-kind-").append(cls(kind.name())).append("\">");
                event(html, items.get(i));
                html.append("</li>\n");
            } else {
                group(html, kind, items.subList(i, end));
            }
            previous = items.get(end - 1).seq();
            i = end;
        }
        return previous;
    }

    private static void group(StringBuilder html, Kind kind, List<AgentEvent> group) {
        Map<AgentEvent.Type, Integer> counts = new EnumMap<>(AgentEvent.Type.class);
        for (AgentEvent event : group) {
            if (event.type() != null) {
                counts.merge(event.type(), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((type, count) -> parts.add(count + " " + type.toString().toLowerCase(java.util.Locale.ROOT)));
        html.append("<li class=\"ar-group ar-kind-").append(cls(kind.name())).append("\"><details><summary>")
                .append(group.size()).append(' ').append(kind.many).append(" <span class=\"ar-seq\">#")
                .append(group.get(0).seq()).append("&ndash;#").append(group.get(group.size() - 1).seq())
                .append("</span>");
        if (counts.size() > 1) {
            html.append(" <span class=\"ar-counts\">(").append(esc(String.join(", ", parts))).append(")</span>");
        }
        String first = group.get(0).text();
        if (first != null && !first.isBlank()) {
            html.append(" <span class=\"ar-preview\">").append(esc(truncated(first.strip().lines().findFirst()
                    .orElse(""), 120))).append("</span>");
        }
        html.append("</summary>\n<ol class=\"ar-events\">\n");
        for (AgentEvent event : group) {
            html.append("<li class=\"ar-ev ar-kind-").append(cls(kind.name())).append("\">");
            event(html, event);
            html.append("</li>\n");
        }
        html.append("</ol></details></li>\n");
    }

    private static void event(StringBuilder html, AgentEvent event) {
        String type = event.type() == null ? "event" : event.type().toString().toLowerCase(java.util.Locale.ROOT);
        html.append("<span class=\"ar-seq\">#").append(event.seq()).append("</span> ");
        if (event.time() != null) {
            html.append("<time class=\"ar-time\">").append(TIME.format(event.time())).append("</time> ");
        }
        html.append("<span class=\"ar-type ar-type-").append(cls(type)).append("\">").append(esc(type)).append("</span> ");
        String tool = event.data().get("tool");
        if (tool != null && event.text() != null && !event.text().startsWith(tool)) {
            html.append("<span class=\"ar-tool\">").append(esc(Formats.head(tool, 200))).append("</span> ");
        }
        html.append("<span class=\"ar-text\">").append(esc(truncated(event.text() == null ? "" : event.text(),
                EVENT_TEXT_CHARS))).append("</span>");
    }

    // ---------------------------------------------------------------- fan-out

    /** The default link from a fan-out page to a run's page: its {@code report.html} beside its report. */
    public static String runPageHref(FanOutRun run) {
        if (run.reportFile() == null) {
            return null;
        }
        String file = run.reportFile();
        int slash = file.lastIndexOf('/');
        return (slash < 0 ? "" : file.substring(0, slash + 1)) + "report.html";
    }

    /** The fan-out's comparison table as an HTML fragment; {@code runHref} gives each run's page ({@code null}: none). */
    public static String fanOutFragment(FanOutReport report, Function<FanOutRun, String> runHref, Map<String, String> links) {
        StringBuilder html = new StringBuilder(8_192);
        boolean succeeded = report.succeeded();
        long merged = report.runs().stream().filter(run -> run.merge() == MergeStatus.MERGED).count();
        html.append("<div class=\"ambient-report ar-fanout\">\n<header class=\"ar-header\">\n<h1><span class=\"ar-status ")
                .append(succeeded ? "ar-status-succeeded\">succeeded" : "ar-status-failed\">not succeeded")
                .append("</span> <span class=\"ar-run-id\">").append(esc(report.fanOutId())).append("</span></h1>\n");
        html.append("<dl class=\"ar-facts\">\n");
        fact(html, "Runs", report.runs().size() + ", " + merged + " merged");
        fact(html, "Pick", report.pick() == null ? null : report.pick().toString().toLowerCase(java.util.Locale.ROOT));
        fact(html, "Verify", report.verify());
        fact(html, "Duration", Formats.duration(report.durationMillis()));
        fact(html, "Cost", Formats.cost(report.totalCostUsd()));
        fact(html, "Budget", report.budgetUsd() == null ? null : Formats.cost(report.budgetUsd()));
        fact(html, "Stopped by", report.stoppedBy() == null ? null : report.stoppedBy().toString().toLowerCase(java.util.Locale.ROOT));
        fact(html, "Workspace", report.workspace());
        html.append("</dl>\n");
        if (links != null && !links.isEmpty()) {
            html.append("<p class=\"ar-links\">");
            links.forEach((label, url) -> html.append("<a href=\"").append(HtmlEscape.href(url)).append("\">")
                    .append(esc(label)).append("</a> "));
            html.append("</p>\n");
        }
        html.append("</header>\n<table class=\"ar-comparison\">\n<thead><tr><th>Run</th><th>Status</th><th>Verify</th>")
                .append("<th>Files</th><th>+/-</th><th>Turns</th><th>Tokens</th><th>Cost</th><th>Time</th>")
                .append("<th>Merge</th></tr></thead>\n<tbody>\n");
        List<FanOutReport.ComparisonRow> rows = report.comparison();
        for (int i = 0; i < rows.size(); i++) {
            FanOutReport.ComparisonRow row = rows.get(i);
            FanOutRun run = report.runs().get(i);
            boolean picked = row.merge() == MergeStatus.MERGED;
            html.append(picked ? "<tr class=\"ar-picked\">" : "<tr>").append("<td class=\"ar-path\">");
            String href = runHref == null ? null : runHref.apply(run);
            if (href != null) {
                html.append("<a href=\"").append(HtmlEscape.href(href)).append("\">").append(esc(row.name())).append("</a>");
            } else {
                html.append(esc(row.name()));
            }
            String merge = row.merge() == null ? "-" : row.merge().toString().toLowerCase(java.util.Locale.ROOT);
            html.append("</td><td class=\"ar-status-").append(cls(row.status())).append("\">").append(esc(row.status()))
                    .append("</td><td>").append(esc(row.verify())).append("</td><td class=\"ar-num\">")
                    .append(row.filesChanged()).append("</td><td class=\"ar-num\"><span class=\"ar-plus\">+")
                    .append(run.report() == null ? 0 : Formats.added(run.report().changedFiles()))
                    .append("</span> <span class=\"ar-minus\">-")
                    .append(run.report() == null ? 0 : Formats.removed(run.report().changedFiles()))
                    .append("</span></td><td class=\"ar-num\">").append(row.turns()).append("</td><td class=\"ar-num\">")
                    .append(row.tokens() == null ? "-" : Formats.number(row.tokens())).append("</td><td class=\"ar-num\">")
                    .append(Formats.cost(row.costUsd())).append("</td><td class=\"ar-num\">")
                    .append(Formats.duration(row.durationMillis())).append("</td><td class=\"ar-merge-")
                    .append(cls(merge)).append("\">").append(esc(merge.replace('_', ' ')));
            if (picked) {
                html.append(" <span class=\"ar-badge\">&#10003; picked</span>");
            }
            if (!run.conflictsWith().isEmpty()) {
                html.append(" <span class=\"ar-note\">with ").append(esc(String.join(", ", run.conflictsWith())))
                        .append("</span>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</tbody></table>\n</div>\n");
        return html.toString();
    }

    /** The fan-out as a standalone page linking the stylesheet at {@code cssHref}. */
    public static String fanOutPage(FanOutReport report, Function<FanOutRun, String> runHref, Map<String, String> links,
                                    String cssHref) {
        return page("Ambient fan-out " + report.fanOutId(), cssHref, fanOutFragment(report, runHref, links));
    }

    // ---------------------------------------------------------------- helpers

    private static String page(String title, String cssHref, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<title>" + esc(title) + "</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + HtmlEscape.href(cssHref) + "\">\n"
                + "</head>\n<body class=\"ar-page\">\n" + body + "</body>\n</html>\n";
    }

    private static void fact(StringBuilder html, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        html.append("<div class=\"ar-fact\"><dt>").append(esc(name)).append("</dt><dd>")
                .append(esc(Formats.head(value, 2_000))).append("</dd></div>\n");
    }

    private static String truncated(String text, int max) {
        return text.length() <= max ? text : Formats.head(text, max) + " \u2026 [" + (text.length() - max)
                + " more characters]";
    }

    private static String esc(String text) {
        return HtmlEscape.text(text);
    }

    /** A CSS class suffix from a fixed vocabulary (statuses, kinds): lower case letters, digits and dashes only. */
    private static String cls(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            out.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ? c : '-');
        }
        return out.toString();
    }
}
