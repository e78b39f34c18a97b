package io.ambient.report.render;

import java.util.Locale;

/** Escaping for GitHub/GitLab-flavoured Markdown built by hand. */
public final class MarkdownEscape {
    private static final String SPECIAL = "\\`*_{}[]<>()#+-.!|~&@";

    private MarkdownEscape() {
    }

    /**
     * {@code value} as literal inline text, also safe in a table cell: Markdown punctuation and pipes are
     * backslash-escaped, line breaks become spaces. {@code null} is empty.
     */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t') {
                out.append(' ');
            } else if (c < 0x20 || c == 0x7f) {
                out.append('\uFFFD');
            } else if (SPECIAL.indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A fenced code block holding {@code content} verbatim: the fence is longer than any run of backticks inside,
     * so the content cannot close it.
     */
    public static String codeBlock(String language, String content) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < content.length(); i++) {
            run = content.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        String body = content.endsWith("\n") || content.isEmpty() ? content : content + "\n";
        return fence + language + "\n" + body + fence + "\n";
    }

    /** {@code [label](url)} for an {@code http(s)} or relative URL; other URLs give just the label. */
    public static String link(String label, String url) {
        String safeLabel = text(label);
        if (url == null || url.isBlank()) {
            return safeLabel;
        }
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        int colon = trimmed.indexOf(':');
        boolean relative = colon < 0 || trimmed.indexOf('/') >= 0 && trimmed.indexOf('/') < colon;
        if (!lower.startsWith("http://") && !lower.startsWith("https://") && !relative) {
            return safeLabel;
        }
        StringBuilder target = new StringBuilder();
        for (char c : trimmed.toCharArray()) {
            switch (c) {
                case ' ' -> target.append("%20");
                case '(' -> target.append("%28");
                case ')' -> target.append("%29");
                case '<' -> target.append("%3C");
                case '>' -> target.append("%3E");
                case '"' -> target.append("%22");
                case '\n', '\r', '\t' -> { }
                default -> target.append(c);
            }
        }
        return "[" + safeLabel + "](" + target + ")";
    }
}
