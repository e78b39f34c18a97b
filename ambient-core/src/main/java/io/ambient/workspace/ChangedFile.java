package io.ambient.workspace;

/**
 * One file the agent changed.
 *
 * @param path         path relative to the workspace, with {@code /} separators
 * @param change       added, modified or deleted
 * @param linesAdded   lines added (0 for binary files)
 * @param linesRemoved lines removed (0 for binary files)
 * @param binary       whether git treats the file as binary (its content is not in the patch)
 */
public record ChangedFile(String path, ChangeType change, int linesAdded, int linesRemoved, boolean binary) {
}
