package io.ambient.report.render;

import java.util.ArrayList;
import java.util.List;

/** A unified diff ({@code git diff} output) split per file, for rendering. */
final class PatchFiles {
    private PatchFiles() {
    }

    /**
     * One file's part of the patch.
     *
     * @param path  the file's path, from the {@code diff --git} header
     * @param lines its lines, headers included
     */
    record FilePatch(String path, List<String> lines) {
    }

    static List<FilePatch> split(String patch) {
        List<FilePatch> files = new ArrayList<>();
        if (patch == null || patch.isEmpty()) {
            return files;
        }
        String path = null;
        List<String> lines = null;
        for (String line : patch.split("\n", -1)) {
            if (line.startsWith("diff --git ")) {
                if (lines != null) {
                    files.add(new FilePatch(path, lines));
                }
                path = pathOf(line);
                lines = new ArrayList<>();
            } else if (lines == null) {
                // Text before the first file header (not git output): one unnamed part.
                path = "(patch)";
                lines = new ArrayList<>();
            }
            lines.add(line);
        }
        if (lines != null) {
            // split leaves an empty string after a final newline.
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            files.add(new FilePatch(path, lines));
        }
        return files;
    }

    /** The CSS class of a diff line: added, removed, hunk header, file header or context. */
    static String lineClass(String line, boolean inHunk) {
        if (!inHunk) {
            return line.startsWith("@@") ? "ar-hunk" : "ar-meta";
        }
        if (line.startsWith("@@")) {
            return "ar-hunk";
        }
        if (line.startsWith("+")) {
            return "ar-add";
        }
        if (line.startsWith("-")) {
            return "ar-del";
        }
        if (line.startsWith("\\")) {
            return "ar-meta";
        }
        return "ar-ctx";
    }

    private static String pathOf(String header) {
        // diff --git a/x b/x; quoted names ("a/x y") are kept as git wrote them.
        String rest = header.substring("diff --git ".length());
        int b = rest.lastIndexOf(" b/");
        if (b >= 0) {
            return rest.substring(b + 3);
        }
        return rest;
    }
}
