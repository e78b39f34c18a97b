package io.ambient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
}
