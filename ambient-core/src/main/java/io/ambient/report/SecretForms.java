package io.ambient.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The forms a secret can take in what an agent writes: its text with any character escaped the way URLs
 * (percent-encoding, {@code +} for space), JSON and JavaScript ({@code \"}, {@code \/}, {@code \u00e9}), C and git
 * paths ({@code \\}, {@code \t}, octal {@code \303\251}) and HTML ({@code &quot;}, {@code &#233;}) escape it; and its
 * base64 in the standard and URL-safe alphabets at each of the three byte alignments it can have in an encoded stream.
 */
final class SecretForms {
    /** Characters a base64 core must have at least; shorter ones would mask random text. */
    static final int MIN_BASE64_CORE = 4;
    private static final char[] STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final char[] URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    /** Leading characters of an encoding that mix in bits of the bytes before the secret, by alignment. */
    private static final int[] MIXED_LEAD = {0, 2, 3};
    /**
     * The backslash that starts an escape, also escaped again: JSON holding an escaped string (an agent's JSON event
     * quoting a JSON file or a git path) doubles it.
     */
    private static final String ESCAPE = "\\\\+";
    /** The {@code #} of an HTML character reference; JGit quotes it in a path ({@code \043}). */
    private static final String HASH = "(?:#|" + ESCAPE + "043)";

    private SecretForms() {
    }

    /**
     * A regular expression matching {@code secret} with each of its characters written plainly or escaped in any of
     * the supported ways, mixed freely (a fully percent-encoded value, a JSON string, a git-quoted path...).
     */
    static String escaped(String secret) {
        StringBuilder regex = new StringBuilder();
        secret.codePoints().forEach(c -> regex.append(anyEscapeOf(c)));
        return regex.toString();
    }

    /**
     * The secret's lines, when it has several: a line-by-line reader (a console, a patch) never sees the whole
     * value at once, so each line of it is masked on its own.
     */
    static List<String> lines(String secret, int minLength) {
        List<String> lines = new ArrayList<>();
        for (String line : secret.split("\r\n|\r|\n")) {
            if (line.length() >= minLength && line.length() < secret.length()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * The secret's base64 at each alignment (the secret starting at byte 0, 1 or 2 of a 3-byte group of the encoded
     * stream) in the standard and URL-safe alphabets, for secrets whose encoding is long enough to be told apart.
     */
    static List<Base64Form> base64(byte[] secret) {
        List<Base64Form> forms = new ArrayList<>();
        for (char[] alphabet : List.of(STANDARD, URL_SAFE)) {
            for (int align = 0; align < 3; align++) {
                String core = core(secret, align, alphabet);
                if (core.length() >= MIN_BASE64_CORE) {
                    forms.add(new Base64Form(core, pattern(secret, align, alphabet, core)));
                }
            }
        }
        return forms;
    }

    /**
     * One base64 form of a secret.
     *
     * @param core    the characters that depend on the secret's bytes alone: whatever surrounds the secret in the
     *                encoded stream, they appear in its encoding
     * @param pattern a regular expression for the core and the partly determined character on either side of it (its
     *                other bits come from the neighbouring bytes), with {@code +} and {@code /} also percent- or
     *                JSON-escaped, as a base64 value in a URL or JSON often is
     */
    record Base64Form(String core, String pattern) {
    }

    private static String pattern(byte[] secret, int align, char[] alphabet, String core) {
        StringBuilder regex = new StringBuilder();
        if (align > 0) {
            regex.append(candidates(alphabet, align == 1 ? 0b11_0000 : 0b11_1100,
                    align == 1 ? (secret[0] & 0xff) >> 4 : (secret[0] & 0xff) >> 6)).append('?');
        }
        core.chars().forEach(c -> regex.append(base64Char((char) c)));
        int tail = (align + secret.length) % 3;
        if (tail > 0) {
            int last = secret[secret.length - 1] & 0xff;
            regex.append(tail == 1 ? candidates(alphabet, 0b00_1111, (last & 0b11) << 4)
                    : candidates(alphabet, 0b00_0011, (last & 0b1111) << 2)).append("?(?:=|%3[dD]){0,2}");
        }
        return regex.toString();
    }

    private static String core(byte[] secret, int align, char[] alphabet) {
        byte[] aligned = new byte[align + secret.length];
        System.arraycopy(secret, 0, aligned, align, secret.length);
        String encoded = Base64.getEncoder().withoutPadding().encodeToString(aligned);
        if (alphabet == URL_SAFE) {
            encoded = encoded.replace('+', '-').replace('/', '_');
        }
        // The last character of an incomplete group mixes in bits of the byte after the secret.
        int end = encoded.length() - (aligned.length % 3 == 0 ? 0 : 1);
        return end <= MIXED_LEAD[align] ? "" : encoded.substring(MIXED_LEAD[align], end);
    }

    /** A character class of the alphabet's characters whose 6 bits are {@code known} outside the {@code free} bits. */
    private static String candidates(char[] alphabet, int free, int known) {
        StringBuilder set = new StringBuilder("[");
        for (int value = 0; value < 64; value++) {
            if ((value & ~free) == known) {
                set.append(base64Literal(alphabet[value]));
            }
        }
        return set.append(']').toString();
    }

    private static String base64Char(char c) {
        return switch (c) {
            case '+' -> "(?:\\+|%2[bB])";
            case '/' -> "(?:/|" + ESCAPE + "/|%2[fF])";
            default -> base64Literal(c);
        };
    }

    private static String base64Literal(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }

    /** The alternatives for one character: itself and every escape of it the supported syntaxes allow. */
    private static String anyEscapeOf(int c) {
        List<String> forms = new ArrayList<>();
        forms.add(Pattern.quote(new String(Character.toChars(c))));
        byte[] utf8 = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        StringBuilder percent = new StringBuilder();
        StringBuilder octal = new StringBuilder();
        for (byte b : utf8) {
            percent.append('%').append(hexDigits(b & 0xff, 2));
            octal.append(ESCAPE).append(String.format(Locale.ROOT, "%03o", b & 0xff));
        }
        forms.add(percent.toString());
        forms.add(octal.toString());
        StringBuilder unicode = new StringBuilder();
        for (char unit : Character.toChars(c)) {
            unicode.append(ESCAPE).append('u').append(hexDigits(unit, 4));
        }
        forms.add(unicode.toString());
        forms.add("&" + HASH + "0*" + c + ";");
        forms.add("&" + HASH + "[xX]0*" + hexDigits(c, 0) + ";");
        String shortEscape = switch (c) {
            case ' ' -> "\\+";
            case '"' -> ESCAPE + "\"|&quot;";
            case '\'' -> ESCAPE + "'|&apos;";
            case '\\' -> ESCAPE;
            case '/' -> ESCAPE + "/";
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '\n' -> ESCAPE + "n";
            case '\t' -> ESCAPE + "t";
            case '\r' -> ESCAPE + "r";
            case '\b' -> ESCAPE + "b";
            case '\f' -> ESCAPE + "f";
            case 0x07 -> ESCAPE + "a";
            case 0x0b -> ESCAPE + "v";
            default -> null;
        };
        if (shortEscape != null) {
            forms.add(shortEscape);
        }
        return "(?:" + String.join("|", forms) + ")";
    }

    /** {@code value} in hex, each digit in either case, at least {@code width} digits. */
    private static String hexDigits(int value, int width) {
        String hex = Integer.toHexString(value);
        hex = "0".repeat(Math.max(0, width - hex.length())) + hex;
        StringBuilder regex = new StringBuilder();
        for (char digit : hex.toCharArray()) {
            regex.append(Character.isDigit(digit) ? String.valueOf(digit)
                    : "[" + digit + Character.toUpperCase(digit) + "]");
        }
        return regex.toString();
    }
}
