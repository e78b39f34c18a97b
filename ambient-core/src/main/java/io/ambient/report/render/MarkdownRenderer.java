package io.ambient.report.render;

import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.MergeStatus;
import io.ambient.report.PatchInfo;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.workspace.ChangedFile;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders run and fan-out reports as Markdown for pull/merge request comments (GitHub and GitLab flavours): a compact
 * summary, then collapsible details. The result is always shorter than {@link #MAX_CHARS}, GitHub's limit for a
 * comment body: the patch and the final message are truncated first, and the comment says so.
 */
public final class MarkdownRenderer {
    /** GitHub's limit for a comment body. */
    public static final int LIMIT = 65_536;
    /** What this renderer writes at most: under {@link #LIMIT}, with room for a bot's own footer. */
    public static final int MAX_CHARS = 60_000;
    /** Changed files listed. */
    static final int FILES = 200;
    /** Characters of user text (agent, model, reasons) in the summary. */
    static final int SHORT_TEXT = 300;
    /** Share of the room left for details that the final message may take when the patch needs the rest. */
    static final int MESSAGE_SHARE_PERCENT = 30;
    /** Room kept for the wrappers and truncation notes around the message and the patch. */
    private static final int OVERHEAD = 1_000;

    private MarkdownRenderer() {
    }

    /** The run report; {@code links} (label to URL, e.g. "Build", "Report") are shown under the summary. */
    public static String run(RunReport report, Map<String, String> links) {
        StringBuilder head = new StringBuilder(2_048);
        head.append("### ").append(emoji(report.status(), report.suspect())).append(" Ambient run ")
                .append(word(report.status())).append(report.suspect() ? " (suspect)" : "").append("\n\n");
        head.append("**Agent** ").append(short_(report.agent() == null ? "-" : report.agent()));
        if (report.model() != null) {
            head.append(" · **Model** ").append(short_(report.model()));
        }
        head.append(" · **Duration** ").append(Formats.duration(report.durationMillis()));
        head.append(" · **Cost** ").append(MarkdownEscape.text(Formats.cost(report.usage())));
        head.append(" · **Tokens** ").append(MarkdownEscape.text(Formats.tokens(report.usage())));
        String models = Formats.models(report.usage());
        if (models != null) {
            head.append(" · **Models used** ").append(short_(models));
        }
        if (report.turns() > 0) {
            head.append(" · **Turns** ").append(report.turns());
        }
        List<ChangedFile> files = report.changedFiles();
        if (files != null) {
            head.append(" · **Files** ").append(files.size()).append(" changed (")
                    .append(MarkdownEscape.text("+" + Formats.added(files) + " -" + Formats.removed(files))).append(')');
        }
        head.append("\n\n");
        if (report.stoppedBy() != null || report.stopReason() != null && report.status() != RunStatus.SUCCEEDED) {
            head.append("**Stopped:** ").append(short_(report.stoppedBy() == null ? report.stopReason()
                    : report.stoppedBy().toString().toLowerCase(Locale.ROOT)
                    + (report.stopReason() == null ? "" : " - " + report.stopReason()))).append("\n\n");
        }
        if (report.error() != null) {
            head.append("**Error:** ").append(short_(report.error())).append("\n\n");
        }
        if (report.outputCut()) {
            head.append("**Output:** ").append(Formats.OUTPUT_CUT).append("\n\n");
        }
        if (report.suspect()) {
            head.append("> [!WARNING]\n> Reported success but looks suspect:\n");
            report.suspectReasons().stream().limit(20).forEach(reason ->
                    head.append("> - ").append(short_(reason)).append('\n'));
            head.append('\n');
        }
        links(head, links);

        StringBuilder fileList = new StringBuilder();
        if (files != null && !files.isEmpty()) {
            fileList.append("<details><summary>Changed files (").append(files.size()).append(")</summary>\n\n");
            files.stream().limit(FILES).forEach(file -> fileList.append("- ").append(MarkdownEscape.text(file.path()))
                    .append(" · ").append(String.valueOf(file.change()).toLowerCase(Locale.ROOT))
                    .append(file.binary() ? " (binary)" : " " + MarkdownEscape.text("+" + file.linesAdded()
                            + " -" + file.linesRemoved())).append('\n'));
            if (files.size() > FILES) {
                fileList.append("- … and ").append(files.size() - FILES).append(" more\n");
            }
            fileList.append("\n</details>\n\n");
        }

        // The message and the patch share the room left; each takes what it needs up to its share.
        int room = Math.max(0, MAX_CHARS - OVERHEAD - head.length() - fileList.length());
        String message = report.finalMessage() == null ? "" : report.finalMessage().strip();
        String patch = patchText(report.patch());
        int messageRoom = patch.isEmpty() ? room : Math.max(room * MESSAGE_SHARE_PERCENT / 100, room - patch.length());
        messageRoom = Math.min(messageRoom, room);
        String shownMessage = Formats.headLines(message, messageRoom);
        int patchRoom = room - shownMessage.length();
        String shownPatch = Formats.headLines(patch, Math.max(0, patchRoom));

        StringBuilder md = new StringBuilder(head.length() + fileList.length() + room + OVERHEAD);
        md.append(head);
        if (!message.isEmpty()) {
            md.append("<details><summary>Final message</summary>\n\n")
                    .append(MarkdownEscape.codeBlock("text", shownMessage));
            if (shownMessage.length() < message.length()) {
                md.append("\n*Message truncated: ").append(shownMessage.length()).append(" of ").append(message.length())
                        .append(" characters shown; the full message is in the report.*\n");
            }
            md.append("\n</details>\n\n");
        }
        md.append(fileList);
        if (!patch.isEmpty()) {
            md.append("<details><summary>Patch</summary>\n\n");
            if (!shownPatch.isEmpty()) {
                md.append(MarkdownEscape.codeBlock("diff", shownPatch));
            }
            boolean reportCut = report.patch().truncated();
            if (shownPatch.length() < patch.length() || reportCut) {
                md.append("\n*Patch truncated: ").append(shownPatch.length()).append(" of ")
                        .append(reportCut ? report.patch().bytes() + " bytes" : patch.length() + " characters")
                        .append(" shown; the full patch is ")
                        .append(MarkdownEscape.text(report.patch().file() == null ? "beside the report"
                                : report.patch().file() + " beside the report"))
                        .append(".*\n");
            }
            md.append("\n</details>\n");
        }
        return capped(md);
    }

    /** The fan-out's comparison table, the merged (picked) runs marked. */
    public static String fanOut(FanOutReport report, Map<String, String> links) {
        StringBuilder md = new StringBuilder(4_096);
        boolean succeeded = report.succeeded();
        long merged = report.runs().stream().filter(run -> run.merge() == MergeStatus.MERGED).count();
        md.append("### ").append(succeeded ? "✅" : "❌").append(" Ambient fan-out ")
                .append(succeeded ? "succeeded" : "did not succeed").append("\n\n");
        md.append("**Runs** ").append(report.runs().size()).append(" · **Merged** ").append(merged)
                .append(" · **Pick** ").append(report.pick() == null ? "-" : report.pick().toString().toLowerCase(Locale.ROOT))
                .append(" · **Duration** ").append(Formats.duration(report.durationMillis()))
                .append(" · **Cost** ").append(MarkdownEscape.text(Formats.cost(report.totalCostUsd())));
        if (report.stoppedBy() != null) {
            md.append(" · **Stopped by** ").append(report.stoppedBy().toString().toLowerCase(Locale.ROOT));
        }
        md.append("\n\n");
        links(md, links);
        md.append("| Run | Status | Verify | Files | +/- | Turns | Tokens | Cost | Time | Merge |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        List<FanOutReport.ComparisonRow> rows = report.comparison();
        for (int i = 0; i < rows.size(); i++) {
            FanOutReport.ComparisonRow row = rows.get(i);
            FanOutRun run = report.runs().get(i);
            boolean picked = row.merge() == MergeStatus.MERGED;
            String name = short_(row.name());
            String merge = row.merge() == null ? "-" : row.merge().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
            StringBuilder line = new StringBuilder();
            line.append("| ").append(picked ? "**" + name + "**" : name)
                    .append(" | ").append(MarkdownEscape.text(row.status()))
                    .append(" | ").append(MarkdownEscape.text(row.verify()))
                    .append(" | ").append(row.filesChanged())
                    .append(" | ").append(MarkdownEscape.text("+" + (run.report() == null ? 0 : Formats.added(run.report().changedFiles()))
                            + " -" + (run.report() == null ? 0 : Formats.removed(run.report().changedFiles()))))
                    .append(" | ").append(row.turns())
                    .append(" | ").append(row.tokens() == null ? "-" : Formats.number(row.tokens()))
                    .append(" | ").append(MarkdownEscape.text(Formats.cost(row.costUsd())))
                    .append(" | ").append(Formats.duration(row.durationMillis()))
                    .append(" | ").append(picked ? "✅ **merged (picked)**" : MarkdownEscape.text(merge));
            if (!run.conflictsWith().isEmpty()) {
                line.append(" with ").append(short_(String.join(", ", run.conflictsWith())));
            }
            line.append(" |\n");
            if (md.length() + line.length() > MAX_CHARS - 200) {
                md.append("\n*").append(rows.size() - i).append(" more runs in the fan-out report.*\n");
                return capped(md);
            }
            md.append(line);
        }
        return capped(md);
    }

    private static void links(StringBuilder md, Map<String, String> links) {
        if (links == null || links.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder();
        links.entrySet().stream().limit(20).forEach(link -> {
            if (line.length() > 0) {
                line.append(" · ");
            }
            line.append(MarkdownEscape.link(Formats.head(link.getKey(), 100), Formats.head(link.getValue(), 2_000)));
        });
        md.append(line).append("\n\n");
    }

    private static String patchText(PatchInfo patch) {
        return patch == null || patch.text() == null ? "" : patch.text();
    }

    private static String emoji(RunStatus status, boolean suspect) {
        if (status == RunStatus.SUCCEEDED) {
            return suspect ? "⚠️" : "✅";
        }
        return switch (status) {
            case TIMED_OUT, BUDGET_EXCEEDED -> "⏱️";
            case CANCELLED -> "⏹️";
            default -> "❌";
        };
    }

    private static String word(RunStatus status) {
        return String.valueOf(status).replace('_', ' ');
    }

    private static String short_(String text) {
        if (text == null) {
            return "";
        }
        String head = Formats.head(text, SHORT_TEXT);
        return MarkdownEscape.text(head) + (head.length() < text.length() ? "…" : "");
    }

    /** A last guard: the sizing above keeps well under the limit; this only ever cuts a pathological document. */
    private static String capped(StringBuilder md) {
        if (md.length() <= MAX_CHARS) {
            return md.toString();
        }
        return Formats.head(md.toString(), MAX_CHARS - 100) + "\n\n*Comment truncated at " + MAX_CHARS + " characters.*\n";
    }
}
