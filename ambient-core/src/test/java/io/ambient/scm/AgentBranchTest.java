package io.ambient.scm;

import io.ambient.InvalidInputException;
import io.ambient.testing.GitRepos;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AgentBranch} with real repositories: the user's checkout and a bare repository as the remote. */
class AgentBranchTest {
    private static final AgentBranchRequest.Identity AGENT =
            new AgentBranchRequest.Identity("Ambient Agent", "agent@ambient.invalid");
    private static final List<ChangedFile> AGENT_CHANGES = List.of(
            changed("README.md", ChangeType.MODIFIED),
            changed("old.txt", ChangeType.DELETED),
            changed("src/App.java", ChangeType.ADDED));

    @TempDir
    Path tmp;
    private Path repo;
    private Path remote;

    @BeforeEach
    void repositories() throws Exception {
        repo = GitRepos.sample(tmp.resolve("repo"));
        remote = tmp.resolve("remote.git");
        GitRepos.git(tmp, "clone", "-q", "--bare", repo.toString(), remote.toString());
    }

    @Test
    void theRemoteBranchHasOneCommitOnHeadWithExactlyTheChangedFiles() throws Exception {
        agentEdits();
        Files.writeString(repo.resolve("notes.txt"), "the user's untracked notes\n");

        AgentBranchResult result = AgentBranch.push(request("ambient/fix-typo"), toRemote());

        RevCommit pushed = remoteCommit("ambient/fix-typo");
        assertThat(pushed.name()).isEqualTo(result.commitId());
        assertThat(pushed.getParents()).extracting(RevCommit::name).containsExactly(head());
        assertThat(pushed.getFullMessage()).isEqualTo("Fix the typo");
        assertThat(pushed.getAuthorIdent().getEmailAddress()).isEqualTo("agent@ambient.invalid");
        assertThat(remoteFiles(pushed)).containsExactly(
                Map.entry("README.md", "The sample\n"),
                Map.entry("src/App.java", "class App {\n}\n"));
        assertThat(result.update()).isEqualTo(AgentBranchResult.Update.CREATED);
        assertThat(result.parentId()).isEqualTo(head());
        assertThat(result.files()).isEqualTo(3);
    }

    @Test
    void theUsersIndexWorkTreeHeadAndBranchesAreUntouched() throws Exception {
        Files.writeString(repo.resolve("old.txt"), "the user's staged edit\n");
        GitRepos.git(repo, "add", "old.txt");
        Files.writeString(repo.resolve("README.md"), "The sample\n");
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/App.java"), "class App {\n}\n");
        Map<String, String> before = userState();

        AgentBranch.push(new AgentBranchRequest(repo, List.of(changed("README.md", ChangeType.MODIFIED),
                changed("src/App.java", ChangeType.ADDED)), "ambient/fix", "Fix", AGENT), toRemote());

        assertThat(userState()).isEqualTo(before);
        assertThat(remoteFiles(remoteCommit("ambient/fix"))).containsEntry("old.txt", "obsolete\n");
    }

    @Test
    void aDetachedHeadIsTheParent() throws Exception {
        GitRepos.git(repo, "checkout", "-q", "--detach");
        agentEdits();

        AgentBranch.push(request("ambient/detached"), toRemote());

        assertThat(remoteCommit("ambient/detached").getParents()).extracting(RevCommit::name).containsExactly(head());
        assertThat(Files.readString(repo.resolve(".git/HEAD")).trim()).isEqualTo(head());
    }

    @Test
    void modesAreKept() throws Exception {
        Path script = repo.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(repo.resolve("link"), Path.of("README.md"));

        AgentBranch.push(new AgentBranchRequest(repo, List.of(changed("run.sh", ChangeType.ADDED),
                changed("link", ChangeType.ADDED)), "ambient/modes", "Add a script", AGENT), toRemote());

        Map<String, FileMode> modes = remoteModes(remoteCommit("ambient/modes"));
        assertThat(modes).containsEntry("run.sh", FileMode.EXECUTABLE_FILE).containsEntry("link", FileMode.SYMLINK);
    }

    @Test
    void anUpdateThatWouldDropTheBranchsCommitsIsRefusedWithoutForce() throws Exception {
        agentEdits();
        AgentBranchResult first = AgentBranch.push(request("ambient/again"), toRemote());
        Files.writeString(repo.resolve("README.md"), "The sample, second try\n");

        assertThatThrownBy(() -> AgentBranch.push(request("ambient/again"), toRemote()))
                .isInstanceOf(ScmException.class)
                .hasMessageContaining("ambient/again")
                .hasMessageContaining("force");
        assertThat(remoteCommit("ambient/again").name()).isEqualTo(first.commitId());
    }

