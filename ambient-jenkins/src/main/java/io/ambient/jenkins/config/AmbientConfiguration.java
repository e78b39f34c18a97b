package io.ambient.jenkins.config;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Manage Jenkins &gt; System &gt; Ambient agents: the controller-wide settings, overridden per folder by
 * {@link AmbientFolderProperty}. Every setting is a {@link DataBoundSetter} property, so Configuration as Code
 * reads and writes all of it under {@code unclassified: ambient:}. Setters validate with core's own parsers: an
 * invalid value is refused with core's message whether it comes from the form or from a YAML file.
 */
@Extension
@Symbol("ambient")
public class AmbientConfiguration extends GlobalConfiguration implements AmbientSettingsLayer {
    /** Agent runs at once on this controller when the administrator does not say. */
    public static final int DEFAULT_MAX_CONCURRENT_RUNS = 4;

    private String profilesYaml;
    private List<ContextPackSource> contextPacks = new ArrayList<>();
    private String defaultImage;
    private String defaultTimeout;
    private String defaultMaxTurns;
    private String defaultBudgetUsd;
    private String defaultNetwork;
    private String defaultEndpoint;
    private String maxConcurrentRuns;
    private String trackingUrl;
    private String trackingCredentialsId;
    private String githubApiUrl;
    private String githubCredentialsId;
    private String gitlabApiUrl;
    private String gitlabCredentialsId;
    private boolean allowForks;

    public AmbientConfiguration() {
        load();
    }

