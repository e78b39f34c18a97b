package io.ambient.scm;

import java.util.Objects;

/**
 * Where the agent's branch goes and the credentials to get there. The token is only ever handed to JGit's HTTP
 * transport as a password: it is never put in a URL, a git config file, a message or {@link #toString()}.
 *
 * @param url      the remote: {@code https://host/owner/repo.git}, {@code ssh://...}, {@code git@host:path} or a
 *                 local path. Must not carry a password
 * @param host     the kind of host, for the hints in error messages; {@code null} for a plain git server
 * @param username the user name sent with the token over HTTPS
 * @param token    the access token, or {@code null} (local paths, ssh keys, anonymous servers)
 */
public record AgentBranchRemote(String url, HostKind host, String username, String token) {
    /** The user name GitHub expects with an installation or personal access token. */
    public static final String GITHUB_USER = "x-access-token";
    /** The user name GitLab expects with an OAuth, personal, project or group access token. */
    public static final String GITLAB_USER = "oauth2";

    public AgentBranchRemote {
        Objects.requireNonNull(url, "url");
    }

    /** A remote on {@code host} reached with {@code token}, under the user name that host expects. */
    public static AgentBranchRemote withToken(HostKind host, String url, String token) {
        return new AgentBranchRemote(url, host, host == HostKind.GITLAB ? GITLAB_USER : GITHUB_USER, token);
    }

    /** A remote that needs no token: a local path, or ssh with the user's keys. */
    public static AgentBranchRemote withoutToken(String url) {
        return new AgentBranchRemote(url, null, null, null);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "AgentBranchRemote[url=" + url + ", host=" + host + ", username=" + username
                + ", token=" + (token == null ? "none" : "****") + "]";
    }
}
