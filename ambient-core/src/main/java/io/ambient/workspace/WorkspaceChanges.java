package io.ambient.workspace;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What an agent changed in a git work tree, without touching the user's index, HEAD or branches.
 * <p>
 * A {@link #snapshot} records the work tree exactly as it is on disk — tracked files with their uncommitted edits
 * and untracked files, minus ignored ones — as a tree object written to the repository's object database through an
 * in-memory index (never {@code .git/index}). Files unchanged since the last {@code git add} are not re-hashed: their
 * ids come from the index. {@link #changesSince} snapshots again and diffs the two trees, so edits the user had made
 * before the run are never counted as the agent's. The objects written are unreferenced: {@code git gc} prunes them.
 */
public final class WorkspaceChanges {
    private static final int FILES = 0;
    private static final int INDEX = 1;

    private WorkspaceChanges() {
    }

    /**
     * Records the work tree's current state.
     *
     * @throws InvalidInputException when {@code workspace} is missing or not the top of a git work tree
     */
    public static WorkspaceSnapshot snapshot(Path workspace) {
        Path top = workspace.toAbsolutePath().normalize();
        try (Repository repository = open(top)) {
            return new WorkspaceSnapshot(top.toString(), writeTree(repository).name());
        } catch (IOException e) {
            throw new AmbientException("cannot snapshot workspace " + top + ": " + e.getMessage(), e);
        }
    }

    /**
     * Compares the work tree with {@code before}: writes the unified diff to {@code patchFile} (streamed, never held
     * in memory) and lists the changed files with their line counts.
     */
    public static ChangeSet changesSince(WorkspaceSnapshot before, Path patchFile) {
        try (Repository repository = open(before.path())) {
            ObjectId after = writeTree(repository);
            Files.createDirectories(patchFile.toAbsolutePath().getParent());
            List<ChangedFile> files;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(patchFile));
                 DiffFormatter diff = new DiffFormatter(out)) {
                diff.setRepository(repository);
                diff.setDetectRenames(false);
                files = new ArrayList<>();
                for (DiffEntry entry : diff.scan(ObjectId.fromString(before.treeId()), after)) {
                    diff.format(entry);
                    files.add(changedFile(entry, diff.toFileHeader(entry)));
                }
            }
            files.sort(Comparator.comparing(ChangedFile::path));
            return new ChangeSet(files, patchFile, Files.size(patchFile));
        } catch (IOException e) {
            throw new AmbientException("cannot compute the changes in " + before.workspace() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code workspace} can be snapshot, without recording anything.
     *
     * @throws InvalidInputException when {@code workspace} is missing or not the top of a git work tree
     */
    public static void requireWorkTree(Path workspace) {
        try {
            open(workspace.toAbsolutePath().normalize()).close();
        } catch (IOException e) {
            throw new AmbientException("cannot open workspace " + workspace + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether git ignores {@code path}, an existing file or directory in the work tree {@code top}, or one of the
     * directories on the way to it.
     */
    public static boolean ignores(Path top, Path path) throws IOException {
        String relative = top.relativize(path).toString().replace('\\', '/');
        try (Repository repository = open(top); TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(new FileTreeIterator(repository));
            walk.setFilter(PathFilter.create(relative));
            while (walk.next()) {
                if (walk.getTree(FILES, WorkingTreeIterator.class).isEntryIgnored()) {
                    return true;
                }
                if (walk.isSubtree()) {
                    walk.enterSubtree();
                }
            }
            return false;
        }
    }

    /**
     * Opens the git repository whose work tree is {@code top}.
     *
     * @throws InvalidInputException for a directory that does not exist, is not a git work tree, or is bare
     */
    public static Repository open(Path top) throws IOException {
        if (!Files.isDirectory(top)) {
            throw new InvalidInputException("workspace " + top + " does not exist: create it or point --workspace at a git checkout");
        }
        if (!Files.exists(top.resolve(Constants.DOT_GIT))) {
            throw new InvalidInputException("workspace " + top
                    + " is not a git repository: run `git init` there or point --workspace at a checkout");
        }
        Repository repository = new FileRepositoryBuilder().setWorkTree(top.toFile()).setMustExist(true).build();
        if (repository.isBare()) {
            repository.close();
            throw new InvalidInputException("workspace " + top + " is a bare repository: point --workspace at a checkout");
        }
        return repository;
    }

    /** Writes the work tree as it is on disk as a tree object, through an in-memory index. */
    private static ObjectId writeTree(Repository repository) throws IOException {
        DirCache state = DirCache.newInCore();
        DirCacheBuilder builder = state.builder();
        try (ObjectInserter inserter = repository.newObjectInserter();
             TreeWalk walk = new TreeWalk(repository)) {
            FileTreeIterator files = new FileTreeIterator(repository);
            walk.addTree(files);
            walk.addTree(new DirCacheIterator(repository.readDirCache()));
            files.setDirCacheIterator(walk, INDEX);
            while (walk.next()) {
                WorkingTreeIterator file = walk.getTree(FILES, WorkingTreeIterator.class);
                DirCacheIterator indexed = walk.getTree(INDEX, DirCacheIterator.class);
                if (file == null || (indexed == null && file.isEntryIgnored())) {
                    continue; // gone from disk, or ignored and untracked: not part of the work tree's content
                }
                if (walk.isSubtree()) {
                    walk.enterSubtree();
                } else {
                    builder.add(entry(walk.getPathString(), file, indexed, walk, inserter));
                }
            }
            builder.finish();
            ObjectId tree = state.writeTree(inserter);
            inserter.flush();
            return tree;
        }
    }

    private static DirCacheEntry entry(String path, WorkingTreeIterator file, DirCacheIterator indexed, TreeWalk walk,
                                       ObjectInserter inserter) throws IOException {
        DirCacheEntry entry = new DirCacheEntry(path);
        FileMode mode = file.getEntryFileMode();
        entry.setFileMode(mode);
        if (mode == FileMode.GITLINK) {
            entry.setObjectId(file.getEntryObjectId()); // a submodule: its checked-out commit
        } else if (indexed != null && !file.isModified(indexed.getDirCacheEntry(), false, walk.getObjectReader())) {
            entry.setObjectId(indexed.getEntryObjectId());
        } else {
            long length = file.getEntryContentLength();
            try (InputStream in = file.openEntryStream()) {
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, length, in));
            }
        }
        return entry;
    }

    private static ChangedFile changedFile(DiffEntry entry, FileHeader header) {
        boolean binary = header.getPatchType() != FileHeader.PatchType.UNIFIED;
        int added = 0;
        int removed = 0;
        for (Edit edit : header.toEditList()) {
            added += edit.getLengthB();
            removed += edit.getLengthA();
        }
        return switch (entry.getChangeType()) {
            case ADD -> new ChangedFile(entry.getNewPath(), ChangeType.ADDED, added, removed, binary);
            case DELETE -> new ChangedFile(entry.getOldPath(), ChangeType.DELETED, added, removed, binary);
            default -> new ChangedFile(entry.getNewPath(), ChangeType.MODIFIED, added, removed, binary);
        };
    }
}
