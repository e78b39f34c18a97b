package io.ambient.workspace;

import io.ambient.InvalidInputException;
import io.ambient.testing.GitRepos;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class WorkspaceChangesTest {
    @TempDir
    Path tmp;
    private Path repo;

    @BeforeEach
    void repository() throws Exception {
        repo = GitRepos.sample(tmp.resolve("repo"));
    }

    @Test
    void addedModifiedDeletedAndNestedFilesAreReportedWithLineCounts() throws Exception {
        WorkspaceSnapshot before = WorkspaceChanges.snapshot(repo);
        Files.writeString(repo.resolve("README.md"), "The sample\nwith a second line\n");
        Files.delete(repo.resolve("old.txt"));
        Files.createDirectories(repo.resolve("src/main"));
        Files.writeString(repo.resolve("src/main/App.java"), "class App {\n}\n");

        ChangeSet changes = WorkspaceChanges.changesSince(before, tmp.resolve("out/changes.patch"));

        assertThat(changes.files())
                .extracting(ChangedFile::path, ChangedFile::change, ChangedFile::linesAdded, ChangedFile::linesRemoved)
                .containsExactly(
                        tuple("README.md", ChangeType.MODIFIED, 2, 1),
                        tuple("old.txt", ChangeType.DELETED, 0, 1),
                        tuple("src/main/App.java", ChangeType.ADDED, 2, 0));
        assertThat(changes.patchBytes()).isEqualTo(Files.size(changes.patchFile()));
    }

    @Test
    void binaryFilesAreMarkedBinary() throws Exception {
        WorkspaceSnapshot before = WorkspaceChanges.snapshot(repo);
        Files.write(repo.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2, 0, 3});

        ChangeSet changes = WorkspaceChanges.changesSince(before, tmp.resolve("changes.patch"));

        assertThat(changes.files()).singleElement().satisfies(file -> {
            assertThat(file.path()).isEqualTo("logo.png");
            assertThat(file.binary()).isTrue();
        });
    }

    @Test
    void editsTheUserMadeBeforeTheRunAreNotTheAgents() throws Exception {
        Files.writeString(repo.resolve("README.md"), "user edit, staged\n");
        GitRepos.git(repo, "add", "README.md");
        Files.writeString(repo.resolve("old.txt"), "user edit, unstaged\n");
        Files.writeString(repo.resolve("notes.txt"), "untracked notes\n");
        WorkspaceSnapshot before = WorkspaceChanges.snapshot(repo);
        Files.writeString(repo.resolve("agent.txt"), "the agent's file\n");

        ChangeSet changes = WorkspaceChanges.changesSince(before, tmp.resolve("changes.patch"));

        assertThat(changes.files()).extracting(ChangedFile::path).containsExactly("agent.txt");
    }

    @Test
    void ignoredFilesAreNotReported() throws Exception {
        Files.writeString(repo.resolve(".gitignore"), "build/\n*.log\n");
        GitRepos.git(repo, "add", ".gitignore");
        WorkspaceSnapshot before = WorkspaceChanges.snapshot(repo);
        Files.createDirectories(repo.resolve("build"));
        Files.writeString(repo.resolve("build/out.class"), "binary-ish");
        Files.writeString(repo.resolve("agent.log"), "log");
        Files.writeString(repo.resolve("kept.txt"), "kept\n");

        ChangeSet changes = WorkspaceChanges.changesSince(before, tmp.resolve("changes.patch"));

        assertThat(changes.files()).extracting(ChangedFile::path).containsExactly("kept.txt");
    }

    @Test
    void theUsersIndexHeadAndRefsAreLeftByteForByteAlone() throws Exception {
        Files.writeString(repo.resolve("staged.txt"), "staged\n");
        GitRepos.git(repo, "add", "staged.txt");
        String before = fingerprint(repo.resolve(".git"));

        WorkspaceSnapshot snapshot = WorkspaceChanges.snapshot(repo);
        Files.writeString(repo.resolve("README.md"), "changed by the agent\n");
        WorkspaceChanges.changesSince(snapshot, tmp.resolve("changes.patch"));

        assertThat(fingerprint(repo.resolve(".git"))).isEqualTo(before);
    }

    @Test
    void thePatchAppliesToThePreRunStateAndReproducesTheAgentsFiles() throws Exception {
        Files.writeString(repo.resolve("pending.txt"), "the user's uncommitted file\n");
        Path preRun = tmp.resolve("pre-run");
        copy(repo, preRun);
        WorkspaceSnapshot before = WorkspaceChanges.snapshot(repo);
        Files.writeString(repo.resolve("README.md"), "The sample\n");
        Files.delete(repo.resolve("old.txt"));
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/guide.md"), "# Guide\n\nNew.\n");
        Path patch = tmp.resolve("changes.patch");

        WorkspaceChanges.changesSince(before, patch);

        GitRepos.git(preRun, "apply", "--check", patch.toString());
        GitRepos.git(preRun, "apply", patch.toString());
        assertThat(preRun.resolve("README.md")).hasSameTextualContentAs(repo.resolve("README.md"));
        assertThat(preRun.resolve("docs/guide.md")).hasSameTextualContentAs(repo.resolve("docs/guide.md"));
        assertThat(preRun.resolve("old.txt")).doesNotExist();
    }

    @Test
    void aRepositoryWithoutCommitsWorks() throws Exception {
        Path fresh = Files.createDirectories(tmp.resolve("fresh"));
        GitRepos.git(fresh, "init", "-q");
        WorkspaceSnapshot before = WorkspaceChanges.snapshot(fresh);
        Files.writeString(fresh.resolve("first.txt"), "first\n");

        ChangeSet changes = WorkspaceChanges.changesSince(before, tmp.resolve("changes.patch"));

        assertThat(changes.files()).extracting(ChangedFile::path, ChangedFile::change)
                .containsExactly(tuple("first.txt", ChangeType.ADDED));
    }

    @Test
    void aDirectoryThatIsNotARepositoryIsRejectedWithTheFix() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));

        assertThatThrownBy(() -> WorkspaceChanges.snapshot(plain))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a git repository: run `git init` there");
    }

    @Test
    void aMissingDirectoryIsRejectedWithTheFix() {
        assertThatThrownBy(() -> WorkspaceChanges.snapshot(tmp.resolve("missing")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not exist");
    }

    /** Hash of everything in .git except the object database, which snapshots may add to. */
    private static String fingerprint(Path gitDir) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(gitDir)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(file -> !gitDir.relativize(file).startsWith("objects")).sorted().toList()) {
                digest.update(gitDir.relativize(file).toString().getBytes());
                digest.update(Files.readAllBytes(file));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }
}
