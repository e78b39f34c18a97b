package io.ambient.workspace;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a change from a fork from rewriting the agent's instructions: every agent configuration file (rules such as
 * {@code CLAUDE.md} or {@code AGENTS.md}, MCP definitions such as {@code .mcp.json}, the {@code .claude/},
 * {@code .gemini/}, {@code .codex/} and {@code .warp/} directories) whose content in the workspace differs from the
 * trusted target branch is replaced by the target's version (or removed, if the target has none) for the run, and
 * put back afterwards, so the patch never shows it. Serialisable: a run finished by another process restores it.
 *
 * @param trustedRef the ref whose versions were used, e.g. {@code origin/main}
 * @param entries    the files replaced
 */
public record ForkConfigOverlay(String trustedRef, List<Entry> entries) implements Serializable {
    /** File names agents read as rules or configuration, wherever they are in the tree. */
    static final Set<String> CONFIG_FILES = Set.of("AGENTS.md", "AGENTS.override.md", "CLAUDE.md", "CLAUDE.local.md",
            "GEMINI.md", "WARP.md", ".mcp.json");
    /** Directories whose whole content is agent configuration. */
    static final Set<String> CONFIG_DIRS = Set.of(".claude", ".gemini", ".codex", ".warp");

    public ForkConfigOverlay {
        entries = List.copyOf(entries);
    }

    /**
     * One replaced file.
     *
     * @param path        path relative to the workspace
     * @param original    the workspace's content, or {@code null} when it had none
     * @param replacement the trusted content, or {@code null} when the trusted ref has none
     * @param createdDir  the outermost directory that writing the replacement creates, removed again on restore if
     *                    still empty; {@code null} when none
     */
    public record Entry(String path, byte[] original, byte[] replacement, String createdDir) implements Serializable {
    }

    /**
     * Whether a build's environment marks its change as a fork's: {@code CHANGE_FORK} set to anything but
     * {@code false} (Jenkins' branch sources set it to the fork's owner or {@code true}). One rule for the fork
     * overlay and the comment clients.
     */
    public static boolean isForkChange(Map<String, String> env) {
        String fork = env.get("CHANGE_FORK");
        return fork != null && !fork.isBlank() && !fork.strip().equalsIgnoreCase("false");
    }

    /**
     * The trusted ref of a build's change: {@code null} unless Jenkins marked it a fork's ({@link #isForkChange}),
     * then {@code origin/$CHANGE_TARGET}.
     *
     * @throws InvalidInputException for a fork's change without {@code CHANGE_TARGET}
     */
    public static String trustedRefFor(Map<String, String> env) {
        if (!isForkChange(env)) {
            return null;
        }
        String target = env.get("CHANGE_TARGET");
        if (target == null || target.isBlank()) {
            throw new InvalidInputException("a fork's change needs a trusted ref for the agent configuration: name "
                    + "one (--trusted-ref origin/main on the command line) or set CHANGE_TARGET");
        }
        return "origin/" + target.strip();
    }

    /**
     * Compares the workspace's agent configuration with {@code trustedRef}'s; changes nothing yet.
     *
     * @throws InvalidInputException when the ref cannot be found in the workspace's repository
     */
    public static ForkConfigOverlay against(Path workspace, String trustedRef) {
        try (Repository repository = WorkspaceChanges.open(workspace); RevWalk commits = new RevWalk(repository);
             TreeWalk walk = new TreeWalk(repository)) {
            ObjectId commit = repository.resolve(trustedRef);
            if (commit == null) {
                throw new InvalidInputException("trusted ref " + trustedRef + " not found in " + workspace
                        + ": fetch the target branch (git fetch origin TARGET) or name another with --trusted-ref");
            }
            walk.addTree(commits.parseCommit(commit).getTree());
            walk.addTree(new FileTreeIterator(repository));
            walk.setRecursive(true);
            walk.setFilter(new ConfigFilter());
            List<Entry> entries = new ArrayList<>();
            while (walk.next()) {
                WorkingTreeIterator file = walk.getTree(1, WorkingTreeIterator.class);
                boolean inTarget = !walk.getObjectId(0).equals(ObjectId.zeroId());
                boolean inWorkspace = file != null && !file.isEntryIgnored();
                if (inTarget && inWorkspace && walk.idEqual(0, 1) || !inTarget && !inWorkspace) {
                    continue;
                }
                Path path = workspace.resolve(walk.getPathString());
                entries.add(new Entry(walk.getPathString(), inWorkspace ? Files.readAllBytes(path) : null,
                        inTarget ? repository.open(walk.getObjectId(0)).getBytes() : null,
                        outermostMissing(workspace, path.getParent())));
            }
            return new ForkConfigOverlay(trustedRef, entries);
        } catch (IOException e) {
            throw new AmbientException("cannot compare the agent configuration with " + trustedRef + ": "
                    + e.getMessage(), e);
        }
    }

