package io.ambient.jenkins.config;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.hudson.plugins.folder.AbstractFolderProperty;
import com.cloudbees.hudson.plugins.folder.AbstractFolderPropertyDescriptor;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.ambient.InvalidInputException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A folder's overrides of the {@linkplain AmbientConfiguration global Ambient settings}, for the jobs inside it (at
 * any depth; the nearest folder that sets a value wins). Blank fields inherit. The per-controller run limit is not
 * here: it protects the controller, not a team.
 */
public class AmbientFolderProperty extends AbstractFolderProperty<AbstractFolder<?>> implements AmbientSettingsLayer {
    /** Fork comments: take the parent's choice. */
    public static final String FORKS_INHERIT = "inherit";
    /** Fork comments: write them. */
    public static final String FORKS_ALLOW = "allow";
    /** Fork comments: never write them. */
    public static final String FORKS_REFUSE = "refuse";

    private String profilesYaml;
    private List<ContextPackSource> contextPacks = new ArrayList<>();
    private String defaultImage;
    private String defaultTimeout;
    private String defaultMaxTurns;
    private String defaultBudgetUsd;
    private String defaultNetwork;
    private String defaultEndpoint;
    private String trackingUrl;
    private String trackingCredentialsId;
    private String githubApiUrl;
    private String githubCredentialsId;
    private String gitlabApiUrl;
    private String gitlabCredentialsId;
    private String forkPolicy = FORKS_INHERIT;

    @DataBoundConstructor
    public AmbientFolderProperty() {
        // every setting is optional
    }

    @Override
    public String getProfilesYaml() {
        return profilesYaml;
    }

    @DataBoundSetter
    public void setProfilesYaml(String profilesYaml) {
        this.profilesYaml = SettingChecks.accepted(profilesYaml, SettingChecks.PROFILES);
    }

    @Override
    public List<ContextPackSource> getContextPacks() {
        return contextPacks == null ? List.of() : contextPacks; // null when loaded from an older folder config
    }

    @DataBoundSetter
    public void setContextPacks(List<ContextPackSource> contextPacks) {
        contextPacks.forEach(pack -> pack.requireInline("a folder"));
        this.contextPacks = new ArrayList<>(contextPacks);
    }

    @Override
    public String getDefaultImage() {
        return defaultImage;
    }

    @DataBoundSetter
    public void setDefaultImage(String defaultImage) {
        this.defaultImage = Util.fixEmptyAndTrim(defaultImage);
    }

    @Override
    public String getDefaultTimeout() {
        return defaultTimeout;
    }

    @DataBoundSetter
    public void setDefaultTimeout(String defaultTimeout) {
        this.defaultTimeout = SettingChecks.accepted(defaultTimeout, SettingChecks.TIMEOUT);
    }

    @Override
    public String getDefaultMaxTurns() {
        return defaultMaxTurns;
    }

    @DataBoundSetter
    public void setDefaultMaxTurns(String defaultMaxTurns) {
        this.defaultMaxTurns = SettingChecks.accepted(defaultMaxTurns, SettingChecks.MAX_TURNS);
    }

    @Override
    public String getDefaultBudgetUsd() {
        return defaultBudgetUsd;
    }

    @DataBoundSetter
    public void setDefaultBudgetUsd(String defaultBudgetUsd) {
        this.defaultBudgetUsd = SettingChecks.accepted(defaultBudgetUsd, SettingChecks.BUDGET);
    }

    @Override
    public String getDefaultNetwork() {
        return defaultNetwork;
    }

    @DataBoundSetter
    public void setDefaultNetwork(String defaultNetwork) {
        this.defaultNetwork = Util.fixEmptyAndTrim(defaultNetwork);
    }

    @Override
    public String getDefaultEndpoint() {
        return defaultEndpoint;
    }

    @DataBoundSetter
    public void setDefaultEndpoint(String defaultEndpoint) {
        this.defaultEndpoint = SettingChecks.accepted(defaultEndpoint, SettingChecks.ENDPOINT);
    }

    @Override
    public String getTrackingUrl() {
        return trackingUrl;
    }

    @DataBoundSetter
    public void setTrackingUrl(String trackingUrl) {
        this.trackingUrl = SettingChecks.accepted(trackingUrl, SettingChecks.TRACKING_URL);
    }

    @Override
    public String getTrackingCredentialsId() {
        return trackingCredentialsId;
    }

    @DataBoundSetter
    public void setTrackingCredentialsId(String trackingCredentialsId) {
        this.trackingCredentialsId = Util.fixEmptyAndTrim(trackingCredentialsId);
    }

    @Override
    public String getGithubApiUrl() {
        return githubApiUrl;
    }

    @DataBoundSetter
    public void setGithubApiUrl(String githubApiUrl) {
        this.githubApiUrl = SettingChecks.accepted(githubApiUrl, SettingChecks.GITHUB_URL);
    }

    @Override
    public String getGithubCredentialsId() {
        return githubCredentialsId;
    }

    @DataBoundSetter
    public void setGithubCredentialsId(String githubCredentialsId) {
        this.githubCredentialsId = Util.fixEmptyAndTrim(githubCredentialsId);
    }

    @Override
    public String getGitlabApiUrl() {
        return gitlabApiUrl;
    }

