package io.ambient;


import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations and sizes users type: {@code 90s}, {@code 10m}, {@code 1h30m}; {@code 512m}, {@code 4g}. */
public final class Units {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmgt]?)(i?b)?");

    private Units() {
    }

    /**
     * A positive duration made of number+unit parts ({@code ms s m h d}), e.g. {@code 1h30m}; a bare number is
     * seconds.
     *
     * @param what names the setting in the error, e.g. {@code --timeout}
     */
    public static Duration parseDuration(String text, String what) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            value += "s";
        }
        Matcher part = DURATION_PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            total = total.plus(unit(Long.parseLong(part.group(1)), part.group(2)));
            end = part.end();
        }
        if (value.isEmpty() || end != value.length() || total.isZero()) {
            throw new InvalidInputException("invalid " + what + " '" + text
                    + "': give a positive duration such as 30s, 10m, 1h or 1h30m");
        }
        return total;
    }

    /**
     * A size in bytes: a number with an optional binary unit {@code k m g t} (e.g. {@code 512m}, {@code 4g},
     * {@code 4GiB}).
     *
     * @param what names the setting in the error, e.g. {@code --memory}
     */
    public static long parseBytes(String text, String what) {
        Matcher size = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!size.matches()) {
            throw new InvalidInputException("invalid " + what + " '" + text + "': give a size such as 512m or 4g");
        }
        int shift = switch (size.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Long.parseLong(size.group(1)) << shift;
    }

    /** {@code 39 ms}, {@code 1.2 s}, {@code 3 min 05 s}: for people reading a summary. */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            // A run that took a few milliseconds is not one that took none, as "0.0 s" would say.
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return String.format(Locale.ROOT, "%d min %02d s", millis / 60_000, millis / 1000 % 60);
    }

    private static Duration unit(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
