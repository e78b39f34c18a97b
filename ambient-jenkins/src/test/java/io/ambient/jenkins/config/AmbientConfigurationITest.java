package io.ambient.jenkins.config;

import hudson.util.FormValidation;
import io.ambient.InvalidInputException;
import io.ambient.jenkins.testing.RendersPages;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Manage Jenkins &gt; System &gt; Ambient agents, through the real form. */
@WithJenkins
class AmbientConfigurationITest {
    static final String PROFILES = """
            profiles:
              claude-sonnet:
                agent: claude-code
                model: sonnet
                timeout: 30m
            """;

    static AmbientConfiguration configureEverything() {
        AmbientConfiguration config = AmbientConfiguration.get();
        config.setProfilesYaml(PROFILES);
        ContextPackSource pack = new ContextPackSource("team-rules");
        pack.setYaml("rules: Always run the tests.\n");
        config.setContextPacks(List.of(pack));
        config.setDefaultImage("registry.example.com/ambient/agents:1");
        config.setDefaultTimeout("30m");
        config.setDefaultMaxTurns("40");
        config.setDefaultBudgetUsd("2.5");
        config.setDefaultNetwork("none");
        config.setMaxConcurrentRuns("3");
        config.setTrackingUrl("https://tracking.example.com/api");
        config.setTrackingCredentialsId("tracking-token");
        config.setGithubApiUrl("https://github.example.com/api/v3");
        config.setGithubCredentialsId("github-token");
        config.setGitlabApiUrl("https://gitlab.example.com/api/v4");
        config.setGitlabCredentialsId("gitlab-token");
        config.setAllowForks(true);
        return config;
    }

    @Test
    @RendersPages
    void shouldLabelTheFieldsInFull(JenkinsRule j) throws Exception {
        // A "(...)" in a ${%...} label is an argument list to Jelly, and vanished from the page.
        String page = j.createWebClient().goTo("configure").asNormalizedText();

        assertThat(page).contains("Agent profiles in YAML").contains("Default budget in USD");
    }

    @Test
    @RendersPages
    void shouldKeepEverySettingThroughTheConfigurationForm(JenkinsRule j) throws Exception {
        configureEverything();

        j.configRoundtrip();

        AmbientConfiguration config = AmbientConfiguration.get();
        assertThat(config.getProfilesYaml()).isEqualTo(PROFILES.strip());
        assertThat(config.getContextPacks()).singleElement().satisfies(pack -> {
            assertThat(pack.getName()).isEqualTo("team-rules");
            assertThat(pack.getYaml()).isEqualTo("rules: Always run the tests.");
        });
        assertThat(config.getDefaultImage()).isEqualTo("registry.example.com/ambient/agents:1");
        assertThat(config.getDefaultTimeout()).isEqualTo("30m");
        assertThat(config.getDefaultMaxTurns()).isEqualTo("40");
        assertThat(config.getDefaultBudgetUsd()).isEqualTo("2.5");
        assertThat(config.getDefaultNetwork()).isEqualTo("none");
        assertThat(config.getMaxConcurrentRuns()).isEqualTo("3");
        assertThat(config.getTrackingUrl()).isEqualTo("https://tracking.example.com/api");
        assertThat(config.getTrackingCredentialsId()).isEqualTo("tracking-token");
        assertThat(config.getGithubApiUrl()).isEqualTo("https://github.example.com/api/v3");
        assertThat(config.getGithubCredentialsId()).isEqualTo("github-token");
        assertThat(config.getGitlabApiUrl()).isEqualTo("https://gitlab.example.com/api/v4");
        assertThat(config.getGitlabCredentialsId()).isEqualTo("gitlab-token");
        assertThat(config.isAllowForks()).isTrue();
    }

    @Test
    @RendersPages
    void shouldHaveHelpForEveryField(JenkinsRule j) throws Exception {
        j.assertHelpExists(AmbientConfiguration.class, "profilesYaml,defaultImage,defaultTimeout,defaultMaxTurns,"
                + "defaultBudgetUsd,defaultNetwork,defaultEndpoint,maxConcurrentRuns,trackingUrl,trackingCredentialsId,"
                + "githubApiUrl,githubCredentialsId,gitlabApiUrl,gitlabCredentialsId,allowForks");
        j.assertHelpExists(ContextPackSource.class, "name,yaml,path");
    }

    @Test
    void shouldKeepTheSettingsAcrossARestart(JenkinsRule j) throws Exception {
        configureEverything();

        AmbientConfiguration reloaded = new AmbientConfiguration();

        assertThat(reloaded.getProfilesYaml()).isEqualTo(PROFILES.strip());
        assertThat(reloaded.getContextPacks()).extracting(ContextPackSource::getName).containsExactly("team-rules");
        assertThat(reloaded.getMaxConcurrentRuns()).isEqualTo("3");
    }

    @Test
    void shouldGiveJobsTheGlobalSettingsWhenNoFolderOverrides(JenkinsRule j) throws Exception {
        configureEverything();

        AmbientSettings settings = AmbientSettings.forJob(j.createFreeStyleProject("p"));

        assertThat(settings.profilesYaml()).isEqualTo(PROFILES.strip());
        assertThat(settings.contextPacks()).containsEntry("team-rules", "rules: Always run the tests.");
        assertThat(settings.defaultTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.defaultMaxTurns()).isEqualTo(40);
        assertThat(settings.defaultBudgetUsd()).isEqualTo(2.5);
        assertThat(settings.maxConcurrentRuns()).isEqualTo(3);
        assertThat(settings.allowForks()).isTrue();
    }

    @Test
    void shouldShowCoreErrorForProfilesWithoutAnAgent(JenkinsRule j) {
        FormValidation check = AmbientConfiguration.get()
                .doCheckProfilesYaml("profiles:\n  reviewer:\n    model: sonnet\n");

        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(check.getMessage()).contains("reviewer").contains("has no agent")
                .doesNotContain("ambient-profiles-");
    }

    @Test
    void shouldRefuseProfilesWithoutAnAgentFromAnySource(JenkinsRule j) {
        assertThatThrownBy(() -> AmbientConfiguration.get().setProfilesYaml("profiles:\n  reviewer: {model: x}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("has no agent");
    }

    @Test
    void shouldRefuseAMalformedTimeout(JenkinsRule j) {
        assertThat(AmbientConfiguration.get().doCheckDefaultTimeout("soon").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void shouldRefuseATrackingUrlWithCredentialsInIt(JenkinsRule j) {
        FormValidation check = AmbientConfiguration.get().doCheckTrackingUrl("https://user:pw@tracking.example.com");

        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(check.getMessage()).contains("credentials id");
    }

    @Test
    void shouldShowCoreErrorForAnInvalidContextPack(JenkinsRule j) {
        ContextPackSource.DescriptorImpl descriptor =
                j.jenkins.getDescriptorByType(ContextPackSource.DescriptorImpl.class);

        FormValidation check = descriptor.doCheckYaml("mcpServers:\n  jira: {type: carrier-pigeon}\n");

        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(check.getMessage()).contains("unknown type").contains("carrier-pigeon");
    }
}
