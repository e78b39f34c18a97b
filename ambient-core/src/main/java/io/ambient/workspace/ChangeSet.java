package io.ambient.workspace;

import java.nio.file.Path;
import java.util.List;

/**
 * What changed in a work tree between a snapshot and now.
 *
 * @param files      the changed files, sorted by path
 * @param patchFile  the full unified diff ({@code git apply}-able, {@code a/} and {@code b/} prefixes)
 * @param patchBytes size of the patch file
 */
public record ChangeSet(List<ChangedFile> files, Path patchFile, long patchBytes) {
    public ChangeSet {
        files = List.copyOf(files);
    }
}
