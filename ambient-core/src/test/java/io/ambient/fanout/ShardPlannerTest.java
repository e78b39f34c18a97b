package io.ambient.fanout;

import io.ambient.InvalidInputException;
import io.ambient.testing.GitRepos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class ShardPlannerTest {
    @TempDir
    Path tmp;

    // ---- explicit

    @Test
    void explicitDirectoriesGetATrailingSlashAndFilesDoNot() throws Exception {
        Path ws = workspace("api/Api.java", "web/index.html", "README.md");

        List<Shard> shards = ShardPlanner.explicit(ws, List.of(
                new Shard("api", List.of("api", "./api/")),
                new Shard("rest", List.of("web//", "README.md"))));

        assertThat(shards).extracting(Shard::name, Shard::paths).containsExactly(
                tuple("api", List.of("api/")),
                tuple("rest", List.of("web/", "README.md")));
    }

    @Test
    void anExplicitPathMissingFromTheWorkspaceIsAnErrorNamingIt() throws Exception {
        Path ws = workspace("api/Api.java");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of(new Shard("api", List.of("apj/")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shard 'api': path 'apj/' does not exist in workspace " + ws)
                .hasMessageContaining("fix the path");
    }

    @Test
    void theSameDirectoryInTwoShardsIsAnOverlapNamingBothShardsAndThePath() throws Exception {
        Path ws = workspace("api/Api.java");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of(
                new Shard("one", List.of("api")), new Shard("two", List.of("api/")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shards 'one' and 'two' overlap at 'api/'")
                .hasMessageContaining("give each part of the workspace to one shard only");
    }

    @Test
    void aPathInsideAnotherShardsDirectoryIsAnOverlap() throws Exception {
        Path ws = workspace("api/Api.java");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of(
                new Shard("file", List.of("api/Api.java")), new Shard("dir", List.of("api")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shards 'file' and 'dir' overlap at 'api/Api.java'");
    }

    @Test
    void absolutePathsAreRejected() throws Exception {
        Path ws = workspace("api/Api.java");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of(new Shard("api", List.of("/etc")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("path '/etc' is absolute: give it relative to the workspace");
    }

    @Test
    void pathsLeavingTheWorkspaceAreRejected() throws Exception {
        Path ws = workspace("api/Api.java");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of(new Shard("api", List.of("api/../../x")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("path 'api/../../x' contains '..'");
    }

    @Test
    void aTrailingSlashOnAFileIsRejected() throws Exception {
        Path ws = workspace("README.md");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of(new Shard("docs", List.of("README.md/")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is a file, not a directory: drop the trailing '/'");
    }

    @Test
    void shardNamesMustBeSafeForFileNamesAndBranches() throws Exception {
        Path ws = workspace("api/Api.java");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of(new Shard("-api x", List.of("api")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shard name '-api x' is not valid")
                .hasMessageContaining("starting with a letter or digit");
    }

    @Test
    void shardNamesMustBeUnique() throws Exception {
        Path ws = workspace("api/Api.java", "web/index.html");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of(
                new Shard("part", List.of("api")), new Shard("part", List.of("web")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shard name 'part' is used twice: give each shard its own name");
    }

    @Test
    void aShardWithoutPathsIsRejected() throws Exception {
        Path ws = workspace("api/Api.java");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of(new Shard("empty", List.of()))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shard 'empty' has no paths: give it at least one workspace path");
    }

    @Test
    void noShardsAtAllIsRejected() throws Exception {
        Path ws = workspace("api/Api.java");

        assertThatThrownBy(() -> ShardPlanner.explicit(ws, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no shards: give at least one shard");
    }

    // ---- globs

    @Test
    void eachDirectoryMatchedByAGlobBecomesAShardNamedAfterItsPath() throws Exception {
        Path ws = workspace("services/billing/Bill.java", "services/auth/Auth.java", "services/README.md");

        List<Shard> shards = ShardPlanner.globs(ws, List.of("services/*"));

        assertThat(shards).extracting(Shard::name, Shard::paths).containsExactly(
                tuple("services-auth", List.of("services/auth/")),
                tuple("services-billing", List.of("services/billing/")));
    }

    @Test
    void doubleStarGlobsMatchDirectoriesAtAnyDepth() throws Exception {
        Path ws = workspace("modules/a/src/A.java", "modules/b/c/src/C.java", "modules/a/test/T.java");

        List<Shard> shards = ShardPlanner.globs(ws, List.of("modules/**/src"));

        assertThat(shards).extracting(Shard::name).containsExactly("modules-a-src", "modules-b-c-src");
    }

    @Test
    void aMatchInsideAnotherMatchKeepsOnlyTheOutermost() throws Exception {
        Path ws = workspace("services/auth/api/Api.java", "services/billing/Bill.java");

        List<Shard> shards = ShardPlanner.globs(ws, List.of("services/*/api", "services/*"));

        assertThat(shards).extracting(Shard::paths)
                .containsExactly(List.of("services/auth/"), List.of("services/billing/"));
    }

    @Test
    void ignoredDirectoriesAndGitItselfAreNeverMatched() throws Exception {
        Path ws = workspace("src/App.java", "build/out/App.class", ".gitignore");
        Files.writeString(ws.resolve(".gitignore"), "build/\n");

        List<Shard> shards = ShardPlanner.globs(ws, List.of("*"));

        assertThat(shards).extracting(Shard::name).containsExactly("src");
    }

    @Test
    void aGlobMatchingNoDirectoryIsAnErrorNamingIt() throws Exception {
        Path ws = workspace("services/auth/Auth.java");

        assertThatThrownBy(() -> ShardPlanner.globs(ws, List.of("services/*", "apps/*")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("glob 'apps/*' matches no directory in workspace " + ws);
    }

    @Test
    void anAbsoluteGlobIsRejected() throws Exception {
        Path ws = workspace("services/auth/Auth.java");

        assertThatThrownBy(() -> ShardPlanner.globs(ws, List.of("/services/*")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("glob '/services/*' is absolute: write it relative to the workspace");
    }

    // ---- auto

    @Test
    void topLevelDirectoriesAreBalancedGreedilyByFileCount() throws Exception {
        Path ws = workspace();
        files(ws, "a", 10);
        files(ws, "b", 7);
        commit(ws); // tracked and untracked files count alike
        files(ws, "c", 5);
        files(ws, "d", 3);

        List<Shard> shards = ShardPlanner.auto(ws, 2);

        assertThat(shards).extracting(Shard::name, Shard::paths).containsExactly(
                tuple("shard-1", List.of("a/", "d/")),
                tuple("shard-2", List.of("b/", "c/")));
    }

    @Test
    void topLevelFilesTravelTogetherAsOneRootGroup() throws Exception {
        Path ws = workspace("README.md", "pom.xml", "LICENSE", "src/App.java");

        List<Shard> shards = ShardPlanner.auto(ws, 2);

        assertThat(shards).extracting(Shard::name, Shard::paths).containsExactly(
                tuple("shard-1", List.of("LICENSE", "README.md", "pom.xml")),
                tuple("shard-2", List.of("src/")));
    }

    @Test
    void ignoredFilesAreNotCounted() throws Exception {
        Path ws = workspace("small/1.java", "small/2.java", "small/3.java", "big/Main.java", "target/out.jar");
        files(ws, "big", 20, ".log");
        Files.writeString(ws.resolve(".gitignore"), "*.log\ntarget/\n");

        List<Shard> shards = ShardPlanner.auto(ws, 2);

        assertThat(shards).extracting(Shard::name, Shard::paths).containsExactly(
                tuple("shard-1", List.of("small/")),
                tuple("shard-2", List.of(".gitignore", "big/")));
    }

    @Test
    void fewerGroupsThanRequestedGiveFewerShardsAndNeverAnEmptyOne() throws Exception {
        Path ws = workspace("api/Api.java", "web/index.html");

        List<Shard> shards = ShardPlanner.auto(ws, 5);

        assertThat(shards).extracting(Shard::paths).containsExactly(List.of("api/"), List.of("web/"));
    }

    @Test
    void aShardCountBelowOneIsRejected() throws Exception {
        Path ws = workspace("api/Api.java");

        assertThatThrownBy(() -> ShardPlanner.auto(ws, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shard count 0 is less than 1: ask for at least one shard");
    }

    @Test
    void aWorkspaceThatIsNotAGitRepositoryIsRejected() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(plain.resolve("a.txt"), "a\n");

        assertThatThrownBy(() -> ShardPlanner.auto(plain, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("workspace " + plain + " is not a git repository: run `git init` there");
    }

    @Test
    void aMissingWorkspaceIsRejected() {
        Path missing = tmp.resolve("missing");

        assertThatThrownBy(() -> ShardPlanner.auto(missing, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("workspace " + missing + " does not exist");
    }

    // ---- codeowners

    @Test
    void theLastMatchingCodeownersPatternWins() throws Exception {
        Path ws = workspace("a/x.js", "a/y.md", "z.js");
        Files.writeString(ws.resolve("CODEOWNERS"), """
                # everyone owns everything, except JavaScript
                *       @org/everyone
                *.js    @js-owner   # inline comment
                """);

        List<Shard> shards = ShardPlanner.codeowners(ws);

        assertThat(shards).extracting(Shard::name, Shard::paths).containsExactly(
                tuple("js-owner", List.of("a/x.js", "z.js")),
                tuple("org-everyone", List.of("CODEOWNERS", "a/y.md")));
    }

    @Test
    void aDirectoryWhoseFilesAllHaveOneOwnerCollapsesToTheDirectory() throws Exception {
        Path ws = workspace("docs/a.md", "docs/guide/b.md", "src/App.java", "src/docs/c.md");
        Files.createDirectories(ws.resolve(".github"));
        Files.writeString(ws.resolve(".github/CODEOWNERS"), "/docs/ @docs-team\n/src/ @dev\n");

        ShardPlanner.CodeownersPlan plan = ShardPlanner.codeownersPlan(ws);

        assertThat(plan.file()).isEqualTo(".github/CODEOWNERS");
        assertThat(plan.shards()).extracting(Shard::name, Shard::paths).containsExactly(
                tuple("dev", List.of("src/")),
                tuple("docs-team", List.of("docs/")));
        assertThat(plan.unowned()).containsExactly(".github/");
    }

    @Test
    void filesOfTheSameFirstOwnerShareAShardEvenWithDifferentCoOwners() throws Exception {
        Path ws = workspace("api/a.java", "api/b.java", "web/c.js");
        Files.writeString(ws.resolve("CODEOWNERS"), "* @lead\n/api/a.java @lead @reviewer\n/web/ @web\n");

        List<Shard> shards = ShardPlanner.codeowners(ws);

        assertThat(shards).extracting(Shard::name, Shard::paths).containsExactly(
                tuple("lead", List.of("CODEOWNERS", "api/")),
                tuple("web", List.of("web/")));
    }

    @Test
    void aDocsStarPatternOwnsOnlyTheFilesDirectlyInDocs() throws Exception {
        Path ws = workspace("docs/a.md", "docs/b.md", "docs/build/c.md");
        Files.writeString(ws.resolve("CODEOWNERS"), "docs/* docs@example.com\n");

        ShardPlanner.CodeownersPlan plan = ShardPlanner.codeownersPlan(ws);

        assertThat(plan.shards()).extracting(Shard::name, Shard::paths)
                .containsExactly(tuple("docs-example.com", List.of("docs/a.md", "docs/b.md")));
        assertThat(plan.unowned()).containsExactly("CODEOWNERS", "docs/build/");
    }

    @Test
    void aPatternWithoutOwnersLeavesItsFilesUnowned() throws Exception {
        Path ws = workspace("apps/web/index.js", "apps/github/hook.js");
        Files.writeString(ws.resolve("CODEOWNERS"), "/apps/ @octocat\n/apps/github\n");

        ShardPlanner.CodeownersPlan plan = ShardPlanner.codeownersPlan(ws);

        assertThat(plan.shards()).extracting(Shard::name, Shard::paths)
                .containsExactly(tuple("octocat", List.of("apps/web/")));
        assertThat(plan.unowned()).containsExactly("CODEOWNERS", "apps/github/");
    }

    @Test
    void theGithubDirectoryWinsOverTheRootAndDocs() throws Exception {
        Path ws = workspace("src/App.java");
        Files.createDirectories(ws.resolve(".github"));
        Files.createDirectories(ws.resolve("docs"));
        Files.writeString(ws.resolve(".github/CODEOWNERS"), "* @from-github-dir\n");
        Files.writeString(ws.resolve("CODEOWNERS"), "* @from-root\n");
        Files.writeString(ws.resolve("docs/CODEOWNERS"), "* @from-docs\n");

        ShardPlanner.CodeownersPlan plan = ShardPlanner.codeownersPlan(ws);

        assertThat(plan.file()).isEqualTo(".github/CODEOWNERS");
        assertThat(plan.shards()).extracting(Shard::name).containsExactly("from-github-dir");
    }

    @Test
    void ignoredFilesGetNoShard() throws Exception {
        Path ws = workspace("src/App.java", "logs/run.log");
        Files.writeString(ws.resolve(".gitignore"), "logs/\n");
        Files.writeString(ws.resolve("CODEOWNERS"), "* @dev\n");

        List<Shard> shards = ShardPlanner.codeowners(ws);

        assertThat(shards).singleElement().extracting(Shard::paths)
                .isEqualTo(List.of(".gitignore", "CODEOWNERS", "src/"));
    }

    @Test
    void noCodeownersFileIsAnErrorNamingTheThreePlacesLookedAt() throws Exception {
        Path ws = workspace("src/App.java");

        assertThatThrownBy(() -> ShardPlanner.codeowners(ws))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no CODEOWNERS in workspace " + ws)
                .hasMessageContaining("looked at .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS");
    }

    @Test
    void anOwnerGitHubWouldRejectIsAnErrorNamingTheLine() throws Exception {
        Path ws = workspace("src/App.js");
        Files.writeString(ws.resolve("CODEOWNERS"), "# owners\n*.js js-owner\n");

        assertThatThrownBy(() -> ShardPlanner.codeowners(ws))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("CODEOWNERS line 2: 'js-owner' is not an owner: write @user, @org/team or an email");
    }

    @Test
    void negationIsRejectedBecauseGitHubDoesNotSupportIt() throws Exception {
        Path ws = workspace("src/App.js");
        Files.writeString(ws.resolve("CODEOWNERS"), "* @dev\n!*.js @dev\n");

        assertThatThrownBy(() -> ShardPlanner.codeowners(ws))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("CODEOWNERS line 2: '!*.js' negates a pattern");
    }

    @Test
    void characterRangesAreRejectedBecauseGitHubDoesNotSupportThem() throws Exception {
        Path ws = workspace("src/App.c");
        Files.writeString(ws.resolve("CODEOWNERS"), "*.[ch] @dev\n");

        assertThatThrownBy(() -> ShardPlanner.codeowners(ws))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("CODEOWNERS line 1: '*.[ch]' uses a character range [ ]");
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            // the examples of GitHub's "About code owners"
            "*.js,           app.js,                               true",
            "*.js,           src/deep/app.js,                      true",
            "*.js,           app.jsx,                              false",
            "/build/logs/,   build/logs/a.txt,                     true",
            "/build/logs/,   build/logs/deep/a.txt,                true",
            "/build/logs/,   src/build/logs/a.txt,                 false",
            "docs/*,         docs/getting-started.md,              true",
            "docs/*,         docs/build-app/troubleshooting.md,    false",
            "docs/*,         src/docs/a.md,                        false",
            "apps/,          apps/a.js,                            true",
            "apps/,          deep/apps/a.js,                       true",
            "apps/,          apps,                                 false",
            "**/logs,        logs/a.log,                           true",
            "**/logs,        deeply/nested/logs/a.log,             true",
            "/apps/github,   apps/github/hook.js,                  true",
            "/apps/github,   apps/githubber/hook.js,               false",
            // the rest of the gitignore pattern format
            "*,              any/depth/file.txt,                   true",
            "/*,             top.txt,                              true",
            "/*,             dir/nested.txt,                       false",
            "src/*.java,     src/App.java,                         true",
            "src/*.java,     src/main/App.java,                    false",
            "foo/**/bar,     foo/bar/x,                            true",
            "foo/**/bar,     foo/a/b/bar/x,                        true",
            "foo/**/bar,     x/foo/bar/y,                          false",
            "a?c.txt,        abc.txt,                              true",
            "a?c.txt,        a/c.txt,                              false",
            "README.md,      readme.md,                            false",
    })
    void codeownersPatternsMatchLikeGitHubDocumentsThem(String pattern, String path, boolean matches) {
        assertThat(ShardPlanner.codeownersPattern("test", pattern).matcher(path).matches()).isEqualTo(matches);
    }

    // ---- helpers

    /** A fresh git work tree (no commit) holding {@code files}, each with its own path as content. */
    private Path workspace(String... files) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        for (String file : files) {
            write(ws, file);
        }
        GitRepos.git(ws, "init", "-q");
        return ws;
    }

    private static void files(Path ws, String directory, int count) throws Exception {
        files(ws, directory, count, ".txt");
    }

    private static void files(Path ws, String directory, int count, String extension) throws Exception {
        for (int i = 0; i < count; i++) {
            write(ws, directory + "/f" + i + extension);
        }
    }

    private static void write(Path ws, String file) throws Exception {
        Path path = ws.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, file + "\n");
    }

    private static void commit(Path ws) throws Exception {
        GitRepos.git(ws, "add", "-A");
        GitRepos.git(ws, "-c", "user.name=t", "-c", "user.email=t@invalid", "commit", "-q", "-m", "files");
    }
}
