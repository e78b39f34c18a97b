package io.ambient.scm;

import io.ambient.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeRefTest {

    private static Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    @Test
    void notAChangeBuildIsEmpty() {
        assertThat(ChangeRef.fromEnvironment(env())).isEmpty();
        assertThat(ChangeRef.fromEnvironment(env("CHANGE_ID", " ", "GIT_URL", "https://github.com/o/r.git")))
                .isEmpty();
    }

    @Test
    void githubDotCom() {
        ChangeRef ref = ChangeRef.fromEnvironment(env("CHANGE_ID", "12",
                "CHANGE_URL", "https://github.com/o/r/pull/12", "CHANGE_TARGET", "main",
                "GIT_URL", "https://github.com/o/r.git")).orElseThrow();
        assertThat(ref.host()).isEqualTo(HostKind.GITHUB);
        assertThat(ref.apiBaseUrl()).isEqualTo("https://api.github.com");
        assertThat(ref.project()).isEqualTo("o/r");
        assertThat(ref.owner()).isEqualTo("o");
        assertThat(ref.repo()).isEqualTo("r");
        assertThat(ref.number()).isEqualTo(12);
        assertThat(ref.fork()).isFalse();
        assertThat(ref.target()).isEqualTo("main");
        assertThat(ref.display()).isEqualTo("o/r#12");
    }

    @Test
    void githubEnterpriseWithForkAndScpGitUrl() {
        ChangeRef ref = ChangeRef.fromEnvironment(env("CHANGE_ID", "7",
                "CHANGE_URL", "https://ghe.example.com/team/app/pull/7",
                "CHANGE_FORK", "someone", "GIT_URL", "git@ghe.example.com:team/app.git")).orElseThrow();
        assertThat(ref.host()).isEqualTo(HostKind.GITHUB);
        assertThat(ref.apiBaseUrl()).isEqualTo("https://ghe.example.com/api/v3");
        assertThat(ref.project()).isEqualTo("team/app");
        assertThat(ref.fork()).isTrue();
    }

    @Test
    void gitlabWithSubgroupAndPort() {
        ChangeRef ref = ChangeRef.fromEnvironment(env("CHANGE_ID", "3",
                "CHANGE_URL", "https://gitlab.example.com:8443/g/sub/p/-/merge_requests/3",
                "CHANGE_FORK", "false", "GIT_URL", "ssh://git@gitlab.example.com:2222/g/sub/p.git")).orElseThrow();
        assertThat(ref.host()).isEqualTo(HostKind.GITLAB);
        assertThat(ref.apiBaseUrl()).isEqualTo("https://gitlab.example.com:8443/api/v4");
        assertThat(ref.project()).isEqualTo("g/sub/p");
        assertThat(ref.gitlabProjectId()).isEqualTo("g%2Fsub%2Fp");
        assertThat(ref.number()).isEqualTo(3);
        assertThat(ref.fork()).isFalse();
        assertThat(ref.display()).isEqualTo("g/sub/p!3");
    }

    @Test
    void gitlabComWithSimpleMergeRequestUrl() {
        Optional<ChangeRef> ref = ChangeRef.fromEnvironment(env("CHANGE_ID", "3",
                "CHANGE_URL", "https://gitlab.com/g/p/merge_requests/3"));
        assertThat(ref).get().extracting(ChangeRef::apiBaseUrl).isEqualTo("https://gitlab.com/api/v4");
    }

    @Test
    void inconsistentVariablesAreClearErrors() {
        assertThatThrownBy(() -> ChangeRef.fromEnvironment(env("CHANGE_ID", "12")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("CHANGE_URL is not");
        assertThatThrownBy(() -> ChangeRef.fromEnvironment(env("CHANGE_ID", "abc",
                "CHANGE_URL", "https://github.com/o/r/pull/12")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("CHANGE_ID is 'abc'");
        assertThatThrownBy(() -> ChangeRef.fromEnvironment(env("CHANGE_ID", "13",
                "CHANGE_URL", "https://github.com/o/r/pull/12")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> ChangeRef.fromEnvironment(env("CHANGE_ID", "12",
                "CHANGE_URL", "https://bitbucket.org/o/r/pull-requests/12")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("neither a GitHub");
        assertThatThrownBy(() -> ChangeRef.fromEnvironment(env("CHANGE_ID", "12",
                "CHANGE_URL", "https://github.com/o/r/pull/12", "GIT_URL", "https://gitlab.com/o/r.git")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("GIT_URL");
    }

    @Test
    void aGitUrlOnAnotherHostIsNamedWithoutItsCredentials() {
        assertThatThrownBy(() -> ChangeRef.fromEnvironment(env("CHANGE_ID", "12",
                "CHANGE_URL", "https://github.com/o/r/pull/12", "GIT_URL", "https://bot:s3cret-token@gitlab.com/o/r.git")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("https://gitlab.com/o/r.git")
                .hasMessageNotContaining("s3cret-token");
    }

    @Test
    void stickyKeysAreSanitised() {
        assertThat(CommentClient.stickyKey("team/app/PR-12", "review", "lint --fix"))
                .isEqualTo("team/app/PR_12/review/lint_fix");
        assertThat(CommentClient.marker("a b-->c")).isEqualTo("<!-- ambient:sticky:a_b_c -->");
        assertThat(CommentClient.hasMarker("<!-- ambient:sticky:a/b -->\nx", "a/b")).isTrue();
        assertThat(CommentClient.hasMarker("<!-- ambient:sticky:a/bc -->\nx", "a/b")).isFalse();
        assertThatThrownBy(() -> CommentClient.sanitiseKey("---")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangeNamesItsRepository() {
        ChangeRef change = new ChangeRef(HostKind.GITLAB, "https://gl.example/api/v4/", "/g/sub/p/", 3, false, null);
        assertThat(change.repository())
                .isEqualTo(new RepoRef(HostKind.GITLAB, "https://gl.example/api/v4", "g/sub/p"));
        assertThat(change.repository().gitlabProjectId()).isEqualTo("g%2Fsub%2Fp");
        assertThat(RepoRef.github("o", "r").name()).isEqualTo("r");
        assertThatThrownBy(() -> new RepoRef(HostKind.GITHUB, "https://api.github.com", "o/r/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner/repo");
    }

    @Test
    void eachHostKindGetsItsClient() {
        try (ScmClient github = ScmClient.of(HostKind.GITHUB, ScmTestSupport.TOKEN, CommentClientOptions.DEFAULT);
             ScmClient gitlab = ScmClient.of(HostKind.GITLAB, ScmTestSupport.TOKEN, CommentClientOptions.DEFAULT)) {
            assertThat(github).isInstanceOf(GitHubClient.class);
            assertThat(gitlab).isInstanceOf(GitLabClient.class);
        }
    }
}