    @DataBoundSetter
    public void setGitlabApiUrl(String gitlabApiUrl) {
        this.gitlabApiUrl = SettingChecks.accepted(gitlabApiUrl, SettingChecks.GITLAB_URL);
    }

    @Override
    public String getGitlabCredentialsId() {
        return gitlabCredentialsId;
    }

    @DataBoundSetter
    public void setGitlabCredentialsId(String gitlabCredentialsId) {
        this.gitlabCredentialsId = Util.fixEmptyAndTrim(gitlabCredentialsId);
    }

    /** {@value #FORKS_INHERIT}, {@value #FORKS_ALLOW} or {@value #FORKS_REFUSE}. */
    public String getForkPolicy() {
        return forkPolicy == null ? FORKS_INHERIT : forkPolicy;
    }

    @DataBoundSetter
    public void setForkPolicy(String forkPolicy) {
        String value = Util.fixEmptyAndTrim(forkPolicy);
        if (value == null) {
            value = FORKS_INHERIT;
        }
        if (!List.of(FORKS_INHERIT, FORKS_ALLOW, FORKS_REFUSE).contains(value)) {
            throw new InvalidInputException("invalid fork policy '" + forkPolicy + "': use "
                    + FORKS_INHERIT + ", " + FORKS_ALLOW + " or " + FORKS_REFUSE);
        }
        this.forkPolicy = value;
    }

    @Override
    public Boolean forkComments() {
        return switch (getForkPolicy()) {
            case FORKS_ALLOW -> Boolean.TRUE;
            case FORKS_REFUSE -> Boolean.FALSE;
            default -> null;
        };
    }

    @Override
    public boolean mayReadControllerFiles() {
        return false;
    }

    /** Form validation and lists; permission-checked against the folder being configured. */
    @Extension
    @Symbol("ambient")
    public static final class DescriptorImpl extends AbstractFolderPropertyDescriptor {
        /** The settings a folder shares with Manage Jenkins: their help is the global page's, not a copy of it. */
        private static final List<String> SHARED_FIELDS = List.of("profilesYaml", "defaultImage", "defaultTimeout",
                "defaultMaxTurns", "defaultBudgetUsd", "defaultNetwork", "defaultEndpoint", "trackingUrl", "trackingCredentialsId",
                "githubApiUrl", "githubCredentialsId", "gitlabApiUrl", "gitlabCredentialsId");

        public DescriptorImpl() {
            SHARED_FIELDS.forEach(field -> addHelpFileRedirect(field, AmbientConfiguration.class, field));
        }

        @Override
        public String getDisplayName() {
            return "Ambient agents";
        }

        @POST
        public FormValidation doCheckProfilesYaml(@AncestorInPath Item item, @QueryParameter String value) {
            return configureCheck(item, value, SettingChecks.PROFILES);
        }

        @POST
        public FormValidation doCheckDefaultTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return configureCheck(item, value, SettingChecks.TIMEOUT);
        }

        @POST
        public FormValidation doCheckDefaultMaxTurns(@AncestorInPath Item item, @QueryParameter String value) {
            return configureCheck(item, value, SettingChecks.MAX_TURNS);
        }

        @POST
        public FormValidation doCheckDefaultBudgetUsd(@AncestorInPath Item item, @QueryParameter String value) {
            return configureCheck(item, value, SettingChecks.BUDGET);
        }

        @POST
        public FormValidation doCheckDefaultEndpoint(@AncestorInPath Item item, @QueryParameter String value) {
            return configureCheck(item, value, SettingChecks.ENDPOINT);
        }

        @POST
        public FormValidation doCheckTrackingUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return configureCheck(item, value, SettingChecks.TRACKING_URL);
        }

        @POST
        public FormValidation doCheckGithubApiUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return configureCheck(item, value, SettingChecks.GITHUB_URL);
        }

        @POST
        public FormValidation doCheckGitlabApiUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return configureCheck(item, value, SettingChecks.GITLAB_URL);
        }

        @POST
        public ListBoxModel doFillTrackingCredentialsIdItems(@AncestorInPath Item item,
                                                             @QueryParameter String trackingCredentialsId) {
            return CredentialsLists.forItem(item, trackingCredentialsId);
        }

        @POST
        public ListBoxModel doFillGithubCredentialsIdItems(@AncestorInPath Item item,
                                                           @QueryParameter String githubCredentialsId) {
            return CredentialsLists.forItem(item, githubCredentialsId);
        }

        @POST
        public ListBoxModel doFillGitlabCredentialsIdItems(@AncestorInPath Item item,
                                                           @QueryParameter String gitlabCredentialsId) {
            return CredentialsLists.forItem(item, gitlabCredentialsId);
        }

        @POST
        public ListBoxModel doFillForkPolicyItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("Inherit from the parent folder or global setting", FORKS_INHERIT);
            items.add("Write comments and open pull requests for forks", FORKS_ALLOW);
            items.add("Never write comments or open pull requests for forks", FORKS_REFUSE);
            return items;
        }

        private static FormValidation configureCheck(Item item, String value, Consumer<String> check) {
            if (item == null || !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            return SettingChecks.form(value, check);
        }
    }
}