    @Test
    void forceReplacesTheBranch() throws Exception {
        agentEdits();
        AgentBranch.push(request("ambient/again"), toRemote());
        Files.writeString(repo.resolve("README.md"), "The sample, second try\n");

        AgentBranchResult second = AgentBranch.push(request("ambient/again").withForce(true), toRemote());

        assertThat(second.update()).isEqualTo(AgentBranchResult.Update.FORCED);
        RevCommit tip = remoteCommit("ambient/again");
        assertThat(tip.name()).isEqualTo(second.commitId());
        assertThat(remoteFiles(tip)).containsEntry("README.md", "The sample, second try\n");
    }

    @Test
    void aRunOnTopOfTheAgentsBranchFastForwardsIt() throws Exception {
        agentEdits();
        AgentBranchResult first = AgentBranch.push(request("ambient/more"), toRemote());
        GitRepos.git(repo, "fetch", "-q", remote.toString(), "ambient/more");
        GitRepos.git(repo, "checkout", "-q", "-f", "--detach", "FETCH_HEAD");
        Files.writeString(repo.resolve("README.md"), "The sample, improved\n");

        AgentBranchResult second = AgentBranch.push(new AgentBranchRequest(repo,
                List.of(changed("README.md", ChangeType.MODIFIED)), "ambient/more", "More", AGENT), toRemote());

        assertThat(second.update()).isEqualTo(AgentBranchResult.Update.FAST_FORWARD);
        assertThat(remoteCommit("ambient/more").getParents()).extracting(RevCommit::name)
                .containsExactly(first.commitId());
    }

