package io.ambient.scm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A repository on a host, without a change: where a pull or merge request is opened.
 *
 * @param host       GitHub or GitLab
 * @param apiBaseUrl the REST API root without a trailing slash: {@code https://api.github.com},
 *                   {@code https://HOST/api/v3} (GitHub Enterprise), {@code https://HOST/api/v4} (GitLab)
 * @param project    GitHub: {@code owner/repo}; GitLab: the full project path ({@code group/sub/project})
 */
public record RepoRef(HostKind host, String apiBaseUrl, String project) {

    public RepoRef {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(project, "project");
        apiBaseUrl = apiBaseUrl.replaceAll("/+$", "");
        project = project.replaceAll("^/+|/+$", "");
        if (host == HostKind.GITHUB && project.split("/", -1).length != 2) {
            throw new IllegalArgumentException("a GitHub project is owner/repo, got '" + project + "'");
        }
        if (project.isEmpty()) {
            throw new IllegalArgumentException("project must not be empty");
        }
    }

    /** A github.com repository. */
    public static RepoRef github(String owner, String repo) {
        return new RepoRef(HostKind.GITHUB, "https://api.github.com", owner + "/" + repo);
    }

    /** The same repository, talking to another API root (GitHub Enterprise, a proxy, a test server). */
    public RepoRef withApiBaseUrl(String url) {
        return new RepoRef(host, url, project);
    }

    /** GitHub: the owner; GitLab: the namespace (everything before the last {@code /}). */
    public String owner() {
        int slash = project.lastIndexOf('/');
        return slash < 0 ? "" : project.substring(0, slash);
    }

    /** GitHub: the repository; GitLab: the project's last path segment. */
    public String name() {
        return project.substring(project.lastIndexOf('/') + 1);
    }

    /** GitLab's {@code :id}: the project path, URL-encoded ({@code group%2Fproject}). */
    public String gitlabProjectId() {
        return URLEncoder.encode(project, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
