package io.ambient.workspace;

import io.ambient.AmbientException;
import io.ambient.FileTrees;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Private copies of a work tree ({@code .git} included), so runs of a fan-out never see each other's edits, and the
 * way back: the files a run changed, brought into the main work tree. Owners, permissions and links are kept, so a
 * copy works for the agent exactly as the original would.
 */
public final class WorkspaceCopies {
    private WorkspaceCopies() {
    }

    /** Copies the tree at {@code from} to {@code to}, which must not exist. */
    public static Path copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path target = to.resolve(from.relativize(dir).toString());
                    Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    owner(dir, target);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    copyEntry(file, to.resolve(from.relativize(file).toString()));
                    return FileVisitResult.CONTINUE;
                }
            });
            return to;
        } catch (IOException e) {
            throw new AmbientException("cannot copy the workspace " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /**
     * Brings {@code files}, as changed in {@code copy}, into {@code main}: added and modified files are copied over,
     * deleted ones deleted.
     */
    public static void bringBack(Path copy, Path main, List<ChangedFile> files) {
        try {
            for (ChangedFile file : files) {
                Path target = main.resolve(file.path());
                if (file.change() == ChangeType.DELETED) {
                    Files.deleteIfExists(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copyEntry(copy.resolve(file.path()), target);
                }
            }
        } catch (IOException e) {
            throw new AmbientException("cannot bring changes from " + copy + " into " + main + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a copy; does nothing when it is already gone. */
    public static void delete(Path copy) {
        try {
            FileTrees.delete(copy);
        } catch (IOException e) {
            throw new AmbientException("cannot delete the workspace copy " + copy + ": " + e.getMessage(), e);
        }
    }

    private static void copyEntry(Path source, Path target) throws IOException {
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING,
                LinkOption.NOFOLLOW_LINKS);
        owner(source, target);
    }

    /** Keeps the owner: the agent runs as the workspace's owner and must be able to write its copy. */
    private static void owner(Path source, Path target) throws IOException {
        Object uid = Files.getAttribute(source, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!uid.equals(Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
            Files.setAttribute(target, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", Files.getAttribute(source, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                    LinkOption.NOFOLLOW_LINKS);
        }
    }
}
