package io.ambient.scm;

import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.testing.GitRepos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentPullRequestTest {
    @TempDir
    Path tmp;

    @Test
    void theTitleIsThePromptsFirstLineShortened() {
        assertThat(AgentPullRequest.title(report("Fix the typo\nin the README"))).isEqualTo("ambient: Fix the typo");
        assertThat(AgentPullRequest.title(report("x".repeat(200)))).hasSize(AgentPullRequest.TITLE_CHARS).endsWith("…");
        assertThat(AgentPullRequest.title(report("  "))).isEqualTo("ambient: agent changes");
    }

    @Test
    void aShortenedTitleNeverEndsInHalfACharacter() {
        // "ambient: " and 61 letters leave room for half of the first emoji (two UTF-16 chars) only.
        String title = AgentPullRequest.title(report("x".repeat(61) + "\uD83D\uDE00".repeat(10)));

        assertThat(title).isEqualTo("ambient: " + "x".repeat(61) + "…");
    }

    @Test
    void theBaseBranchIsTheChangesTargetThenTheBuildsBranch() {
        assertThat(AgentPullRequest.baseBranch(Map.of("CHANGE_TARGET", "main", "BRANCH_NAME", "PR-3"))).isEqualTo("main");
        assertThat(AgentPullRequest.baseBranch(Map.of("BRANCH_NAME", "develop"))).isEqualTo("develop");
        assertThat(AgentPullRequest.baseBranch(Map.of("GIT_BRANCH", "origin/release/1.x"))).isEqualTo("release/1.x");
        assertThat(AgentPullRequest.baseBranch(Map.of())).isNull();
    }

    @Test
    void theRemoteIsTheWorkspacesOrigin() throws Exception {
        Path repo = GitRepos.sample(tmp.resolve("repo"));
        assertThat(AgentPullRequest.originUrl(repo)).isNull();

        GitRepos.git(repo, "remote", "add", "origin", "https://github.com/acme/app.git");

        assertThat(AgentPullRequest.originUrl(repo)).isEqualTo("https://github.com/acme/app.git");
    }

    private static RunReport report(String prompt) {
        return RunReport.builder().runId("r").agent("command").prompt(prompt).status(RunStatus.SUCCEEDED)
                .startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH).build();
    }
}
