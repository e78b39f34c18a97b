package io.ambient.jenkins.config;

import java.util.List;

/**
 * One level of Ambient settings: the global {@link AmbientConfiguration} or a folder's {@link AmbientFolderProperty}.
 * A null or blank value is "not set at this level"; {@link AmbientSettings#forJob} takes each value from the nearest
 * level that sets it.
 */
public interface AmbientSettingsLayer {

    /** Agent profiles YAML (core's {@code profiles:} format). */
    String getProfilesYaml();

    /** Context packs; at the folder level they add to and replace (by name) the inherited ones. */
    List<ContextPackSource> getContextPacks();

    String getDefaultImage();

    /** A duration such as {@code 30m}. */
    String getDefaultTimeout();

    /** A whole number, as typed. */
    String getDefaultMaxTurns();

    /** US dollars, as typed. */
    String getDefaultBudgetUsd();

    String getDefaultNetwork();

    /** The model API's base URL (a gateway, a proxy), as typed. */
    String getDefaultEndpoint();

    String getTrackingUrl();

    String getTrackingCredentialsId();

    String getGithubApiUrl();

    String getGithubCredentialsId();

    String getGitlabApiUrl();

    String getGitlabCredentialsId();

    /** Whether pull request comments are written, and pull requests opened, for changes from forks; null inherits. */
    Boolean forkComments();

    /**
     * Whether this level's context packs may name files on the controller. Only the global level may: whoever
     * configures a folder must not be able to hand controller files (keys, secrets) to an agent.
     */
    boolean mayReadControllerFiles();
}