    /** Puts the trusted versions in place. */
    public void apply(Path workspace) {
        for (Entry entry : entries) {
            write(workspace.resolve(entry.path()), entry.replacement());
        }
    }

    /**
     * Puts the workspace's own versions back, unless the agent changed a file during the run: then its version is
     * kept. Returns a note for each such file.
     */
    public List<String> restore(Path workspace) {
        List<String> kept = new ArrayList<>();
        for (Entry entry : entries) {
            Path path = workspace.resolve(entry.path());
            byte[] now = read(path);
            if (Arrays.equals(now, entry.replacement())) {
                write(path, entry.original());
                removeIfEmpty(entry.createdDir() == null ? null : workspace.resolve(entry.createdDir()));
            } else {
                kept.add(entry.path() + ": the agent changed the trusted version; its change is kept");
            }
        }
        return kept;
    }

    /** What the report says about the files replaced. */
    public List<String> notes() {
        return entries.stream().map(entry -> entry.path() + ": "
                + (entry.original() == null ? "absent from the change; " + trustedRef + "'s version was used"
                : entry.replacement() == null ? "added by the change, not trusted; left out of the run"
                : "changed by the change, not trusted; " + trustedRef + "'s version was used")).toList();
    }

    /** The outermost ancestor of {@code dir} (inside the workspace) that does not exist yet, relative, or null. */
    private static String outermostMissing(Path workspace, Path dir) {
        Path missing = null;
        for (Path current = dir; current != null && current.startsWith(workspace) && !current.equals(workspace)
                && !Files.exists(current); current = current.getParent()) {
            missing = current;
        }
        return missing == null ? null : workspace.relativize(missing).toString();
    }

    /** Deletes {@code dir} if it holds nothing but empty directories. */
    private static void removeIfEmpty(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> tree = Files.walk(dir)) {
            List<Path> paths = tree.sorted(java.util.Comparator.reverseOrder()).toList();
            if (paths.stream().allMatch(Files::isDirectory)) {
                for (Path path : paths) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new AmbientException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.exists(path) ? Files.readAllBytes(path) : null;
        } catch (IOException e) {
            throw new AmbientException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path path, byte[] content) {
        try {
            if (content == null) {
                Files.deleteIfExists(path);
            } else {
                Files.createDirectories(path.getParent());
                Files.write(path, content);
            }
        } catch (IOException e) {
            throw new AmbientException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Agent configuration files, at any depth; descends into every directory to find them. */
    private static final class ConfigFilter extends TreeFilter {
        @Override
        public boolean include(TreeWalk walker) {
            if (walker.isSubtree()) {
                return !walker.getNameString().equals(".git");
            }
            String path = walker.getPathString();
            if (CONFIG_FILES.contains(walker.getNameString())) {
                return true;
            }
            for (String part : path.split("/")) {
                if (CONFIG_DIRS.contains(part)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean shouldBeRecursive() {
            return true;
        }

        @Override
        public TreeFilter clone() {
            return this;
        }
    }
}
