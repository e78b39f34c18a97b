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

    /** {@code $0.0123}, {@code $0.0123 (estimated)} when computed from tokens, or {@code -} when unknown. */
    public static String cost(Usage usage) {
        if (usage == null || usage.costUsd() == null) {
            return "-";
        }
        return cost(usage.costUsd()) + (usage.costSource() == Usage.CostSource.ESTIMATED ? " (estimated)" : "");
    }

    /**
     * {@code 1,200 in + 9,100 cache read + 300 cache write / 340 out} (cache parts only when there are some), or
     * {@code -} when unknown.
     */
    public static String tokens(Usage usage) {
        if (usage == null || !usage.hasTokens()) {
            return "-";
        }
        StringBuilder text = new StringBuilder(number(usage.inputTokens())).append(" in");
        if (usage.cacheReadTokens() != null && usage.cacheReadTokens() > 0) {
            text.append(" + ").append(number(usage.cacheReadTokens())).append(" cache read");
        }
        if (usage.cacheWriteTokens() != null && usage.cacheWriteTokens() > 0) {
            text.append(" + ").append(number(usage.cacheWriteTokens())).append(" cache write");
        }
        return text.append(" / ").append(number(usage.outputTokens())).append(" out").toString();
    }

    /** The models a run used, e.g. {@code claude-sonnet-4-5, claude-haiku-4-5}, or {@code null} when not known. */
    public static String models(Usage usage) {
        return usage == null || usage.models().isEmpty() ? null : String.join(", ", usage.models());
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
