package io.ambient.run;

import io.ambient.AmbientException;
import io.ambient.FileTrees;
import io.ambient.InvalidInputException;
import io.ambient.workspace.WorkspaceChanges;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run's report may go. Inside the workspace the agent can write too, so there it is accepted only when git
 * ignores it: what the agent puts there is then never part of its change (the patch, a pull request). Links it plants
 * there are harmless either way, since report files are never written through one ({@link FileTrees#writeInto}).
 */
final class OutDirs {
    private OutDirs() {
    }

    /**
     * Refuses a report directory that is the workspace, or inside it and not ignored by git; leaves nothing behind.
     *
     * @throws InvalidInputException naming the fix
     */
    static void requireSafe(Path outDir, Path workspace) {
        try {
            Path top = workspace.toRealPath();
            Path out = realOrLexical(outDir.toAbsolutePath().normalize());
            if (!out.startsWith(top)) {
                return;
            }
            if (out.equals(top)) {
                throw new InvalidInputException("report directory " + outDir + " is the workspace: choose a report "
                        + "directory outside it");
            }
            // Git tells ignored from not only for what exists: make what is missing for the question, then remove it.
            Path made = firstMissing(out);
            Files.createDirectories(out);
            boolean ignored;
            try {
                ignored = WorkspaceChanges.ignores(top, out);
            } finally {
                if (made != null) {
                    FileTrees.delete(made);
                }
            }
            if (!ignored) {
                throw new InvalidInputException("report directory " + outDir + " is inside the workspace " + workspace
                        + " and git does not ignore it: choose a report directory outside the workspace, or add "
                        + top.relativize(out) + "/ to the workspace's .gitignore");
            }
        } catch (IOException e) {
            throw new AmbientException("cannot check report directory " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** {@code path} with links resolved as far as it exists. */
    private static Path realOrLexical(Path path) throws IOException {
        Path existing = path;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing.toRealPath().resolve(existing.relativize(path));
    }

    /** The topmost directory of {@code path} that does not exist yet, or {@code null}. */
    private static Path firstMissing(Path path) {
        Path missing = null;
        for (Path each = path; each != null && !Files.exists(each); each = each.getParent()) {
            missing = each;
        }
        return missing;
    }
}
