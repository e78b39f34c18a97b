package io.ambient.workspace;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * The state of a work tree at one moment, as a git tree object in the repository's object database.
 * Serialisable (plain strings) so it can be persisted with a run.
 *
 * @param workspace absolute path of the work tree
 * @param treeId    id of the tree object
 */
public record WorkspaceSnapshot(String workspace, String treeId) implements Serializable {

    /** The work tree as a path. */
    public Path path() {
        return Path.of(workspace);
    }
}
