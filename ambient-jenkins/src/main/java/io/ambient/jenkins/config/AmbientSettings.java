package io.ambient.jenkins.config;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import hudson.model.Item;
import hudson.model.ItemGroup;
import io.ambient.scm.HostKind;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Ambient settings in effect for one job: the global {@link AmbientConfiguration} overlaid by the
 * {@link AmbientFolderProperty} of each enclosing folder, the nearest folder winning for each value it sets. Context
 * packs merge by name (a folder's pack replaces an inherited pack of the same name). Immutable plain data, so it
 * can travel to an agent JVM.
 *
 * @param profilesYaml          agent profiles YAML (core's {@code profiles:} format), empty when none
 * @param contextPacks          pack name to pack YAML (core's single-file format)
 * @param defaultImage          container image when neither step nor profile names one, or null
 * @param defaultTimeout        run timeout when the step gives none, or null
 * @param defaultMaxTurns       turn limit when the step gives none, or null
 * @param defaultBudgetUsd      cost limit when the step gives none, or null
 * @param defaultNetwork        container network when the step gives none, or null
 * @param defaultEndpoint       model API base URL when neither step nor profile gives one, or null
 * @param maxConcurrentRuns     agent runs at once on this controller, 0 for no limit (global only)
 * @param trackingUrl           tracking endpoint, or null for no tracking
 * @param trackingCredentialsId secret-text credentials with the endpoint's bearer token, or null
 * @param githubApiUrl          GitHub API root overriding the one derived from {@code CHANGE_URL}, or null
 * @param githubCredentialsId   secret-text credentials with a GitHub token, or null
 * @param gitlabApiUrl          GitLab API root overriding the one derived from {@code CHANGE_URL}, or null
 * @param gitlabCredentialsId   secret-text credentials with a GitLab token, or null
 * @param allowForks            whether pull request comments are written, and pull requests opened, for changes
 *                              from forks
 */
public record AmbientSettings(String profilesYaml, Map<String, String> contextPacks, String defaultImage,
                              Duration defaultTimeout, Integer defaultMaxTurns, Double defaultBudgetUsd,
                              String defaultNetwork, String defaultEndpoint, int maxConcurrentRuns, String trackingUrl,
                              String trackingCredentialsId, String githubApiUrl, String githubCredentialsId,
                              String gitlabApiUrl, String gitlabCredentialsId, boolean allowForks)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public AmbientSettings {
        profilesYaml = profilesYaml == null ? "" : profilesYaml;
        contextPacks = Map.copyOf(contextPacks);
    }

    /** The API root configured for {@code host}, overriding the one derived from the build, or null. */
    public String apiUrl(HostKind host) {
        return host == HostKind.GITHUB ? githubApiUrl : gitlabApiUrl;
    }

    /** The secret-text credentials configured for {@code host}'s API token, or null. */
    public String credentialsId(HostKind host) {
        return host == HostKind.GITHUB ? githubCredentialsId : gitlabCredentialsId;
    }

    /** The settings in effect for {@code job}. */
    public static AmbientSettings forJob(Item job) {
        List<AmbientSettingsLayer> layers = new ArrayList<>();
        for (ItemGroup<?> group = job.getParent(); group instanceof AbstractFolder<?> folder;
             group = folder.getParent()) {
            AmbientFolderProperty property = folder.getProperties().get(AmbientFolderProperty.class);
            if (property != null) {
                layers.add(property);
            }
        }
        AmbientConfiguration global = AmbientConfiguration.get();
        layers.add(global);
        return of(layers, global.maxConcurrentRunLimit());
    }

    /**
     * Merges {@code layers}, nearest first (the global configuration last).
     *
     * @throws io.ambient.InvalidInputException when a saved value no longer parses or a pack file cannot be read
     */
    static AmbientSettings of(List<AmbientSettingsLayer> layers, int maxConcurrentRuns) {
        Map<String, String> packs = new LinkedHashMap<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            AmbientSettingsLayer layer = layers.get(i);
            for (ContextPackSource pack : layer.getContextPacks()) {
                packs.put(pack.getName(), pack.yamlText(layer.mayReadControllerFiles()));
            }
        }
        String timeout = nearest(layers, AmbientSettingsLayer::getDefaultTimeout);
        String maxTurns = nearest(layers, AmbientSettingsLayer::getDefaultMaxTurns);
        String budget = nearest(layers, AmbientSettingsLayer::getDefaultBudgetUsd);
        Boolean forks = nearest(layers, AmbientSettingsLayer::forkComments);
        return new AmbientSettings(nearest(layers, AmbientSettingsLayer::getProfilesYaml), packs,
                nearest(layers, AmbientSettingsLayer::getDefaultImage),
                timeout == null ? null : SettingChecks.duration(timeout, "default timeout"),
                maxTurns == null ? null : SettingChecks.positiveInt(maxTurns, "default max turns"),
                budget == null ? null : SettingChecks.positiveUsd(budget, "default budget"),
                nearest(layers, AmbientSettingsLayer::getDefaultNetwork),
                nearest(layers, AmbientSettingsLayer::getDefaultEndpoint), maxConcurrentRuns,
                nearest(layers, AmbientSettingsLayer::getTrackingUrl),
                nearest(layers, AmbientSettingsLayer::getTrackingCredentialsId),
                nearest(layers, AmbientSettingsLayer::getGithubApiUrl),
                nearest(layers, AmbientSettingsLayer::getGithubCredentialsId),
                nearest(layers, AmbientSettingsLayer::getGitlabApiUrl),
                nearest(layers, AmbientSettingsLayer::getGitlabCredentialsId),
                Boolean.TRUE.equals(forks));
    }

    private static <T> T nearest(List<AmbientSettingsLayer> layers, Function<AmbientSettingsLayer, T> value) {
        return layers.stream().map(value).filter(Objects::nonNull)
                .filter(v -> !(v instanceof String text) || !text.isBlank()).findFirst().orElse(null);
    }
}
