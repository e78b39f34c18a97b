package io.ambient.jenkins.config;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import io.ambient.InvalidInputException;
import io.ambient.jenkins.testing.RendersPages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Folder overrides: the nearest folder wins for each value it sets, the rest is inherited. */
@WithJenkins
class AmbientFolderPropertyITest {
    private JenkinsRule j;
    private Folder team;
    private Folder app;
    private FreeStyleProject job;

    @BeforeEach
    void teamAndAppFolders(JenkinsRule rule) throws Exception {
        j = rule;
        AmbientConfigurationITest.configureEverything();
        team = j.jenkins.createProject(Folder.class, "team");
        app = team.createProject(Folder.class, "app");
        job = app.createProject(FreeStyleProject.class, "job");
    }

    private static AmbientFolderProperty property(String timeout, String image) {
        AmbientFolderProperty property = new AmbientFolderProperty();
        property.setDefaultTimeout(timeout);
        property.setDefaultImage(image);
        return property;
    }

    @Test
    @RendersPages
    void shouldHaveHelpForEveryField() throws Exception {
        j.assertHelpExists(AmbientFolderProperty.class, "profilesYaml,defaultImage,defaultTimeout,defaultMaxTurns,"
                + "defaultBudgetUsd,defaultNetwork,defaultEndpoint,trackingUrl,trackingCredentialsId,githubApiUrl,"
                + "githubCredentialsId,gitlabApiUrl,gitlabCredentialsId,forkPolicy");
    }

    @Test
    void shouldTakeEachValueFromTheNearestFolderThatSetsIt() throws Exception {
        team.addProperty(property("1h", "team/agents:1"));
        app.addProperty(property("10m", null));

        AmbientSettings settings = AmbientSettings.forJob(job);

        assertThat(settings.defaultTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.defaultImage()).isEqualTo("team/agents:1");
        assertThat(settings.defaultMaxTurns()).isEqualTo(40);
    }

    @Test
    void shouldTakeTheModelEndpointFromTheNearestFolderOverTheGlobalOne() throws Exception {
        AmbientConfiguration.get().setDefaultEndpoint("https://global-gw.example.com");
        AmbientFolderProperty property = new AmbientFolderProperty();
        property.setDefaultEndpoint("https://team-gw.example.com");
        team.addProperty(property);

        assertThat(AmbientSettings.forJob(job).defaultEndpoint()).isEqualTo("https://team-gw.example.com");
    }

    @Test
    void shouldRefuseADefaultEndpointThatIsNoHttpUrl() {
        assertThatThrownBy(() -> new AmbientFolderProperty().setDefaultEndpoint("gw.example:4000"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not an http(s) URL with a host");
    }

    @Test
    void shouldLetAFolderReplaceAnInheritedContextPackByName() throws Exception {
        AmbientFolderProperty property = new AmbientFolderProperty();
        ContextPackSource pack = new ContextPackSource("team-rules");
        pack.setYaml("rules: Use the team's lint rules.\n");
        ContextPackSource extra = new ContextPackSource("app-rules");
        extra.setYaml("rules: Keep the API stable.\n");
        property.setContextPacks(List.of(pack, extra));
        app.addProperty(property);

        AmbientSettings settings = AmbientSettings.forJob(job);

        assertThat(settings.contextPacks())
                .containsEntry("team-rules", "rules: Use the team's lint rules.")
                .containsEntry("app-rules", "rules: Keep the API stable.")
                .hasSize(2);
    }

    @Test
    void shouldRefuseFolderPacksThatNameControllerFiles() {
        ContextPackSource pack = new ContextPackSource("keys");
        pack.setPath("/var/jenkins_home/secrets/master.key");
        AmbientFolderProperty property = new AmbientFolderProperty();

        assertThatThrownBy(() -> property.setContextPacks(List.of(pack)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only Manage Jenkins");
    }

    @Test
    void shouldLetAFolderRefuseForkCommentsAllowedGlobally() throws Exception {
        AmbientFolderProperty property = new AmbientFolderProperty();
        property.setForkPolicy(AmbientFolderProperty.FORKS_REFUSE);
        team.addProperty(property);

        assertThat(AmbientSettings.forJob(job).allowForks()).isFalse();
    }

    @Test
    void shouldInheritForkCommentsByDefault() throws Exception {
        team.addProperty(new AmbientFolderProperty());

        assertThat(AmbientSettings.forJob(job).allowForks()).isTrue();
    }

    @Test
    @RendersPages
    void shouldSayOnTheFolderPageThatBlankFieldsInherit() throws Exception {
        app.addProperty(new AmbientFolderProperty());

        String page = j.createWebClient().getPage(app, "configure").asNormalizedText();

        assertThat(page).contains("Ambient agents: blank fields inherit from the enclosing folders, then Manage Jenkins")
                .contains("Agent profiles in YAML");
    }

    @Test
    @RendersPages
    void shouldKeepTheFolderSettingsThroughTheFolderConfigurationForm() throws Exception {
        AmbientFolderProperty property = property("10m", "app/agents:2");
        property.setGithubCredentialsId("app-github-token");
        property.setForkPolicy(AmbientFolderProperty.FORKS_REFUSE);
        app.addProperty(property);

        j.configRoundtrip((Item) app);

        AmbientFolderProperty after = app.getProperties().get(AmbientFolderProperty.class);
        assertThat(after.getDefaultTimeout()).isEqualTo("10m");
        assertThat(after.getDefaultImage()).isEqualTo("app/agents:2");
        assertThat(after.getGithubCredentialsId()).isEqualTo("app-github-token");
        assertThat(after.getForkPolicy()).isEqualTo(AmbientFolderProperty.FORKS_REFUSE);
    }
}
