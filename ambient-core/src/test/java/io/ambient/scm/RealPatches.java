package io.ambient.scm;

import io.ambient.testing.GitRepos;
import io.ambient.workspace.WorkspaceChanges;
import io.ambient.workspace.WorkspaceSnapshot;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.Patch;
import org.eclipse.jgit.util.RawParseUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Patches made the way a run makes them: a real git work tree, {@link WorkspaceChanges#snapshot} before and
 * {@link WorkspaceChanges#changesSince} after, the written {@code patch.diff} read back.
 */
final class RealPatches {
    private RealPatches() {
    }

    /** {@code "line 1\n"} to {@code "line N\n"}. */
    static String lines(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }

    /** {@code text} with line {@code number} (1-based) replaced by {@code replacement} (several lines allowed). */
    static String replaceLine(String text, int number, String replacement) {
        String[] lines = text.split("\n", -1);
        lines[number - 1] = replacement;
        return String.join("\n", lines);
    }

    /**
     * The patch of a work tree in {@code dir} going from {@code before} to {@code after} (path to content; a path
     * missing from {@code after} is deleted).
     */
    static String diff(Path dir, Map<String, String> before, Map<String, String> after)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        GitRepos.git(dir, "init", "-q");
        write(dir, before);
        WorkspaceSnapshot snapshot = WorkspaceChanges.snapshot(dir);
        for (String path : before.keySet()) {
            if (!after.containsKey(path)) {
                Files.delete(dir.resolve(path));
            }
        }
        write(dir, after);
        Path patch = dir.resolveSibling(dir.getFileName() + ".diff");
        WorkspaceChanges.changesSince(snapshot, patch);
        return Files.readString(patch);
    }

    /** Each file's hunks, from the first {@code @@} line on: what GitHub lists as a file's {@code patch}. */
    static Map<String, String> hunksPerFile(String patch) {
        Patch parsed = new Patch();
        byte[] bytes = patch.getBytes(StandardCharsets.UTF_8);
        parsed.parse(bytes, 0, bytes.length);
        Map<String, String> out = new LinkedHashMap<>();
        for (FileHeader file : parsed.getFiles()) {
            if (!file.getHunks().isEmpty()) {
                out.put(file.getNewPath(), RawParseUtils.decode(bytes, file.getHunks().get(0).getStartOffset(),
                        file.getEndOffset()));
            }
        }
        return out;
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
    }
}
