package io.ambient.scm;

import io.ambient.InvalidInputException;
import okhttp3.HttpUrl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository on a host, without a change: where a pull or merge request is opened.
 *
 * @param host       GitHub or GitLab
 * @param apiBaseUrl the REST API root, an http(s) URL without a trailing slash: {@code https://api.github.com},
 *                   {@code https://HOST/api/v3} (GitHub Enterprise), {@code https://HOST/api/v4} (GitLab)
 * @param project    GitHub: {@code owner/repo}; GitLab: the full project path ({@code group/sub/project})
 */
public record RepoRef(HostKind host, String apiBaseUrl, String project) {
    // scheme://[user@]host[:port]/path or scp-like [user@]host:path; credentials in the URL are never kept.
    private static final Pattern GIT_URL = Pattern.compile(
            "^(?:[a-z][a-z0-9+.-]*://(?:[^@/]*@)?([^/:]+)(?::\\d+)?/|(?:[^@/]+@)?([^/:]+):(?!//))(.+?)/*$");
    private static final Pattern USER_INFO = Pattern.compile("^([a-z][a-z0-9+.-]*://)[^@/]*@");

    public RepoRef {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(project, "project");
        apiBaseUrl = apiBaseUrl.strip().replaceAll("/+$", "");
        if (HttpUrl.parse(apiBaseUrl) == null) {
            throw new IllegalArgumentException("the API URL '" + shown(apiBaseUrl) + "' is not an http(s) URL: give"
                    + " the REST API root, such as https://api.github.com, https://HOST/api/v3 or https://HOST/api/v4");
        }
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

    /**
     * The repository a clone URL points at ({@code https://HOST/OWNER/REPO.git}, {@code ssh://git@HOST/...},
     * {@code git@HOST:OWNER/REPO.git}), as Jenkins' {@code GIT_URL} gives it. github.com and gitlab.com are known;
     * any other host is GitHub Enterprise ({@code https://HOST/api/v3}) or self-managed GitLab
     * ({@code https://HOST/api/v4}) as {@code kind} says.
     *
     * @param kind the host's kind, or {@code null} to recognise github.com and gitlab.com
     * @throws InvalidInputException when the URL has no host and path, or the kind of another host is not given
     */
    public static RepoRef fromGitUrl(String gitUrl, HostKind kind) {
        Matcher url = GIT_URL.matcher(gitUrl == null ? "" : gitUrl.strip());
        if (!url.matches()) {
            throw new InvalidInputException("cannot read a repository from the git URL '" + shown(gitUrl)
                    + "': expected https://HOST/OWNER/REPO.git, ssh://git@HOST/OWNER/REPO.git or git@HOST:OWNER/REPO.git");
        }
        String hostName = host(url);
        String project = url.group(3).replaceAll("\\.git$", "");
        HostKind host = kind != null ? kind : switch (hostName) {
            case "github.com" -> HostKind.GITHUB;
            case "gitlab.com" -> HostKind.GITLAB;
            default -> throw new InvalidInputException("cannot tell whether " + hostName + " is GitHub Enterprise or "
                    + "GitLab: say which (--github or --gitlab)");
        };
        String api = host == HostKind.GITHUB ? hostName.equals("github.com") ? "https://api.github.com"
                : "https://" + hostName + "/api/v3" : "https://" + hostName + "/api/v4";
        try {
            return new RepoRef(host, api, project);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cannot read a repository from the git URL '" + shown(gitUrl) + "': "
                    + e.getMessage());
        }
    }

    /** {@code gitUrl} fit for a message: a {@code user:token@} in it is a secret. */
    /** The host a clone URL names, lower case, or {@code null} when it is not a URL {@link #fromGitUrl} reads. */
    static String hostOf(String gitUrl) {
        Matcher url = GIT_URL.matcher(gitUrl == null ? "" : gitUrl.strip());
        return url.matches() ? host(url) : null;
    }

    private static String host(Matcher url) {
        return (url.group(1) != null ? url.group(1) : url.group(2)).toLowerCase(Locale.ROOT);
    }

    static String shown(String gitUrl) {
        return gitUrl == null ? null : USER_INFO.matcher(gitUrl.strip()).replaceFirst("$1");
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
