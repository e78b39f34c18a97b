package io.ambient.report.render;

import java.nio.charset.StandardCharsets;

/**
 * Escaping for HTML built by hand. Every piece of user-controlled text (prompt, messages, diff lines, file names,
 * labels) goes through {@link #text} or {@link #attr}; links taken from documents go through {@link #href}.
 */
public final class HtmlEscape {
    private HtmlEscape() {
    }

    /** {@code value} safe as element content and inside a double- or single-quoted attribute; {@code null} is empty. */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                // Control characters other than tab and newline are not allowed in HTML text.
                default -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f ? "\uFFFD" : null;
            };
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    /** Same as {@link #text}: attribute values are always written double-quoted. */
    public static String attr(String value) {
        return text(value);
    }

    /**
     * A relative path (segments separated by {@code /}) or an {@code http(s)} URL as an escaped {@code href} value.
     * Anything else (e.g. {@code javascript:}) gives {@code #}: documents must not be able to smuggle a script URL in.
     */
    public static String href(String url) {
        if (url == null || url.isBlank()) {
            return "#";
        }
        String lower = url.strip().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return attr(url.strip());
        }
        int colon = url.indexOf(':');
        int slash = url.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash) || url.startsWith("//") || url.startsWith("\\")) {
            return "#";
        }
        return attr(encodePath(url));
    }

    /** Percent-encodes a relative path, keeping {@code /} and the characters that need no encoding. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
