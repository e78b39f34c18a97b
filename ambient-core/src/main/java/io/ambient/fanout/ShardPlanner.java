package io.ambient.fanout;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.workspace.WorkspaceChanges;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Splits one workspace into {@link Shard}s for a fan-out, before any agent run starts: every method either returns
 * shards that are valid, non-empty and pairwise disjoint, or throws {@link InvalidInputException} naming the fix.
 * <p>
 * "Work-tree files" below means what git sees on disk: tracked files plus untracked files that {@code .gitignore}
 * does not exclude, never anything under {@code .git}. {@link #globs}, {@link #auto} and {@link #codeowners} read
 * them through JGit and therefore need the workspace to be the top of a git work tree; {@link #explicit} only needs
 * the paths to exist.
 *
 * <h2>CODEOWNERS</h2>
 * {@link #codeownersPlan} follows GitHub's documented rules (GitHub Docs, "About code owners", sections "CODEOWNERS
 * file location" and "CODEOWNERS syntax",
 * <a href="https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners">
 * docs.github.com/.../about-code-owners</a>):
 * <ul>
 *   <li>the file is looked for at {@code .github/CODEOWNERS}, {@code CODEOWNERS}, {@code docs/CODEOWNERS}, in that
 *       order; the first one found is used;</li>
 *   <li>each line is a pattern followed by owners ({@code @user}, {@code @org/team} or an email address); blank lines
 *       are skipped and {@code #} starts a comment, also after a rule;</li>
 *   <li>patterns follow the <a href="https://git-scm.com/docs/gitignore#_pattern_format">gitignore pattern format</a>:
 *       a pattern with no {@code /} but a trailing one matches at any depth ({@code *.js}, {@code apps/}); a leading
 *       or inner {@code /} anchors it at the root ({@code /build/logs/}, {@code docs/*}); a trailing {@code /}
 *       matches everything below that directory; {@code *} and {@code ?} stay within one path segment, {@code **}
 *       spans segments ({@code **}{@code /logs}); a name also matches everything below it if it is a directory,
 *       but a trailing lone {@code *} does not descend ({@code docs/*} matches {@code docs/a.md}, not
 *       {@code docs/build/b.md});</li>
 *   <li>the last matching pattern wins; a pattern with no owners leaves its files without an owner;</li>
 *   <li>paths are case sensitive;</li>
 *   <li>the gitignore features GitHub lists as not working ({@code !} negation, {@code [ ]} character ranges) and
 *       malformed owners make GitHub ignore the whole file, so they are errors here, naming the line.</li>
 * </ul>
 */
public final class ShardPlanner {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern OWNER =
            Pattern.compile("@[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)?|[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final List<String> CODEOWNERS_PLACES = List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS");
    private static final String WHOLE_WORKSPACE = "./";
    private static final String UNOWNED = "";
    private static final int FILES = 0;
    private static final int INDEX = 1;

    private ShardPlanner() {
    }

    /**
     * Shards planned by {@link #codeownersPlan}.
     *
     * @param file    the CODEOWNERS file used, workspace-relative
     * @param shards  one shard per distinct first owner, sorted by name
     * @param unowned the fewest paths covering the work-tree files no rule gives an owner (no shard has them), so the
     *                caller can report what the fan-out leaves out; empty when every file has an owner
     */
    public record CodeownersPlan(String file, List<Shard> shards, List<String> unowned) {
        public CodeownersPlan {
            shards = List.copyOf(shards);
            unowned = List.copyOf(unowned);
        }
    }

    /**
     * Checks shards written by the user and normalises their paths: {@code api}, {@code ./api} and {@code api/} of an
     * existing directory all become {@code api/}; a file stays without slash; {@code .} is the whole workspace
     * ({@code ./}).
     *
     * @param workspace the directory the paths are relative to
     * @param shards    at least one; names unique and matching {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,62}}; each with at
     *                  least one existing, relative path without {@code ..}; no path in two shards, nor inside
     *                  another shard's directory
     * @return the shards in the given order, with normalised paths (duplicates within a shard dropped)
     * @throws InvalidInputException naming the shard (both shards and the path, for an overlap) and the fix
     */
    public static List<Shard> explicit(Path workspace, List<Shard> shards) {
        Path top = existingDirectory(workspace);
        if (shards == null || shards.isEmpty()) {
            throw new InvalidInputException("no shards: give at least one shard with a name and paths");
        }
        checkNames(shards);
        List<Shard> normalised = shards.stream().map(shard -> new Shard(shard.name(), normalisePaths(top, shard))).toList();
        checkDisjoint(normalised);
        return normalised;
    }

    /**
     * One shard per work-tree directory matched by any of the globs, for example {@code services/*} or
     * {@code modules/**}{@code /src} ({@link FileSystem#getPathMatcher} {@code glob:} syntax, against workspace-relative
     * paths). Only directories holding at least one work-tree file are candidates, so ignored directories such as
     * build output never become shards. A matched directory inside another matched one is dropped: the outer shard
     * already has it.
     *
     * @return shards sorted by path, each named after its directory with {@code /} replaced by {@code -}
     *         ({@code services/billing} → {@code services-billing}; leading dots dropped, so {@code .github} →
     *         {@code github}) and holding that one directory
     * @throws InvalidInputException for no globs, an invalid, absolute or {@code ..} glob, a glob that matches no
     *                               directory, a directory whose name is not a valid shard name, or a workspace that
     *                               is not a git work tree
     */
    public static List<Shard> globs(Path workspace, List<String> globs) {
        if (globs == null || globs.isEmpty()) {
            throw new InvalidInputException("no globs: give at least one directory glob such as services/*");
        }
        Path top = workspace.toAbsolutePath().normalize();
        Map<String, PathMatcher> matchers = new LinkedHashMap<>();
        globs.forEach(glob -> matchers.put(glob, directoryMatcher(top.getFileSystem(), glob)));
        Set<String> directories = directoriesOf(workTreeFiles(top));
        Set<String> matched = new TreeSet<>();
        matchers.forEach((glob, matcher) -> matched.addAll(matching(top, glob, matcher, directories)));
        List<Shard> shards = outermost(matched).stream()
                .map(directory -> new Shard(shardName(directory), List.of(directory + "/")))
                .toList();
        checkNames(shards);
        return shards;
    }

    /**
     * Splits the top-level entries of the work tree into at most {@code count} shards with about the same number of
     * work-tree files each. A top-level directory is never split; the top-level files form one "root" group, listed
     * file by file. Greedy: groups largest first (ties by path), each to the shard with the fewest files so far
     * (ties to the lowest number). Fewer groups than {@code count} give fewer shards: never an empty one.
     *
     * @return shards {@code shard-1} ... {@code shard-N}, {@code shard-1} holding the largest group; paths sorted
     * @throws InvalidInputException for {@code count < 1}, a workspace that is not a git work tree, or one without
     *                               files
     */
    public static List<Shard> auto(Path workspace, int count) {
        if (count < 1) {
            throw new InvalidInputException("shard count " + count + " is less than 1: ask for at least one shard");
        }
        Path top = workspace.toAbsolutePath().normalize();
        List<String> files = workTreeFiles(top);
        if (files.isEmpty()) {
            throw new InvalidInputException("workspace " + top + " has no files to split: add files or give the shards explicitly");
        }
        return balance(topLevelGroups(files), count);
    }

    /**
     * The shards of {@link #codeownersPlan}, for callers that do not report unowned files.
     *
     * @throws InvalidInputException as {@link #codeownersPlan}
     */
    public static List<Shard> codeowners(Path workspace) {
        return codeownersPlan(workspace).shards();
    }

    /**
     * One shard per distinct first owner in the workspace's CODEOWNERS file (rules in the class comment). A file's
     * owners are those of the last rule matching it; the shard is that of the first of them, named after it without
     * {@code @} and with {@code /} replaced by {@code -} ({@code @org/team-a} → {@code org-team-a}). A shard's paths
     * are the fewest that cover exactly its owner's files: a directory whose work-tree files all have that owner
     * becomes {@code dir/}, other files are listed one by one. Files without owner are in no shard: see
     * {@link CodeownersPlan#unowned()}.
     *
     * @throws InvalidInputException for a workspace that is not a git work tree, no CODEOWNERS in any of the three
     *                               places, a line GitHub would reject, or no file with an owner
     */
    public static CodeownersPlan codeownersPlan(Path workspace) {
        Path top = workspace.toAbsolutePath().normalize();
        List<String> files = workTreeFiles(top);
        String location = codeownersLocation(top);
        List<OwnerRule> rules = parseCodeowners(location, readLines(top.resolve(location)));
        Map<String, String> ownerOf = new LinkedHashMap<>();
        files.forEach(file -> ownerOf.put(file, firstOwner(rules, file)));
        Map<String, Set<String>> ownersBelow = ownersBelow(ownerOf);
        List<Shard> shards = new TreeSet<>(ownerOf.values()).stream()
                .filter(owner -> !owner.equals(UNOWNED))
                .map(owner -> new Shard(shardName(owner), cover(owner, ownerOf, ownersBelow)))
                .sorted(Comparator.comparing(Shard::name))
                .toList();
        if (shards.isEmpty()) {
            throw new InvalidInputException(location + " gives no work-tree file an owner: add rules with owners, "
                    + "or shard another way");
        }
        checkNames(shards);
        return new CodeownersPlan(location, shards, cover(UNOWNED, ownerOf, ownersBelow));
    }

    // ---- validation shared by all plans

    private static void checkNames(List<Shard> shards) {
        Set<String> seen = new HashSet<>();
        for (Shard shard : shards) {
            if (!NAME.matcher(shard.name()).matches()) {
                throw new InvalidInputException("shard name '" + shard.name() + "' is not valid: use 1 to 63 letters, "
                        + "digits, '.', '_' or '-', starting with a letter or digit");
            }
            if (!seen.add(shard.name())) {
                throw new InvalidInputException("shard name '" + shard.name() + "' is used twice: give each shard its own name");
            }
        }
    }

    /** {@code @org/team-a} → {@code org-team-a}, {@code .github/workflows} → {@code github-workflows}. */
    private static String shardName(String from) {
        return from.replaceAll("[^A-Za-z0-9_.-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
    }

    private static List<String> normalisePaths(Path top, Shard shard) {
        if (shard.paths().isEmpty()) {
            throw new InvalidInputException("shard '" + shard.name() + "' has no paths: give it at least one workspace path");
        }
        Set<String> paths = new LinkedHashSet<>();
        shard.paths().forEach(path -> paths.add(normalisePath(top, shard.name(), path)));
        return List.copyOf(paths);
    }

    private static String normalisePath(Path top, String shard, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException("shard '" + shard + "' has an empty path: remove it or give a workspace path");
        }
        String where = "shard '" + shard + "': path '" + raw + "'";
        if (raw.startsWith("/") || Path.of(raw).isAbsolute()) {
            throw new InvalidInputException(where + " is absolute: give it relative to the workspace");
        }
        List<String> segments = Arrays.stream(raw.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
        if (segments.contains("..")) {
            throw new InvalidInputException(where + " contains '..': give a path inside the workspace");
        }
        if (segments.isEmpty()) {
            return WHOLE_WORKSPACE;
        }
        String relative = String.join("/", segments);
        Path target = top.resolve(relative);
        if (Files.isDirectory(target)) {
            return relative + "/";
        }
        if (!Files.exists(target)) {
            throw new InvalidInputException(where + " does not exist in workspace " + top + ": fix the path or create it first");
        }
        if (raw.endsWith("/")) {
            throw new InvalidInputException(where + " is a file, not a directory: drop the trailing '/'");
        }
        return relative;
    }

    /** Pairwise: user-written shards have a handful of paths, so clarity beats a sorted sweep. */
    private static void checkDisjoint(List<Shard> shards) {
        for (int i = 0; i < shards.size(); i++) {
            for (int j = i + 1; j < shards.size(); j++) {
                Shard a = shards.get(i);
                Shard b = shards.get(j);
                overlap(a, b).ifPresent(path -> {
                    throw new InvalidInputException("shards '" + a.name() + "' and '" + b.name() + "' overlap at '" + path
                            + "': give each part of the workspace to one shard only");
                });
            }
        }
    }

    /** The more specific path where {@code a} and {@code b} share files, if they do. */
    private static Optional<String> overlap(Shard a, Shard b) {
        for (String pathA : a.paths()) {
            for (String pathB : b.paths()) {
                if (covers(pathA, pathB)) {
                    return Optional.of(pathB);
                }
                if (covers(pathB, pathA)) {
                    return Optional.of(pathA);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean covers(String scope, String path) {
        return scope.equals(path) || scope.equals(WHOLE_WORKSPACE) || (scope.endsWith("/") && path.startsWith(scope));
    }

    // ---- globs

    private static PathMatcher directoryMatcher(FileSystem fileSystem, String glob) {
        if (glob == null || glob.isBlank()) {
            throw new InvalidInputException("empty glob: give a directory glob such as services/*");
        }
        String where = "glob '" + glob + "'";
        if (glob.startsWith("/")) {
            throw new InvalidInputException(where + " is absolute: write it relative to the workspace, such as services/*");
        }
        if (Arrays.asList(glob.split("/")).contains("..")) {
            throw new InvalidInputException(where + " contains '..': write it for directories inside the workspace");
        }
        // Candidates are relative paths without trailing slash, so "services/*/" must lose its slash to match them.
        String body = glob.replaceFirst("^(\\./)+", "").replaceFirst("/+$", "");
        try {
            return fileSystem.getPathMatcher("glob:" + body);
        } catch (IllegalArgumentException e) { // PatternSyntaxException included
            throw new InvalidInputException(where + " is not a valid glob (" + e.getMessage().lines().findFirst().orElse("")
                    + "): fix its syntax, for example services/*");
        }
    }

    private static List<String> matching(Path top, String glob, PathMatcher matcher, Set<String> directories) {
        FileSystem fileSystem = top.getFileSystem();
        List<String> matched = directories.stream().filter(dir -> matcher.matches(fileSystem.getPath(dir))).toList();
        if (matched.isEmpty()) {
            throw new InvalidInputException("glob '" + glob + "' matches no directory in workspace " + top
                    + ": fix the glob (directories only, relative to the workspace, ignored ones excluded)");
        }
        return matched;
    }

    /** Every directory holding a work-tree file, at any depth; relative, without trailing slash. */
    private static Set<String> directoriesOf(List<String> files) {
        Set<String> directories = new TreeSet<>();
        files.forEach(file -> directories.addAll(ancestors(file)));
        return directories;
    }

    private static List<String> outermost(Set<String> directories) {
        return directories.stream().filter(dir -> ancestors(dir).stream().noneMatch(directories::contains)).toList();
    }

    /** The directories above a relative path, outermost first: {@code a/b/c} → {@code a}, {@code a/b}. */
    private static List<String> ancestors(String path) {
        List<String> ancestors = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            ancestors.add(path.substring(0, slash));
        }
        return ancestors;
    }

    // ---- auto

    /** A unit {@link #auto} never splits: one top-level directory, or all top-level files together. */
    private record Group(List<String> paths, int files) {
    }

    private static List<Group> topLevelGroups(List<String> files) {
        Map<String, Integer> directories = new TreeMap<>();
        List<String> rootFiles = new ArrayList<>();
        for (String file : files) {
            int slash = file.indexOf('/');
            if (slash < 0) {
                rootFiles.add(file);
            } else {
                directories.merge(file.substring(0, slash + 1), 1, Integer::sum);
            }
        }
        List<Group> groups = new ArrayList<>();
        directories.forEach((directory, count) -> groups.add(new Group(List.of(directory), count)));
        if (!rootFiles.isEmpty()) {
            groups.add(new Group(List.copyOf(rootFiles), rootFiles.size()));
        }
        // Largest first, ties by path: the same tree always gives the same shards.
        groups.sort(Comparator.comparingInt(Group::files).reversed().thenComparing(group -> group.paths().get(0)));
        return groups;
    }

    private static List<Shard> balance(List<Group> groups, int count) {
        int bins = Math.min(count, groups.size());
        List<Set<String>> paths = new ArrayList<>();
        int[] sizes = new int[bins];
        for (int i = 0; i < bins; i++) {
            paths.add(new TreeSet<>());
        }
        for (Group group : groups) {
            int smallest = 0;
            for (int i = 1; i < bins; i++) {
                if (sizes[i] < sizes[smallest]) {
                    smallest = i;
                }
            }
            sizes[smallest] += group.files();
            paths.get(smallest).addAll(group.paths());
        }
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            shards.add(new Shard("shard-" + (i + 1), List.copyOf(paths.get(i))));
        }
        return shards;
    }

    // ---- codeowners

    /** One CODEOWNERS line: files matching {@code pattern} belong to {@code owners} (none: unowned). */
    private record OwnerRule(Pattern pattern, List<String> owners) {
    }

    private static String codeownersLocation(Path top) {
        return CODEOWNERS_PLACES.stream().filter(place -> Files.isRegularFile(top.resolve(place))).findFirst()
                .orElseThrow(() -> new InvalidInputException("no CODEOWNERS in workspace " + top + ": looked at "
                        + String.join(", ", CODEOWNERS_PLACES) + "; add one there or shard another way"));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AmbientException("cannot read " + file + ": " + e.getMessage() + ": check it is readable UTF-8 text", e);
        }
    }

    private static List<OwnerRule> parseCodeowners(String file, List<String> lines) {
        List<OwnerRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#'); // GitHub does not support escaping '#': it always starts a comment
            String rule = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!rule.isEmpty()) {
                rules.add(parseRule(file + " line " + (i + 1), rule));
            }
        }
        return rules;
    }

    private static OwnerRule parseRule(String where, String rule) {
        String[] tokens = rule.split("(?<!\\\\)\\s+"); // "\ " keeps a space inside the pattern
        List<String> owners = List.of(tokens).subList(1, tokens.length);
        for (String owner : owners) {
            if (!OWNER.matcher(owner).matches()) {
                throw new InvalidInputException(where + ": '" + owner + "' is not an owner: write @user, @org/team "
                        + "or an email address");
            }
        }
        return new OwnerRule(codeownersPattern(where, tokens[0]), owners);
    }

    /**
     * The regular expression a CODEOWNERS pattern stands for, matched against whole workspace-relative file paths.
     * Package-private for tests.
     *
     * @param where the file and line, for the error message
     */
    static Pattern codeownersPattern(String where, String glob) {
        if (glob.startsWith("!")) {
            throw new InvalidInputException(where + ": '" + glob + "' negates a pattern, which CODEOWNERS does not support: "
                    + "add a later rule without owners for those files instead");
        }
        if (glob.contains("[") || glob.contains("]")) {
            throw new InvalidInputException(where + ": '" + glob + "' uses a character range [ ], which CODEOWNERS does "
                    + "not support: write one pattern per name or use ? and *");
        }
        if (glob.contains("***")) {
            throw new InvalidInputException(where + ": '" + glob + "' has three '*' in a row: use * or **");
        }
        return Pattern.compile(globRegex(glob));
    }

    private static String globRegex(String glob) {
        boolean anchored = glob.startsWith("/");
        String body = anchored ? glob.substring(1) : glob;
        boolean contents = body.endsWith("/");
        if (contents) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty()) {
            return "(?!)"; // "/" names the root itself, never a file
        }
        List<String> segments = new ArrayList<>(List.of(body.split("/", -1)));
        if (!anchored && segments.size() == 1 && !segments.get(0).equals("**")) {
            segments.add(0, "**"); // no slash but a trailing one: matches at any depth
        }
        if (contents && !segments.get(segments.size() - 1).equals("**")) {
            segments.add("**"); // "dir/" is everything below dir
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            regex.append(segmentRegex(segments, i));
        }
        return regex.toString();
    }

    private static String segmentRegex(List<String> segments, int i) {
        String segment = segments.get(i);
        boolean first = i == 0;
        boolean last = i == segments.size() - 1;
        if (segment.equals("**")) {
            if (first) {
                return last ? ".+" : "(?:.+/)?";
            }
            return last ? "/.+" : "(?:/.+)?";
        }
        String separator = first || (i == 1 && segments.get(0).equals("**")) ? "" : "/";
        // A name matches a directory's contents too, but GitHub's "docs/*" only matches files directly in docs.
        String below = last && !segment.equals("*") ? "(?:/.+)?" : "";
        return separator + wildcards(segment) + below;
    }

    private static String wildcards(String segment) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '\\' && i + 1 < segment.length()) {
                regex.append(Pattern.quote(String.valueOf(segment.charAt(++i))));
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    private static String firstOwner(List<OwnerRule> rules, String file) {
        for (int i = rules.size() - 1; i >= 0; i--) { // the last matching rule wins
            OwnerRule rule = rules.get(i);
            if (rule.pattern().matcher(file).matches()) {
                return rule.owners().isEmpty() ? UNOWNED : rule.owners().get(0);
            }
        }
        return UNOWNED;
    }


    /** For each directory, the first owners of the work-tree files below it ({@link #UNOWNED} included). */
    private static Map<String, Set<String>> ownersBelow(Map<String, String> ownerOf) {
        Map<String, Set<String>> below = new HashMap<>();
        ownerOf.forEach((file, owner) -> ancestors(file)
                .forEach(directory -> below.computeIfAbsent(directory, d -> new HashSet<>()).add(owner)));
        return below;
    }

    /**
     * The fewest paths covering exactly the files of {@code owner}: each file is replaced by its outermost directory
     * owned by nobody else. The work-tree root is never collapsed: the top-level entries stand for it.
     */
    private static List<String> cover(String owner, Map<String, String> ownerOf, Map<String, Set<String>> ownersBelow) {
        Set<String> paths = new TreeSet<>();
        ownerOf.forEach((file, fileOwner) -> {
            if (fileOwner.equals(owner)) {
                paths.add(ancestors(file).stream().filter(dir -> ownersBelow.get(dir).equals(Set.of(owner)))
                        .findFirst().map(dir -> dir + "/").orElse(file));
            }
        });
        return List.copyOf(paths);
    }

    // ---- the work tree

    private static Path existingDirectory(Path workspace) {
        Path top = workspace.toAbsolutePath().normalize();
        if (!Files.isDirectory(top)) {
            throw new InvalidInputException("workspace " + top + " does not exist: create it or point --workspace at a git checkout");
        }
        return top;
    }

    private static Repository open(Path top) throws IOException {
        return WorkspaceChanges.open(existingDirectory(top));
    }

    /** Tracked and untracked-but-not-ignored files on disk, sorted; {@code .git} is never walked. */
    private static List<String> workTreeFiles(Path top) {
        try (Repository repository = open(top); TreeWalk walk = new TreeWalk(repository)) {
            FileTreeIterator files = new FileTreeIterator(repository);
            walk.addTree(files);
            walk.addTree(new DirCacheIterator(repository.readDirCache()));
            files.setDirCacheIterator(walk, INDEX);
            List<String> paths = new ArrayList<>();
            while (walk.next()) {
                WorkingTreeIterator file = walk.getTree(FILES, WorkingTreeIterator.class);
                DirCacheIterator indexed = walk.getTree(INDEX, DirCacheIterator.class);
                if (file == null || (indexed == null && file.isEntryIgnored())) {
                    continue; // gone from disk, or ignored and untracked: not part of the work tree
                }
                if (walk.isSubtree()) {
                    walk.enterSubtree();
                } else {
                    paths.add(walk.getPathString());
                }
            }
            paths.sort(Comparator.naturalOrder());
            return paths;
        } catch (IOException e) {
            throw new AmbientException("cannot list the files of workspace " + top + ": " + e.getMessage(), e);
        }
    }
}
