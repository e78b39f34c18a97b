package io.ambient.scm;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.report.SecretMasker;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import io.ambient.workspace.WorkspaceChanges;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.util.SystemReader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Publishes an agent's changes as a branch: one commit whose parent is the workspace's {@code HEAD} and whose tree is
 * {@code HEAD}'s tree with exactly the run's changed files taken from the work tree, pushed by its id to
 * {@code refs/heads/BRANCH} on a remote.
 * <p>
 * The user's checkout is left as it was: the tree is built in an in-memory index (never {@code .git/index}), no
 * local ref, {@code HEAD}, config entry or work-tree file is written; the only trace is unreferenced objects in the
 * object database, which {@code git gc} prunes. A detached {@code HEAD} is fine.
 */
public final class AgentBranch {
    /** Seconds JGit waits on a silent remote before giving up. */
    private static final int TIMEOUT_SECONDS = 120;
    private static final String WORKFLOWS = ".github/workflows/";
    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|\\[?::1]?");

    private AgentBranch() {
    }

    /**
     * Commits the changed files and pushes the commit to {@code refs/heads/<branch>} on the remote.
     *
     * @throws InvalidInputException before anything is pushed: a bad branch name, message, identity, path or
     *                               remote URL, or no changed files (all found before the repository is opened); a
     *                               workspace without a commit, a work tree that no longer matches the changed files,
     *                               or changes identical to {@code HEAD} (at worst after writing unreferenced objects)
     * @throws ScmException          the remote refused: credentials (status 401/403), no such repository (404), a
     *                               non-fast-forward update without {@code force}, or a server-side rule
     */
    public static AgentBranchResult push(AgentBranchRequest request, AgentBranchRemote remote) {
        Map<String, ChangedFile> files = checkedRequest(request);
        URIish uri = checkedRemote(remote);
        SecretMasker masker = SecretMasker.of(remote.token() == null ? List.of() : List.of(remote.token()));
        Path top = request.workspace().toAbsolutePath().normalize();
        try (Repository repository = WorkspaceChanges.open(top)) {
            RevCommit head = head(repository, top);
            ObjectId commit = commit(repository, head, request, files);
            return push(repository, commit, head, request, remote, uri, files);
        } catch (IOException e) {
            throw new AmbientException(masker.mask("cannot push the agent's branch to " + uri + ": "
                    + e.getMessage()), e);
        }
    }

    // ---- input, checked before anything is written ----

    /**
     * {@code branch}, if it is a short branch name git and the hosts accept; a caller checks it before the agent runs.
     *
     * @throws InvalidInputException naming what is wrong
     */
    public static String requireValidBranch(String branch) {
        if (branch == null || branch.isBlank()) {
            throw new InvalidInputException("no branch name given: name the branch to push the agent's changes to");
        }
        if (branch.startsWith(Constants.R_REFS) || branch.startsWith("-") || branch.equals(Constants.HEAD)
                || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new InvalidInputException("'" + branch + "' is not a valid branch name: give a short name such as"
                    + " ambient/fix-typos (no leading '-', no spaces, '..', '~', '^', ':', '?', '*', '[', '\\', '@{'"
                    + " or trailing '.lock')");
        }
        return branch;
    }

    /** The changed files by path, once everything in the request is known to be usable. */
    private static Map<String, ChangedFile> checkedRequest(AgentBranchRequest request) {
        String branch = requireValidBranch(request.branch());
        if (request.message() == null || request.message().isBlank()) {
            throw new InvalidInputException("the commit message is empty: give one");
        }
        checkIdentity("author", request.author());
        checkIdentity("committer", request.committer());
        if (request.changedFiles().isEmpty()) {
            throw new InvalidInputException("the run changed no files: there is nothing to commit to " + branch);
        }
        Map<String, ChangedFile> files = new TreeMap<>();
        for (ChangedFile file : request.changedFiles()) {
            try {
                SystemReader.getInstance().checkPath(file.path());
            } catch (CorruptObjectException | RuntimeException e) {
                throw new InvalidInputException("changed file '" + file.path() + "' is not a path git can commit: "
                        + "give paths relative to the workspace, with / separators, outside .git");
            }
            files.put(file.path(), file);
        }
        return files;
    }

    private static void checkIdentity(String role, AgentBranchRequest.Identity who) {
        if (who == null || blank(who.name()) || blank(who.email())
                || (who.name() + who.email()).chars().anyMatch(c -> c == '<' || c == '>' || c < 0x20)) {
            throw new InvalidInputException("the commit " + role + " needs a name and an e-mail address without"
                    + " '<', '>' or control characters");
        }
    }

