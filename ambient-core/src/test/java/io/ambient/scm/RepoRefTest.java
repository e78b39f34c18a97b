package io.ambient.scm;

import io.ambient.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepoRefTest {

    @ParameterizedTest
    @CsvSource({
            "https://github.com/acme/app.git, GITHUB, https://api.github.com, acme/app",
            "https://ci-bot:secret@github.com/acme/app, GITHUB, https://api.github.com, acme/app",
            "git@github.com:acme/app.git, GITHUB, https://api.github.com, acme/app",
            "ssh://git@github.com:22/acme/app.git, GITHUB, https://api.github.com, acme/app",
            "https://gitlab.com/group/sub/project.git, GITLAB, https://gitlab.com/api/v4, group/sub/project",
            "git@gitlab.com:group/project.git, GITLAB, https://gitlab.com/api/v4, group/project"})
    void aCloneUrlOnAKnownHostNamesItsRepository(String url, HostKind host, String api, String project) {
        RepoRef repo = RepoRef.fromGitUrl(url, null);

        assertThat(repo).isEqualTo(new RepoRef(host, api, project));
    }

    @Test
    void anotherHostIsGitHubEnterpriseOrGitLabAsTold() {
        assertThat(RepoRef.fromGitUrl("https://git.corp.example/team/app.git", HostKind.GITHUB).apiBaseUrl())
                .isEqualTo("https://git.corp.example/api/v3");
        assertThat(RepoRef.fromGitUrl("git@code.corp.example:team/app.git", HostKind.GITLAB).apiBaseUrl())
                .isEqualTo("https://code.corp.example/api/v4");
    }

    @Test
    void anotherHostWithoutItsKindIsBadInputNamingTheFix() {
        assertThatThrownBy(() -> RepoRef.fromGitUrl("https://git.corp.example/team/app.git", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--github or --gitlab");
    }

    @Test
    void aUrlWithoutAPathIsBadInput() {
        assertThatThrownBy(() -> RepoRef.fromGitUrl("/srv/git/app.git", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("expected https://HOST/OWNER/REPO.git");
    }

    @Test
    void aRefusedUrlIsNotEchoedWithItsCredentials() {
        assertThatThrownBy(() -> RepoRef.fromGitUrl("https://ci-bot:s3cret-token@github.com/acme", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("github.com/acme")
                .hasMessageNotContaining("s3cret-token");
        assertThatThrownBy(() -> RepoRef.fromGitUrl("https://ci-bot:s3cret-token@github.com", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("github.com")
                .hasMessageNotContaining("s3cret-token");
    }
}
