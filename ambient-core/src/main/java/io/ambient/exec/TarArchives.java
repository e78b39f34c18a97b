package io.ambient.exec;

import io.ambient.FileTrees;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tar archives for the Docker engine's archive API: building what is copied into a container (owned by the run's
 * user, modes kept) and mirroring what is copied out back onto the host workspace.
 */
final class TarArchives {
    private TarArchives() {
    }

    /** Writes a tar of {@code files} (name to content) under directory {@code dir}, e.g. {@code ambient/input}. */
    static void writeFiles(OutputStream target, String dir, Map<String, String> files, int uid, int gid)
            throws IOException {
        try (TarArchiveOutputStream tar = open(target)) {
            StringBuilder path = new StringBuilder();
            for (String part : dir.split("/")) {
                path.append(part).append('/');
                addDirectory(tar, path.toString(), 0755, uid, gid);
            }
            Set<String> dirs = new HashSet<>();
            for (Map.Entry<String, String> file : files.entrySet()) {
                // Parent directories of nested names get entries too, or the engine creates them owned by root.
                String[] parts = file.getKey().split("/");
                StringBuilder parent = new StringBuilder(dir);
                for (int i = 0; i < parts.length - 1; i++) {
                    parent.append('/').append(parts[i]);
                    if (dirs.add(parent.toString())) {
                        addDirectory(tar, parent + "/", 0755, uid, gid);
                    }
                }
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(dir + "/" + file.getKey());
                entry.setSize(content.length);
                entry.setMode(0100644);
                owner(entry, uid, gid);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
    }

    /** Writes a tar of the whole tree at {@code source} (including {@code .git}) under directory {@code name}. */
    static void writeTree(OutputStream target, Path source, String name, int uid, int gid) throws IOException {
        try (TarArchiveOutputStream tar = open(target); Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.sorted().toList()) {
                String relative = source.relativize(path).toString();
                String entryName = relative.isEmpty() ? name + "/" : name + "/" + relative;
                if (Files.isSymbolicLink(path)) {
                    TarArchiveEntry entry = new TarArchiveEntry(entryName, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                    owner(entry, uid, gid);
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                } else if (Files.isDirectory(path)) {
                    addDirectory(tar, entryName.endsWith("/") ? entryName : entryName + "/", mode(path), uid, gid);
                } else if (Files.isRegularFile(path)) {
                    TarArchiveEntry entry = new TarArchiveEntry(entryName);
                    entry.setSize(Files.size(path));
                    entry.setMode(0100000 | mode(path));
                    owner(entry, uid, gid);
                    tar.putArchiveEntry(entry);
                    Files.copy(path, tar);
                    tar.closeArchiveEntry();
                }
            }
        }
    }

    /**
     * Makes {@code target} hold exactly what the tar (of directory {@code name}) holds: files missing from it are
     * deleted, others written in place (an existing file keeps its owner), new ones created with the tar's modes.
     * What the agent made is hostile: a link that leads out of the tree (see {@link ContainedLinks}) is left out unless
     * {@code target} already has that very link (the user's own); a hard link arrives as a copy of its file; fifos
     * and devices are left out. {@code scratch} is an empty directory for extraction; the caller deletes it.
     */
    static void mirror(InputStream tarStream, String name, Path target, Path scratch) throws IOException {
        Path extracted = extract(tarStream, name, scratch);
        Set<Path> kept = new HashSet<>();
        try (Stream<Path> paths = Files.walk(extracted)) {
            for (Path path : paths.sorted().toList()) {
                Path relative = extracted.relativize(path);
                Path destination = target.resolve(relative.toString());
                if (Files.isSymbolicLink(path) && !ContainedLinks.staysInside(extracted, path)
                        && !sameLink(path, destination)) {
                    continue;
                }
                kept.add(relative);
                copyOver(path, destination);
            }
        }
        try (Stream<Path> paths = Files.walk(target)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!kept.contains(target.relativize(path))) {
                    Files.delete(path);
                }
            }
        }
    }

    private static boolean sameLink(Path link, Path existing) throws IOException {
        return Files.isSymbolicLink(existing) && Files.readSymbolicLink(existing).equals(Files.readSymbolicLink(link));
    }

    private static Path extract(InputStream tarStream, String name, Path scratch) throws IOException {
        Path root = scratch.toRealPath();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(tarStream)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = inside(root, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (!path.getParent().toRealPath().equals(path.getParent())) {
                    throw new IOException("archive entry under a link: " + entry.getName());
                }
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Path linked = inside(root, entry.getLinkName());
                    if (Files.isRegularFile(linked, LinkOption.NOFOLLOW_LINKS)) {
                        Files.copy(linked, path, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } else if (entry.isFile() && !entry.isFIFO() && !entry.isCharacterDevice() && !entry.isBlockDevice()) {
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        Path tree = root.resolve(name);
        return Files.isDirectory(tree) ? tree : Files.createDirectories(tree);
    }

    private static Path inside(Path root, String entryName) throws IOException {
        Path path = root.resolve(entryName).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IOException("archive entry outside the workspace: " + entryName);
        }
        return path;
    }

    private static void copyOver(Path source, Path destination) throws IOException {
        boolean existing = Files.exists(destination, LinkOption.NOFOLLOW_LINKS);
        if (Files.isSymbolicLink(source)) {
            if (existing) {
                FileTrees.delete(destination);
            }
            Files.createSymbolicLink(destination, Files.readSymbolicLink(source));
        } else if (Files.isDirectory(source)) {
            if (existing && !Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(destination);
            }
            Files.createDirectories(destination);
        } else if (existing && Files.isRegularFile(destination, LinkOption.NOFOLLOW_LINKS)) {
            try (OutputStream out = Files.newOutputStream(destination, StandardOpenOption.TRUNCATE_EXISTING)) {
                Files.copy(source, out);
            }
            Files.setPosixFilePermissions(destination, Files.getPosixFilePermissions(source));
        } else {
            if (existing) {
                FileTrees.delete(destination);
            }
            Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static TarArchiveOutputStream open(OutputStream target) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(target));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    private static void addDirectory(TarArchiveOutputStream tar, String name, int mode, int uid, int gid)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040000 | mode);
        owner(entry, uid, gid);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void owner(TarArchiveEntry entry, int uid, int gid) {
        entry.setUserId(uid);
        entry.setGroupId(gid);
    }

    private static int mode(Path path) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = new HashSet<>();
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
                permissions.add(permission);
            }
        }
        return permissions;
    }
}
