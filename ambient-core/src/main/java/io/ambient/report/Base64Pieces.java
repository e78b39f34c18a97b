package io.ambient.report;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Masks the pieces of a secret's base64 that line breaks cut apart. A wrapped encoding (76 columns for
 * {@code base64}, 64 for PEM and openssl, any width) ends one line with a piece of the secret's encoding, fills whole
 * lines with it and starts the next line with the rest: a reader that masks line by line (the console, the patch)
 * never sees the encoding whole, and neither does a regular expression over a JSON string holding {@code \n}.
 * <p>
 * So each line is checked on its own: a line that ends with the beginning of the encoding, starts with its end, or
 * lies wholly inside it has that piece masked. The check works for any wrap width and any column the encoding starts
 * at. A line ends at a line break or its escape ({@code \n}, {@code \r}); a patch line's leading {@code +}, {@code -}
 * or space is not part of it.
 */
final class Base64Pieces implements Serializable {
    private static final long serialVersionUID = 1L;
    /** An edge piece is masked from this many characters (24 bits) on: fewer would hit ordinary line ends. */
    static final int MIN_EDGE = 4;
    /** A whole line inside the encoding is masked from this length on: no encoder wraps narrower. */
    static final int MIN_LINE = 16;

    private final List<String> cores;
    /** Every {@link #MIN_EDGE} characters in a row of a core: a piece starts and ends with one of them. */
    private final Set<String> grams = new HashSet<>();

    /** Pieces of these base64 cores (see {@link SecretForms.Base64Form#core()}). */
    Base64Pieces(List<String> cores) {
        this.cores = List.copyOf(cores);
        for (String core : cores) {
            for (int i = 0; i + MIN_EDGE <= core.length(); i++) {
                grams.add(core.substring(i, i + MIN_EDGE));
            }
        }
    }

    /** {@code text} with every piece of an encoding masked. */
    String mask(String text) {
        List<int[]> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            int breakLength = lineBreakAt(text, i);
            if (breakLength > 0) {
                findPieces(text, start, i, pieces);
                i += breakLength - 1;
                start = i + 1;
            }
        }
        return pieces.isEmpty() ? text : replace(text, pieces);
    }

    /** The length of the line break at {@code i}: 1 for a character or the end of the text, longer for an escape. */
    private static int lineBreakAt(String text, int i) {
        if (i == text.length()) {
            return 1;
        }
        char c = text.charAt(i);
        if (c == '\n' || c == '\r') {
            return 1;
        }
        // An escape, or an escape escaped again (JSON quoting JSON): backslashes, then n or r.
        int after = i;
        while (after < text.length() && text.charAt(after) == '\\') {
            after++;
        }
        return after > i && after < text.length() && (text.charAt(after) == 'n' || text.charAt(after) == 'r')
                ? after + 1 - i : 0;
    }

    private void findPieces(String text, int lineStart, int lineEnd, List<int[]> pieces) {
        if (lineEnd - lineStart < MIN_EDGE || !gramAt(text, lineStart) && !gramAt(text, lineStart + 1)
                && !gramAt(text, lineEnd - MIN_EDGE)) {
            return; // the usual line: neither end can be a piece
        }
        boolean marked = "+- ".indexOf(text.charAt(lineStart)) >= 0;
        for (String core : cores) {
            if (whole(text, lineStart, lineEnd, core, pieces) || marked && whole(text, lineStart + 1, lineEnd, core, pieces)) {
                continue;
            }
            if (!start(text, lineStart, lineEnd, core, pieces) && marked) {
                start(text, lineStart + 1, lineEnd, core, pieces);
            }
            end(text, lineStart, lineEnd, core, pieces);
        }
    }

    private boolean gramAt(String text, int at) {
        return at + MIN_EDGE <= text.length() && grams.contains(text.substring(at, at + MIN_EDGE));
    }

    /** The line lies wholly inside the encoding. */
    private static boolean whole(String text, int from, int to, String core, List<int[]> pieces) {
        if (to - from < MIN_LINE || to - from > core.length() || !core.contains(text.substring(from, to))) {
            return false;
        }
        pieces.add(new int[] {from, to});
        return true;
    }

    /** The line starts with the encoding's end: the longest such piece. */
    private static boolean start(String text, int from, int to, String core, List<int[]> pieces) {
        if (to - from < MIN_EDGE) {
            return false;
        }
        String head = text.substring(from, from + MIN_EDGE);
        for (int at = core.indexOf(head); at >= 0; at = core.indexOf(head, at + 1)) {
            int length = core.length() - at;
            if (length <= to - from && text.regionMatches(from, core, at, length)) {
                pieces.add(new int[] {from, from + length});
                return true;
            }
        }
        return false;
    }

    /** The line ends with the encoding's beginning: the longest such piece. */
    private static void end(String text, int from, int to, String core, List<int[]> pieces) {
        String head = core.substring(0, MIN_EDGE);
        int at = text.indexOf(head, Math.max(from, to - core.length()));
        for (; at >= 0 && at <= to - MIN_EDGE; at = text.indexOf(head, at + 1)) {
            if (text.regionMatches(at, core, 0, to - at)) {
                pieces.add(new int[] {at, to});
                return;
            }
        }
    }

    private static String replace(String text, List<int[]> pieces) {
        pieces.sort((a, b) -> Integer.compare(a[0], b[0]));
        StringBuilder masked = new StringBuilder(text.length());
        int done = 0;
        for (int[] piece : pieces) {
            if (piece[1] <= done) {
                continue;
            }
            if (piece[0] >= done) {
                masked.append(text, done, piece[0]).append(SecretMasker.MASK);
            }
            done = piece[1];
        }
        return masked.append(text, done, text.length()).toString();
    }
}
