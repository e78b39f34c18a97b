package io.ambient.scm;

import io.ambient.InvalidInputException;
import io.ambient.report.ReportFiles;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FormatError;
import org.eclipse.jgit.patch.HunkHeader;
import org.eclipse.jgit.patch.Patch;
import org.eclipse.jgit.util.RawParseUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A unified patch made against a change's head (the run's {@code changes.patch}) read as suggested changes: each hunk
 * of a modified text file replaces lines of the head's file (the RIGHT side of the change's diff) with the patch's
 * new lines. The patch is parsed by JGit ({@link Patch}); the leading and trailing context lines of a hunk are left
 * out of the replaced range. A hunk that only inserts anchors on the line before the insertion (at the start of a
 * file, on the line after) and repeats it. Added, deleted, renamed, copied and binary files are not suggestions:
 * they are listed with the reason.
 */
final class PatchSuggestions {

    /**
     * Replace lines {@code startLine..endLine} (1-based, inclusive) of {@code path} with {@code replacement}.
     *
     * @param hunk the hunk as the patch shows it, for a summary when the suggestion cannot be made inline
     */
    record Suggestion(String path, int startLine, int endLine, List<String> replacement, String hunk) {
        Suggestion {
            replacement = List.copyOf(replacement);
        }

        /** How many lines are replaced. */
        int lineCount() {
            return endLine - startLine + 1;
        }
    }

    /** A file or hunk of the patch that cannot be a suggestion, and why ({@code added}, {@code binary}, ...). */
    record Skipped(String path, String reason) {
    }

    /** The patch read as suggestions. */
    record Parsed(List<Suggestion> suggestions, List<Skipped> skipped) {
        Parsed {
            suggestions = List.copyOf(suggestions);
            skipped = List.copyOf(skipped);
        }

        boolean isEmpty() {
            return suggestions.isEmpty() && skipped.isEmpty();
        }
    }

    private PatchSuggestions() {
    }

    /**
     * Reads {@code patch}.
     *
     * @throws InvalidInputException when the text is not a unified diff
     */
    static Parsed parse(String patch) {
        List<Suggestion> suggestions = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        if (patch == null || patch.isBlank()) {
            return new Parsed(suggestions, skipped);
        }
        Patch parsed = new Patch();
        byte[] bytes = patch.getBytes(StandardCharsets.UTF_8);
        parsed.parse(bytes, 0, bytes.length);
        for (FormatError error : parsed.getErrors()) {
            if (error.getSeverity() == FormatError.Severity.ERROR) {
                throw new InvalidInputException("the patch is not a unified diff (" + error.getMessage()
                        + "): pass the run's " + ReportFiles.PATCH_FILE + " unchanged");
            }
        }
        if (parsed.getFiles().isEmpty()) {
            throw new InvalidInputException("the patch has no file changes (no 'diff --git' or '---/+++' headers):"
                    + " pass the run's " + ReportFiles.PATCH_FILE + " unchanged");
        }
        for (FileHeader file : parsed.getFiles()) {
            String reason = unsuggestable(file);
            if (reason != null) {
                DiffEntry.ChangeType type = file.getChangeType();
                skipped.add(new Skipped(type == DiffEntry.ChangeType.DELETE ? file.getOldPath() : file.getNewPath(),
                        reason));
                continue;
            }
            for (HunkHeader hunk : file.getHunks()) {
                Suggestion suggestion = suggestion(file.getNewPath(), hunk);
                if (suggestion == null) {
                    skipped.add(new Skipped(file.getNewPath(), "insertion at line "
                            + hunk.getOldImage().getStartLine() + " without context lines to anchor on"));
                } else {
                    suggestions.add(suggestion);
                }
            }
        }
        return new Parsed(suggestions, skipped);
    }

    private static String unsuggestable(FileHeader file) {
        if (file.getPatchType() != FileHeader.PatchType.UNIFIED) {
            return "binary";
        }
        return switch (file.getChangeType()) {
            case ADD -> "added";
            case DELETE -> "deleted";
            case RENAME -> "renamed from " + file.getOldPath();
            case COPY -> "copied from " + file.getOldPath();
            case MODIFY -> file.getHunks().isEmpty() ? "mode changed" : null;
        };
    }

    /** The hunk as one suggestion, or null for an insertion with no context line to anchor on. */
    private static Suggestion suggestion(String path, HunkHeader hunk) {
        EditList edits = hunk.toEditList();
        if (edits.isEmpty()) {
            return null;
        }
        String text = RawParseUtils.decode(hunk.getBuffer(), hunk.getStartOffset(), hunk.getEndOffset());
        Map<Integer, String> oldLines = new HashMap<>();
        Map<Integer, String> newLines = new HashMap<>();
        readLines(text, hunk, oldLines, newLines);
        // Edits count lines from 0; begin is inclusive, end exclusive: 1-based inclusive is begin+1..end.
        Edit first = edits.get(0);
        Edit last = edits.get(edits.size() - 1);
        List<String> replacement = new ArrayList<>();
        for (int line = first.getBeginB() + 1; line <= last.getEndB(); line++) {
            replacement.add(newLines.get(line));
        }
        int from = first.getBeginA() + 1;
        int to = last.getEndA();
        if (to >= from) {
            return new Suggestion(path, from, to, replacement, text);
        }
        int before = first.getBeginA();
        if (before >= 1 && oldLines.containsKey(before)) {
            replacement.add(0, oldLines.get(before));
            return new Suggestion(path, before, before, replacement, text);
        }
        if (oldLines.containsKey(before + 1)) {
            replacement.add(oldLines.get(before + 1));
            return new Suggestion(path, before + 1, before + 1, replacement, text);
        }
        return null;
    }

    /** The old and new lines the hunk shows, by line number; JGit located the hunk, its lines are read here. */
    private static void readLines(String text, HunkHeader hunk, Map<Integer, String> oldLines,
            Map<Integer, String> newLines) {
        int oldLine = hunk.getOldImage().getStartLine();
        int newLine = hunk.getNewStartLine();
        String[] lines = text.split("\n", -1);
        // lines[0] is the "@@ ... @@" header; after a final newline, split leaves one empty string that is no line.
        int end = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 1; i < end; i++) {
            String line = lines[i];
            // An empty line is a blank context line whose leading space an editor trimmed: JGit counts it as one.
            String content = line.isEmpty() ? "" : line.substring(1);
            switch (line.isEmpty() ? ' ' : line.charAt(0)) {
                case ' ' -> {
                    oldLines.put(oldLine++, content);
                    newLines.put(newLine++, content);
                }
                case '-' -> oldLines.put(oldLine++, content);
                case '+' -> newLines.put(newLine++, content);
                default -> {
                    // "\ No newline at end of file"
                }
            }
        }
    }
}