    @Test
    void anSshRemoteIsReachedThroughTheSshProgramWithoutTheToken() throws Exception {
        agentEdits();
        Path log = tmp.resolve("ssh.log");
        // Stands in for ssh: records its arguments and runs the git command it was asked to run, locally. Like the
        // far end of a real ssh connection, that command does not see the local GIT_DIR JGit sets for ssh.
        Path ssh = tmp.resolve("fake-ssh");
        Files.writeString(ssh, "#!/bin/sh\necho \"$@\" >> " + log + "\nunset GIT_DIR GIT_COMMON_DIR\n"
                + "for last; do :; done\nexec sh -c \"$last\"\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));

        AgentBranchResult result = withEnvironment("GIT_SSH", ssh.toString(), () -> AgentBranch.push(
                request("ambient/ssh"),
                AgentBranchRemote.withToken(HostKind.GITHUB, "ssh://git@localhost" + remote, "tok-SSH-1234567890")));

        assertThat(remoteCommit("ambient/ssh").name()).isEqualTo(result.commitId());
        assertThat(Files.readString(log)).contains("git-receive-pack").doesNotContain("tok-SSH-1234567890");
    }

    @Test
    void anSshRemoteWithoutAnSshProgramNamesTheFix() throws Exception {
        agentEdits();
        assertThatThrownBy(() -> withEnvironment("GIT_SSH", null, () -> AgentBranch.push(request("ambient/ssh"),
                AgentBranchRemote.withoutToken("git@localhost:" + remote))))
                .isInstanceOf(ScmException.class)
                .hasMessageContaining("GIT_SSH=ssh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "a..b", "fix.lock", "refs/heads/fix", "fix~1", "-", "HEAD", "x:y"})
    void anInvalidBranchNameIsRefusedBeforeAnythingIsWritten(String branch) throws Exception {
        agentEdits();
        long objects = objectFiles(repo.resolve(".git/objects"));

        assertThatThrownBy(() -> AgentBranch.push(request(branch), toRemote()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a valid branch name");
        assertThat(objectFiles(repo.resolve(".git/objects"))).isEqualTo(objects);
        assertThat(remoteBranches()).isEmpty();
    }

    @Test
    void aRunThatChangedNothingHasNothingToPush() {
        assertThatThrownBy(() -> AgentBranch.push(new AgentBranchRequest(repo, List.of(), "ambient/none", "Nothing",
                AGENT), toRemote()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the run changed no files: there is nothing to commit to ambient/none");
    }

    @Test
    void changesIdenticalToHeadHaveNothingToPush() {
        assertThatThrownBy(() -> AgentBranch.push(new AgentBranchRequest(repo,
                List.of(changed("README.md", ChangeType.MODIFIED)), "ambient/same", "Same", AGENT), toRemote()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("identical to HEAD");
    }

    @Test
    void aWorkspaceThatChangedSinceTheRunIsRefused() throws Exception {
        agentEdits();
        Files.writeString(repo.resolve("old.txt"), "back again\n");

        assertThatThrownBy(() -> AgentBranch.push(request("ambient/stale"), toRemote()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("old.txt as deleted but the workspace has it");
        assertThat(remoteBranches()).isEmpty();
    }

    @Test
    void aPathOutsideTheWorkTreeIsRefused() {
        assertThatThrownBy(() -> AgentBranch.push(new AgentBranchRequest(repo,
                List.of(changed("../outside.txt", ChangeType.ADDED)), "ambient/x", "X", AGENT), toRemote()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a path git can commit");
    }

    @Test
    void aRemoteUrlWithAPasswordIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> AgentBranch.push(request("ambient/x"),
                AgentBranchRemote.withoutToken("https://user:hunter2-secret@git.example.com/o/r.git")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("carries a password")
                .hasMessageNotContaining("hunter2-secret");
    }

    @Test
    void aTokenIsNotSentOverPlainHttpToAnotherHost() {
        assertThatThrownBy(() -> AgentBranch.push(request("ambient/x"),
                AgentBranchRemote.withToken(HostKind.GITHUB, "http://git.example.com/o/r.git", "tok-1234567890")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("use https");
    }

    // ---- helpers ----

    private static ChangedFile changed(String path, ChangeType change) {
        return new ChangedFile(path, change, 0, 0, false);
    }

    private void agentEdits() throws IOException {
        Files.writeString(repo.resolve("README.md"), "The sample\n");
        Files.delete(repo.resolve("old.txt"));
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/App.java"), "class App {\n}\n");
    }

    /** Runs {@code action} with JGit seeing {@code name=value} in the environment ({@code null}: unset). */
    private static <T> T withEnvironment(String name, String value, Callable<T> action) throws Exception {
        SystemReader original = SystemReader.getInstance();
        SystemReader.setInstance(new SystemReader.Delegate(original) {
            @Override
            public String getenv(String variable) {
                return name.equals(variable) ? value : super.getenv(variable);
            }
        });
        try {
            return action.call();
        } finally {
            SystemReader.setInstance(original);
        }
    }

    private AgentBranchRequest request(String branch) {
        return new AgentBranchRequest(repo, AGENT_CHANGES, branch, "Fix the typo", AGENT);
    }

    private AgentBranchRemote toRemote() {
        return AgentBranchRemote.withoutToken(remote.toString());
    }

    private String head() throws IOException {
        try (Repository r = new FileRepositoryBuilder().setWorkTree(repo.toFile()).build()) {
            return r.resolve(Constants.HEAD).name();
        }
    }

    /** What a user would compare: HEAD, refs, the index file, config and every work-tree file. */
    private Map<String, String> userState() throws IOException {
        Map<String, String> state = new LinkedHashMap<>();
        for (String meta : List.of("HEAD", "index", "config")) {
            state.put(".git/" + meta, hex(Files.readAllBytes(repo.resolve(".git").resolve(meta))));
        }
        try (Repository r = new FileRepositoryBuilder().setWorkTree(repo.toFile()).build()) {
            r.getRefDatabase().getRefs().forEach(ref -> state.put(ref.getName(), ref.getObjectId().name()));
        }
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path file : files.filter(Files::isRegularFile).filter(p -> !p.startsWith(repo.resolve(".git")))
                    .toList()) {
                state.put(repo.relativize(file).toString(), Files.readString(file));
            }
        }
        return state;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static long objectFiles(Path objects) throws IOException {
        try (Stream<Path> files = Files.walk(objects)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private Repository remoteRepository() throws IOException {
        return new FileRepositoryBuilder().setGitDir(remote.toFile()).setMustExist(true).build();
    }

    private List<String> remoteBranches() throws IOException {
        try (Repository r = remoteRepository()) {
            return r.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream().map(Ref::getName)
                    .filter(name -> name.startsWith(Constants.R_HEADS + "ambient/")).toList();
        }
    }

    private RevCommit remoteCommit(String branch) throws IOException {
        try (Repository r = remoteRepository(); RevWalk walk = new RevWalk(r)) {
            ObjectId id = r.resolve(Constants.R_HEADS + branch);
            assertThat(id).as("remote branch %s", branch).isNotNull();
            RevCommit commit = walk.parseCommit(id);
            walk.parseHeaders(commit);
            return commit;
        }
    }

    private Map<String, String> remoteFiles(RevCommit commit) throws IOException {
        return remoteTree(commit,
                (r, walk) -> new String(r.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
    }

    private Map<String, FileMode> remoteModes(RevCommit commit) throws IOException {
        return remoteTree(commit, (r, walk) -> walk.getFileMode(0));
    }

    /** Every file of {@code commit}'s tree in the remote, by path, as {@code value} reads it. */
    private <T> Map<String, T> remoteTree(RevCommit commit, TreeValue<T> value) throws IOException {
        Map<String, T> files = new LinkedHashMap<>();
        try (Repository r = remoteRepository(); TreeWalk walk = new TreeWalk(r)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                files.put(walk.getPathString(), value.read(r, walk));
            }
        }
        return files;
    }

    private interface TreeValue<T> {
        T read(Repository repository, TreeWalk walk) throws IOException;
    }
}
