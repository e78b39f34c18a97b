package io.ambient.jenkins.config;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration as Code: the documented example imports, and what is imported exports again. The plugin's own API
 * ({@code ConfigurationAsCode.configure} and {@code export}), as an administrator's reload and export use it.
 */
@WithJenkins
class AmbientConfigurationJCasCITest {
    // The example users copy: the test applies the very file the documentation shows. Maven runs the tests in the
    // module's directory; a runner that does not says where the docs are (ambient.docs.dir).
    private static final Path EXAMPLE = Path.of(System.getProperty("ambient.docs.dir", "../docs"), "examples",
            "jenkins-casc.yaml");

    private static void configureMinimal() throws Exception {
        ConfigurationAsCode.get().configure(
                AmbientConfigurationJCasCITest.class.getResource("ambient-minimal.yaml").toExternalForm());
    }

    @Test
    void shouldImportTheSettingsUnderUnclassifiedAmbient(JenkinsRule r) throws Exception {
        configureMinimal();

        AmbientConfiguration config = AmbientConfiguration.get();

        assertThat(config.getDefaultImage()).isEqualTo("registry.example.com/ambient/agents:2");
        assertThat(config.getMaxConcurrentRuns()).isEqualTo("2");
        assertThat(config.isAllowForks()).isTrue();
    }

    @Test
    void shouldExportTheImportedSettings(JenkinsRule r) throws Exception {
        configureMinimal();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfigurationAsCode.get().export(out);
        String exported = out.toString(StandardCharsets.UTF_8);

        assertThat(exported).contains("ambient:").contains("registry.example.com/ambient/agents:2")
                .contains("maxConcurrentRuns: \"2\"").contains("allowForks: true");
    }

    @Test
    void shouldApplyEveryKeyOfTheDocumentedExample(JenkinsRule r) throws Exception {
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
