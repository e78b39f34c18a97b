package io.ambient.context;

import io.ambient.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a directory pack, read on this host and handed to the agent: a link is followed only while what it
 * leads to stays inside the pack, so a pack cannot carry the host's own files (say {@code files/p -> /etc/passwd})
 * into the container.
 *
 * @param name the pack's name
 * @param dir  the pack directory, as given
 * @param root its real path
 */
record PackDirectory(String name, Path dir, Path root) {

    /** The pack at {@code dir}, named after it. */
    static PackDirectory of(Path dir) throws IOException {
        return new PackDirectory(dir.getFileName().toString(), dir, dir.toRealPath());
    }

    /** The text of {@code file}, or empty when there is none. */
    String readIfExists(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        requireInside(file);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Files under {@code tree} (links inside the pack followed) by relative path; templates without extension. */
    Map<String, String> readTree(Path tree, boolean stripExtension) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(tree)) {
            return files;
        }
        requireInside(tree);
        List<Path> regular = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(tree, FileVisitOption.FOLLOW_LINKS)) {
            // Checked as the walk meets them, so a link to a directory outside is refused before it is listed.
            paths.forEach(path -> {
                requireInside(path);
                if (Files.isRegularFile(path)) {
                    regular.add(path);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path path : regular) {
            String key = tree.relativize(path).toString().replace('\\', '/');
            files.put(stripExtension ? key.replaceFirst("\\.[^./]+$", "") : key, Files.readString(path, StandardCharsets.UTF_8));
        }
        return files;
    }

    /** Refuses {@code path} when, links resolved, it is not inside the pack. */
    void requireInside(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException("context pack " + name + ": link " + relative(path)
                    + " leads nowhere: replace it with the file itself or remove it");
        }
        if (!real.startsWith(root)) {
            throw new InvalidInputException("context pack " + name + ": link " + relative(path)
                    + " leads outside the pack: replace it with the file itself or remove it");
        }
    }

    private String relative(Path path) {
        return dir.relativize(path).toString().replace('\\', '/');
    }
}
