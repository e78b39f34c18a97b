package io.ambient.jenkins.config;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration as Code: the documented example imports, and what is imported exports again. */
@WithJenkinsConfiguredWithCode
class AmbientConfigurationJCasCITest {
    // The example users copy: the test applies the very file the documentation shows.
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "jenkins-casc.yaml");

    @Test
    @ConfiguredWithCode("ambient-minimal.yaml")
    void shouldImportTheSettingsUnderUnclassifiedAmbient(JenkinsConfiguredWithCodeRule r) {
        AmbientConfiguration config = AmbientConfiguration.get();

        assertThat(config.getDefaultImage()).isEqualTo("registry.example.com/ambient/agents:2");
        assertThat(config.getMaxConcurrentRuns()).isEqualTo("2");
        assertThat(config.isAllowForks()).isTrue();
    }

    @Test
    @ConfiguredWithCode("ambient-minimal.yaml")
    void shouldExportTheImportedSettings(JenkinsConfiguredWithCodeRule r) throws Exception {
        String exported = r.exportToString(true);

        assertThat(exported).contains("ambient:").contains("registry.example.com/ambient/agents:2")
                .contains("maxConcurrentRuns: \"2\"").contains("allowForks: true");
    }

    @Test
    void shouldApplyEveryKeyOfTheDocumentedExample(JenkinsConfiguredWithCodeRule r) throws Exception {
        ConfigurationAsCode.get().configure(EXAMPLE.toAbsolutePath().toUri().toString());

        AmbientConfiguration config = AmbientConfiguration.get();
        assertThat(config.getProfilesYaml()).contains("claude-sonnet:").contains("codex-fast:");
        assertThat(config.getContextPacks()).extracting(ContextPackSource::getName)
                .containsExactly("team-rules", "security");
        assertThat(config.getContextPacks().get(0).getYaml()).contains("Always run the tests")
                .contains("${SHARD_PATHS}");
        assertThat(config.getContextPacks().get(1).getPath())
                .isEqualTo("/var/jenkins_home/ambient/packs/security.yaml");
        assertThat(config.getDefaultImage()).isEqualTo("registry.example.com/ambient/agents:1");
        assertThat(config.getDefaultTimeout()).isEqualTo("30m");
        assertThat(config.getDefaultMaxTurns()).isEqualTo("40");
        assertThat(config.getDefaultBudgetUsd()).isEqualTo("5");
        assertThat(config.getDefaultNetwork()).isEqualTo("bridge");
        assertThat(config.getMaxConcurrentRuns()).isEqualTo("4");
        assertThat(config.getTrackingUrl()).isEqualTo("https://tracking.example.com/api");
        assertThat(config.getTrackingCredentialsId()).isEqualTo("ambient-tracking-token");
        assertThat(config.getGithubApiUrl()).isEqualTo("https://github.example.com/api/v3");
        assertThat(config.getGithubCredentialsId()).isEqualTo("github-comment-token");
        assertThat(config.getGitlabApiUrl()).isEqualTo("https://gitlab.example.com/api/v4");
        assertThat(config.getGitlabCredentialsId()).isEqualTo("gitlab-comment-token");
        assertThat(config.isAllowForks()).isFalse();
    }
}
