package io.ambient.report.render;

import io.ambient.Units;
import io.ambient.agent.Usage;
import io.ambient.workspace.ChangedFile;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Numbers as the renderers show them; public so every page that shows a run (the Jenkins plugin's too) agrees. */
public final class Formats {
    /** What a run whose output was cut ({@code outputCut}) is missing. */
    public static final String OUTPUT_CUT = "cut: the agent left more output than could be read when it ended; "
            + "events, the final message or the cost may be missing";

    private Formats() {
    }

    /** {@code 1m 5s}. */
    public static String duration(long millis) {
        return Units.describe(Duration.ofMillis(millis));
    }

    /** {@code $0.0123}, or {@code -} when unknown. */
    public static String cost(Double usd) {
        return usd == null ? "-" : String.format(Locale.ROOT, "$%.4f", usd);
    }

    static String cost(Usage usage) {
        return usage == null ? "-" : cost(usage.costUsd());
    }

    /** {@code 1,200 in / 340 out}, or {@code -} when unknown. */
    static String tokens(Usage usage) {
        if (usage == null || usage.totalTokens() == null) {
            return "-";
        }
        return number(usage.inputTokens()) + " in / " + number(usage.outputTokens()) + " out";
    }

    /** {@code 12,345}, or {@code ?} when unknown. */
    public static String number(Long value) {
        return value == null ? "?" : String.format(Locale.ROOT, "%,d", value);
    }

    static int added(List<ChangedFile> files) {
        return files == null ? 0 : files.stream().mapToInt(ChangedFile::linesAdded).sum();
    }

    static int removed(List<ChangedFile> files) {
        return files == null ? 0 : files.stream().mapToInt(ChangedFile::linesRemoved).sum();
    }

    /** The first {@code max} characters of {@code text}, not splitting a surrogate pair. */
    public static String head(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** The first {@code max} characters of {@code text}, cut after the last complete line when there is one. */
    static String headLines(String text, int max) {
        String head = head(text, max);
        if (head.length() == text.length()) {
            return text;
        }
        int newline = head.lastIndexOf('\n');
        return newline > 0 ? head.substring(0, newline + 1) : head;
    }
}