    /** The singleton. */
    public static AmbientConfiguration get() {
        return ExtensionList.lookupSingleton(AmbientConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return "Ambient agents";
    }

    /** Empties the lists first: an emptied repeatable list never calls its setter. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        setContextPacks(new ArrayList<>());
        return super.configure(req, json);
    }

    @Override
    public String getProfilesYaml() {
        return profilesYaml;
    }

    @DataBoundSetter
    public void setProfilesYaml(String profilesYaml) {
        this.profilesYaml = SettingChecks.accepted(profilesYaml, SettingChecks.PROFILES);
        save();
    }

    @Override
    public List<ContextPackSource> getContextPacks() {
        return contextPacks;
    }

    @DataBoundSetter
    public void setContextPacks(List<ContextPackSource> contextPacks) {
        this.contextPacks = new ArrayList<>(contextPacks);
        save();
    }

    @Override
    public String getDefaultImage() {
        return defaultImage;
    }

    @DataBoundSetter
    public void setDefaultImage(String defaultImage) {
        this.defaultImage = Util.fixEmptyAndTrim(defaultImage);
        save();
    }

    @Override
    public String getDefaultTimeout() {
        return defaultTimeout;
    }

    @DataBoundSetter
    public void setDefaultTimeout(String defaultTimeout) {
        this.defaultTimeout = SettingChecks.accepted(defaultTimeout, SettingChecks.TIMEOUT);
        save();
    }

    @Override
    public String getDefaultMaxTurns() {
        return defaultMaxTurns;
    }

    @DataBoundSetter
    public void setDefaultMaxTurns(String defaultMaxTurns) {
        this.defaultMaxTurns = SettingChecks.accepted(defaultMaxTurns, SettingChecks.MAX_TURNS);
        save();
    }

    @Override
    public String getDefaultBudgetUsd() {
        return defaultBudgetUsd;
    }

    @DataBoundSetter
    public void setDefaultBudgetUsd(String defaultBudgetUsd) {
        this.defaultBudgetUsd = SettingChecks.accepted(defaultBudgetUsd, SettingChecks.BUDGET);
        save();
    }

    @Override
    public String getDefaultNetwork() {
        return defaultNetwork;
    }

    @DataBoundSetter
    public void setDefaultNetwork(String defaultNetwork) {
        this.defaultNetwork = Util.fixEmptyAndTrim(defaultNetwork);
        save();
    }

    @Override
    public String getDefaultEndpoint() {
        return defaultEndpoint;
    }

    @DataBoundSetter
    public void setDefaultEndpoint(String defaultEndpoint) {
        this.defaultEndpoint = SettingChecks.accepted(defaultEndpoint, SettingChecks.ENDPOINT);
        save();
    }

    /**
     * Agent runs at once on this controller, as typed: blank for the default ({@value #DEFAULT_MAX_CONCURRENT_RUNS}),
     * {@code 0} for no limit. Text, so that "not set" is an empty field rather than a field initialiser that loading
     * the saved XML would not override, and so that the form shows a 0 (Jelly's {@code ?:} hides a numeric 0).
     */
    public String getMaxConcurrentRuns() {
        return maxConcurrentRuns;
    }

    @DataBoundSetter
    public void setMaxConcurrentRuns(String maxConcurrentRuns) {
        this.maxConcurrentRuns = SettingChecks.accepted(maxConcurrentRuns, SettingChecks.MAX_RUNS);
        save();
    }

    /** The run limit as a number, 0 for none. */
    public int maxConcurrentRunLimit() {
        return maxConcurrentRuns == null ? DEFAULT_MAX_CONCURRENT_RUNS
                : SettingChecks.wholeNumber(maxConcurrentRuns, "max concurrent runs", 0);
    }

    @Override
    public String getTrackingUrl() {
        return trackingUrl;
    }

    @DataBoundSetter
    public void setTrackingUrl(String trackingUrl) {
        this.trackingUrl = SettingChecks.accepted(trackingUrl, SettingChecks.TRACKING_URL);
        save();
    }

    @Override
    public String getTrackingCredentialsId() {
        return trackingCredentialsId;
    }

    @DataBoundSetter
    public void setTrackingCredentialsId(String trackingCredentialsId) {
        this.trackingCredentialsId = Util.fixEmptyAndTrim(trackingCredentialsId);
        save();
    }

    @Override
    public String getGithubApiUrl() {
        return githubApiUrl;
    }

    @DataBoundSetter
    public void setGithubApiUrl(String githubApiUrl) {
        this.githubApiUrl = SettingChecks.accepted(githubApiUrl, SettingChecks.GITHUB_URL);
        save();
    }

    @Override
    public String getGithubCredentialsId() {
        return githubCredentialsId;
    }

    @DataBoundSetter
    public void setGithubCredentialsId(String githubCredentialsId) {
        this.githubCredentialsId = Util.fixEmptyAndTrim(githubCredentialsId);
        save();
    }

    @Override
    public String getGitlabApiUrl() {
        return gitlabApiUrl;
    }

    @DataBoundSetter
    public void setGitlabApiUrl(String gitlabApiUrl) {
        this.gitlabApiUrl = SettingChecks.accepted(gitlabApiUrl, SettingChecks.GITLAB_URL);
        save();
    }

    @Override
    public String getGitlabCredentialsId() {
        return gitlabCredentialsId;
    }

    @DataBoundSetter
    public void setGitlabCredentialsId(String gitlabCredentialsId) {
        this.gitlabCredentialsId = Util.fixEmptyAndTrim(gitlabCredentialsId);
        save();
    }

    /**
     * Whether pull request comments are written, and pull requests opened, for changes from forks (off: a fork's code
     * made the result).
     */
    public boolean isAllowForks() {
        return allowForks;
    }

    @DataBoundSetter
    public void setAllowForks(boolean allowForks) {
        this.allowForks = allowForks;
        save();
    }

    @Override
    public Boolean forkComments() {
        return allowForks;
    }

    @Override
    public boolean mayReadControllerFiles() {
        return true;
    }

    // ------------------------------------------------------------------ form validation and lists

    @POST
    public FormValidation doCheckProfilesYaml(@QueryParameter String value) {
        return adminCheck(value, SettingChecks.PROFILES);
    }

    @POST
    public FormValidation doCheckDefaultTimeout(@QueryParameter String value) {
        return adminCheck(value, SettingChecks.TIMEOUT);
    }

    @POST
    public FormValidation doCheckDefaultMaxTurns(@QueryParameter String value) {
        return adminCheck(value, SettingChecks.MAX_TURNS);
    }

    @POST
    public FormValidation doCheckDefaultBudgetUsd(@QueryParameter String value) {
        return adminCheck(value, SettingChecks.BUDGET);
    }

    @POST
    public FormValidation doCheckDefaultEndpoint(@QueryParameter String value) {
        return adminCheck(value, SettingChecks.ENDPOINT);
    }

    @POST
    public FormValidation doCheckMaxConcurrentRuns(@QueryParameter String value) {
        return adminCheck(value, SettingChecks.MAX_RUNS);
    }

    @POST
    public FormValidation doCheckTrackingUrl(@QueryParameter String value) {
        return adminCheck(value, SettingChecks.TRACKING_URL);
    }

    @POST
    public FormValidation doCheckGithubApiUrl(@QueryParameter String value) {
        return adminCheck(value, SettingChecks.GITHUB_URL);
    }

    @POST
    public FormValidation doCheckGitlabApiUrl(@QueryParameter String value) {
        return adminCheck(value, SettingChecks.GITLAB_URL);
    }

    @POST
    public ListBoxModel doFillTrackingCredentialsIdItems(@QueryParameter String trackingCredentialsId) {
        return CredentialsLists.global(trackingCredentialsId);
    }

    @POST
    public ListBoxModel doFillGithubCredentialsIdItems(@QueryParameter String githubCredentialsId) {
        return CredentialsLists.global(githubCredentialsId);
    }

    @POST
    public ListBoxModel doFillGitlabCredentialsIdItems(@QueryParameter String gitlabCredentialsId) {
        return CredentialsLists.global(gitlabCredentialsId);
    }

    private static FormValidation adminCheck(String value, Consumer<String> check) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        return SettingChecks.form(value, check);
    }
}
