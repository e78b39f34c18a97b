package io.ambient.scm;

import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.HunkHeader;
import org.eclipse.jgit.patch.Patch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The lines a change's own diff shows, per file, on its RIGHT (head) side: hosts accept review comments only there
 * (GitHub answers 422 otherwise). Built from the hunk text the host lists for each file (GitHub's {@code patch},
 * GitLab's {@code diff}), parsed by JGit.
 */
final class ChangeDiff {

    /** One hunk: its first old and new line, its last new line, and its edits (0-based, as JGit gives them). */
    private record Hunk(int oldStart, int newStart, int newEnd, EditList edits) {
    }

    private final Map<String, List<Hunk>> hunks = new HashMap<>();

    /** Adds the hunks of one file; {@code hunkText} starts at its first {@code @@} line. Null text adds nothing. */
    void add(String path, String hunkText) {
        if (hunkText == null || hunkText.isBlank()) {
            return;
        }
        // A file header in front makes the hunks a patch JGit parses.
        String text = "--- a/file\n+++ b/file\n" + hunkText + (hunkText.endsWith("\n") ? "" : "\n");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Patch patch = new Patch();
        patch.parse(bytes, 0, bytes.length);
        List<Hunk> list = hunks.computeIfAbsent(path, p -> new ArrayList<>());
        for (FileHeader file : patch.getFiles()) {
            for (HunkHeader hunk : file.getHunks()) {
                int newStart = hunk.getNewStartLine();
                list.add(new Hunk(hunk.getOldImage().getStartLine(), newStart,
                        newStart + hunk.getNewLineCount() - 1, hunk.toEditList()));
            }
        }
    }

    /** Whether lines {@code from..to} (1-based, inclusive) of {@code path} lie within one hunk of the diff. */
    boolean covers(String path, int from, int to) {
        return hunk(path, from, to) != null;
    }

    /**
     * The old (LEFT) line number of RIGHT line {@code line} when the diff shows it as unchanged context; empty for
     * a line the change added, or one outside the diff.
     */
    OptionalInt oldLineOfContext(String path, int line) {
        Hunk hunk = hunk(path, line, line);
        if (hunk == null) {
            return OptionalInt.empty();
        }
        int offset = hunk.oldStart() - hunk.newStart();
        for (Edit edit : hunk.edits()) {
            if (line <= edit.getBeginB()) {
                break;
            }
            if (line <= edit.getEndB()) {
                return OptionalInt.empty();
            }
            offset = edit.getEndA() - edit.getEndB();
        }
        return OptionalInt.of(line + offset);
    }

    private Hunk hunk(String path, int from, int to) {
        for (Hunk hunk : hunks.getOrDefault(path, List.of())) {
            if (hunk.newStart() <= from && to <= hunk.newEnd()) {
                return hunk;
            }
        }
        return null;
    }
}
