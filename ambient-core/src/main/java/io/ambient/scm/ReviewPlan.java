package io.ambient.scm;

import io.ambient.report.render.MarkdownEscape;
import io.ambient.report.render.MarkdownRenderer;

import java.util.ArrayList;
import java.util.List;

/**
 * Which suggestions of a patch go inline and which into the summary, and the summary's Markdown: shared by the
 * GitHub and GitLab review clients.
 */
final class ReviewPlan {
    private final PatchSuggestions.Parsed parsed;
    private final int maxInline;
    private final List<PatchSuggestions.Suggestion> inline = new ArrayList<>();
    private final List<PatchSuggestions.Suggestion> outsideDiff = new ArrayList<>();
    private final List<PatchSuggestions.Suggestion> overCap = new ArrayList<>();

    private ReviewPlan(PatchSuggestions.Parsed parsed, int maxInline) {
        this.parsed = parsed;
        this.maxInline = maxInline;
    }

    /** Inline: the suggestions whose lines {@code diff} covers, the first {@code maxInline} of them. */
    static ReviewPlan of(PatchSuggestions.Parsed parsed, ChangeDiff diff, int maxInline) {
        ReviewPlan plan = new ReviewPlan(parsed, maxInline);
        for (PatchSuggestions.Suggestion s : parsed.suggestions()) {
            if (!diff.covers(s.path(), s.startLine(), s.endLine())) {
                plan.outsideDiff.add(s);
            } else if (plan.inline.size() < maxInline) {
                plan.inline.add(s);
            } else {
                plan.overCap.add(s);
            }
        }
        return plan;
    }

    /** The same plan with {@code refused} (inline suggestions the host rejected) moved into the summary. */
    ReviewPlan without(List<PatchSuggestions.Suggestion> refused) {
        ReviewPlan plan = new ReviewPlan(parsed, maxInline);
        for (PatchSuggestions.Suggestion s : inline) {
            (refused.contains(s) ? plan.outsideDiff : plan.inline).add(s);
        }
        plan.outsideDiff.addAll(outsideDiff);
        plan.overCap.addAll(overCap);
        return plan;
    }

    List<PatchSuggestions.Suggestion> inline() {
        return List.copyOf(inline);
    }

    ReviewClient.Result result() {
        return new ReviewClient.Result(inline.size(), outsideDiff.size() + overCap.size(),
                parsed.skipped().stream().map(s -> s.path() + ": " + s.reason()).toList());
    }

    /** The comment body of one suggestion: a fence with {@code info} ({@code suggestion}, ...) around the lines. */
    static String suggestionBody(String info, PatchSuggestions.Suggestion s) {
        return MarkdownEscape.codeBlock(info, String.join("\n", s.replacement()));
    }

    /**
     * {@code intro}, then how many suggestions are inline, then the hunks that are not (as diffs, while they fit
     * in a comment), then the files that are not suggestions.
     */
    String summary(String intro) {
        StringBuilder md = new StringBuilder();
        if (intro != null && !intro.isBlank()) {
            md.append(intro.strip()).append("\n\n");
        }
        int total = parsed.suggestions().size();
        md.append("**Suggested changes:** ").append(inline.size()).append(" of ").append(total)
                .append(" inline").append(total == inline.size() ? "." : ", the others below.").append('\n');
        List<PatchSuggestions.Suggestion> below = new ArrayList<>(outsideDiff);
        below.addAll(overCap);
        if (!outsideDiff.isEmpty()) {
            md.append("\n").append(outsideDiff.size()).append(" change(s) touch lines this change's diff does not"
                    + " show, where the host accepts no inline comment.\n");
        }
        if (!overCap.isEmpty()) {
            md.append("\n").append(overCap.size()).append(" change(s) past the limit of ").append(maxInline)
                    .append(" inline suggestions.\n");
        }
        int shown = 0;
        for (PatchSuggestions.Suggestion s : below) {
            String block = "\n" + MarkdownEscape.text(s.path()) + " line " + s.startLine()
                    + (s.lineCount() > 1 ? "–" + s.endLine() : "") + ":\n\n" + MarkdownEscape.codeBlock("diff", s.hunk());
            if (md.length() + block.length() > MarkdownRenderer.MAX_CHARS) {
                break;
            }
            md.append(block);
            shown++;
        }
        if (shown < below.size()) {
            md.append("\n*").append(below.size() - shown).append(" more change(s) not shown here: see the run's"
                    + " patch.*\n");
        }
        if (!parsed.skipped().isEmpty()) {
            md.append("\n**Not suggested:**\n\n");
            for (PatchSuggestions.Skipped s : parsed.skipped()) {
                String line = "- " + MarkdownEscape.text(s.path()) + ": " + MarkdownEscape.text(s.reason()) + "\n";
                if (md.length() + line.length() > MarkdownRenderer.MAX_CHARS) {
                    md.append("- ...\n");
                    break;
                }
                md.append(line);
            }
        }
        return md.toString();
    }
}