    private static URIish checkedRemote(AgentBranchRemote remote) {
        String token = remote.token();
        if (token != null && !ScmClient.isUsableToken(token)) {
            // Never echo the value: it is a secret.
            throw new InvalidInputException("the push token is empty or contains spaces or control characters");
        }
        if (token != null && blank(remote.username())) {
            throw new InvalidInputException("a push token needs a user name (GitHub: " + AgentBranchRemote.GITHUB_USER
                    + ", GitLab: " + AgentBranchRemote.GITLAB_USER + ")");
        }
        URIish uri;
        try {
            uri = new URIish(remote.url());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("the remote URL is not a git URL: give https://host/owner/repo.git,"
                    + " ssh://git@host/owner/repo.git, git@host:owner/repo.git or a path");
        }
        if (uri.getPass() != null) {
            throw new InvalidInputException("the remote URL carries a password: give the URL without it and pass"
                    + " the token separately, so it is never written anywhere");
        }
        if (token != null && "http".equals(uri.getScheme()) && !loopback(uri.getHost())) {
            throw new InvalidInputException("the remote " + uri + " is plain http: the token would travel"
                    + " unencrypted; use https");
        }
        return uri;
    }

    /** Loopback by name or address literal only: no DNS lookup for a URL we may refuse. */
    private static boolean loopback(String host) {
        return host != null && LOOPBACK.matcher(host).matches();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    // ---- the commit ----

    private static RevCommit head(Repository repository, Path top) throws IOException {
        ObjectId id = repository.resolve(Constants.HEAD);
        if (id == null) {
            throw new InvalidInputException("workspace " + top + " has no commit yet: commit once, then push the"
                    + " agent's branch on top of it");
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(id);
        }
    }

    /** Writes the commit object (and its trees and blobs) without touching any ref or the index. */
    private static ObjectId commit(Repository repository, RevCommit head, AgentBranchRequest request,
                                   Map<String, ChangedFile> files) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            try (TreeWalk walk = new TreeWalk(repository)) {
                walk.addTree(head.getTree());
                walk.setRecursive(true);
                while (walk.next()) {
                    if (!files.containsKey(walk.getPathString())) {
                        DirCacheEntry entry = new DirCacheEntry(walk.getPathString());
                        entry.setFileMode(walk.getFileMode(0));
                        entry.setObjectId(walk.getObjectId(0));
                        builder.add(entry);
                    }
                }
            }
            for (ChangedFile file : files.values()) {
                DirCacheEntry entry = fromWorkTree(repository, file, inserter);
                if (entry != null) {
                    builder.add(entry);
                }
            }
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            if (tree.equals(head.getTree())) {
                throw new InvalidInputException("the changed files are identical to HEAD in " + request.workspace()
                        + ": there is nothing to commit to " + request.branch());
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(head);
            commit.setAuthor(person(request.author()));
            commit.setCommitter(person(request.committer()));
            commit.setMessage(request.message());
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    /** The file as it is on disk now, or null for a deleted one; it must agree with the run's change list. */
    private static DirCacheEntry fromWorkTree(Repository repository, ChangedFile file, ObjectInserter inserter)
            throws IOException {
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(new FileTreeIterator(repository));
            walk.setFilter(PathFilter.create(file.path()));
            WorkingTreeIterator found = null;
            while (found == null && walk.next()) {
                if (walk.getPathString().equals(file.path())) {
                    found = walk.getTree(0, WorkingTreeIterator.class);
                } else if (walk.isSubtree()) {
                    walk.enterSubtree();
                }
            }
            boolean deleted = file.change() == ChangeType.DELETED;
            if (deleted != (found == null)) {
                throw new InvalidInputException("the run reported " + file.path() + " as "
                        + file.change().name().toLowerCase(Locale.ROOT) + " but the workspace "
                        + (deleted ? "has it" : "does not") + ": the workspace changed after the run; push from the"
                        + " workspace as the run left it");
            }
            if (found == null) {
                return null;
            }
            FileMode mode = found.getEntryFileMode();
            if (mode == FileMode.TREE) {
                throw new InvalidInputException("the changed file " + file.path() + " is a directory in the"
                        + " workspace: list the files inside it");
            }
            DirCacheEntry entry = new DirCacheEntry(file.path());
            entry.setFileMode(mode);
            if (mode == FileMode.GITLINK) {
                entry.setObjectId(found.getEntryObjectId()); // a submodule: its checked-out commit
            } else {
                try (InputStream in = found.openEntryStream()) {
                    entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, found.getEntryContentLength(), in));
                }
            }
            return entry;
        }
    }

    private static PersonIdent person(AgentBranchRequest.Identity who) {
        return new PersonIdent(who.name(), who.email());
    }

    // ---- the push ----

    private static AgentBranchResult push(Repository repository, ObjectId commit, RevCommit head,
                                          AgentBranchRequest request, AgentBranchRemote remote, URIish uri,
                                          Map<String, ChangedFile> files) throws IOException {
        String ref = Constants.R_HEADS + request.branch();
        PushResult result;
        try (Transport transport = Transport.open(repository, uri)) {
            transport.setTimeout(TIMEOUT_SECONDS);
            if (remote.token() != null && uri.getScheme() != null && uri.getScheme().startsWith("http")) {
                // Only HTTP(S) gets the token: an ssh server has no business seeing it as a password.
                transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(remote.username(),
                        remote.token()));
            }
            RemoteRefUpdate update = new RemoteRefUpdate(repository, null, commit, ref, request.force(), null, null);
            result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        } catch (NoRemoteRepositoryException e) {
            throw new ScmException("no repository at " + uri + ": check the URL" + (remote.token() == null ? ""
                    : "; hosts answer 'not found' when the token cannot see the repository, so also check "
                    + needs(remote.host(), files)), 404);
        } catch (NotSupportedException | TransportException e) {
            throw refused(e, uri, remote, files);
        }
        RemoteRefUpdate done = result.getRemoteUpdate(ref);
        Ref before = result.getAdvertisedRef(ref);
        AgentBranchResult.Update outcome = switch (done.getStatus()) {
            case OK -> before == null ? AgentBranchResult.Update.CREATED
                    : done.isFastForward() ? AgentBranchResult.Update.FAST_FORWARD : AgentBranchResult.Update.FORCED;
            case UP_TO_DATE -> AgentBranchResult.Update.UP_TO_DATE;
            case REJECTED_NONFASTFORWARD -> throw new ScmException("branch " + request.branch() + " on " + uri
                    + " has commits the new one does not contain (its tip is not an ancestor of HEAD): push with"
                    + " force to replace it, or choose another branch name", 0);
            default -> throw new ScmException("the remote " + uri + " refused to update " + request.branch() + " ("
                    + done.getStatus().name().toLowerCase(Locale.ROOT)
                    + (done.getMessage() == null ? "" : ": " + done.getMessage())
                    + "): check the branch is not protected and " + needs(remote.host(), files), 0);
        };
        return new AgentBranchResult(request.branch(), uri.toString(), commit.name(), head.name(), files.size(),
                outcome);
    }

    private static ScmException refused(IOException e, URIish uri, AgentBranchRemote remote,
                                        Map<String, ChangedFile> files) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith(uri + ": ")) {
            message = message.substring(uri.toString().length() + 2); // JGit's own prefix; ours names the URL
        }
        JGitText text = JGitText.get();
        if (message.endsWith(text.notAuthorized) || message.endsWith(text.noCredentialsProvider)) {
            return new ScmException((remote.token() == null ? uri + " asks for credentials: pass a token; "
                    : uri + " refused the token (invalid, expired or revoked, or the wrong user name "
                    + remote.username() + "): ") + needs(remote.host(), files), 401);
        }
        if (says(message, text.serviceNotPermitted)) {
            return new ScmException(uri + " does not let this token push: " + needs(remote.host(), files), 403);
        }
        SecretMasker masker = SecretMasker.of(remote.token() == null ? List.of() : List.of(remote.token()));
        String fix = isSsh(uri) ? "JGit reaches ssh remotes through the program named by GIT_SSH: set GIT_SSH=ssh"
                + " (your ssh keys and config are used), or use an https URL with a token"
                : "check the URL and that the host is reachable";
        return new ScmException(masker.mask("cannot push to " + uri + ": " + message) + ": " + fix, 0);
    }

    /** Whether {@code message} is JGit's {@code template} (a MessageFormat pattern) with any arguments. */
    private static boolean says(String message, String template) {
        String regex = Arrays.stream(template.replace("''", "'").split("\\{\\d+\\}", -1))
                .map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.compile(regex + "$", Pattern.DOTALL).matcher(message).find();
    }

    /** The permission a token needs to push, on the host at hand. */
    private static String needs(HostKind host, Map<String, ChangedFile> files) {
        String github = "on GitHub a fine-grained token or GitHub App needs 'contents: write' on the repository, a"
                + " classic token the 'repo' scope";
        if (files.keySet().stream().anyMatch(path -> path.startsWith(WORKFLOWS))) {
            github += " (and 'workflows: write' / the 'workflow' scope, since the changes touch " + WORKFLOWS + ")";
        }
        String gitlab = "on GitLab a personal, project or group access token needs the 'write_repository' scope and"
                + " at least the Developer role";
        if (host == null) {
            return github + "; " + gitlab;
        }
        return host == HostKind.GITHUB ? github : gitlab;
    }

    private static boolean isSsh(URIish uri) {
        return uri.getScheme() == null ? uri.getHost() != null : uri.getScheme().contains("ssh");
    }
}
