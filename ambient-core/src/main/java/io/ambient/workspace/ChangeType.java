package io.ambient.workspace;

/** What happened to a file. Renames show as a deletion and an addition. */
public enum ChangeType {
    ADDED,
    MODIFIED,
    DELETED
}
