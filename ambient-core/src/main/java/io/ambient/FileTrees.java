package io.ambient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** File tree helpers. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes {@code path} and everything under it, without following links; does nothing for null or absent. */
    public static void delete(Path path) throws IOException {
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }

    /**
     * Writes {@code files} (relative path to UTF-8 content) under {@code dir}, and gives {@code dir}, the directories
     * made for them and the files to {@code uid:gid} where they are someone else's: the agent that reads them runs as
     * that user and may write there too. Giving files away needs root; as their owner nothing changes.
     */
    public static void writeOwned(Path dir, Map<String, String> files, int uid, int gid) throws IOException {
        Files.createDirectories(dir);
        own(dir, uid, gid);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey()).normalize();
            if (!target.startsWith(dir) || target.equals(dir)) {
                throw new IOException("file " + file.getKey() + " would leave " + dir);
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            for (Path path = target; !path.equals(dir); path = path.getParent()) {
                own(path, uid, gid);
            }
        }
    }

    private static void own(Path path, int uid, int gid) throws IOException {
        if (!Integer.valueOf(uid).equals(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (!Integer.valueOf(gid).equals(Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS))) {
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Creates {@code dir} if needed and returns its real path: the form {@link #writeInto} takes, fixed before anyone
     * else (an agent) could have put a link in the way.
     */
    public static Path realDirectory(Path dir) throws IOException {
        return Files.createDirectories(dir).toRealPath();
    }

    /**
     * Writes the file {@code name} into {@code dir} without following any link: {@code content} writes it in a fresh
     * directory of ours inside {@code dir}, and a rename puts it in place, which replaces whatever was at
     * {@code dir/name} (a link, a hard link) rather than writing through it.
     *
     * @param dir a {@link #realDirectory real path}, taken before the directory was shared with anyone: a directory
     *            that is gone is made again; one that is now reached through a link (it, or a parent, was replaced
     *            by one) is refused
     * @return the file written
     */
    public static Path writeInto(Path dir, String name, Content content) throws IOException {
        requireUnmoved(dir);
        Path staging = Files.createTempDirectory(dir, ".ambient-");
        try {
            Path staged = staging.resolve(name);
            content.writeTo(staged);
            Path target = dir.resolve(name);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            delete(staging);
        }
    }

    private static void requireUnmoved(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(parent); // a link made meanwhile is caught next
        }
        if (parent != null && !parent.toRealPath().equals(parent)) {
            throw new IOException(moved(dir, parent.toRealPath().resolve(dir.getFileName())));
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(moved(dir, Files.isSymbolicLink(dir) ? Files.readSymbolicLink(dir) : "a file"));
        }
    }

    private static String moved(Path dir, Object now) {
        return dir + " was replaced while it was shared (it now leads to " + now + "): nothing is written through it";
    }

    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }
}
