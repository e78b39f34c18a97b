package io.ambient.scm;

/** The kind of source-control host a change (pull request or merge request) lives on. */
public enum HostKind {
    /** github.com or GitHub Enterprise Server: pull requests, REST API v3. */
    GITHUB("GitHub"),
    /** GitLab (gitlab.com or self-managed): merge requests, REST API v4. */
    GITLAB("GitLab");

    private final String displayName;

    HostKind(String displayName) {
        this.displayName = displayName;
    }

    /** The host's name as users write it, for messages. */
    public String displayName() {
        return displayName;
    }
}
