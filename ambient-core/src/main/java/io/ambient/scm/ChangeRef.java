package io.ambient.scm;

import io.ambient.InvalidInputException;
import io.ambient.workspace.ForkConfigOverlay;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change under review: a GitHub pull request or a GitLab merge request.
 *
 * @param host       GitHub or GitLab
 * @param apiBaseUrl the REST API root without a trailing slash: {@code https://api.github.com},
 *                   {@code https://HOST/api/v3} (GitHub Enterprise), {@code https://HOST/api/v4} (GitLab)
 * @param project    GitHub: {@code owner/repo}; GitLab: the full project path ({@code group/sub/project})
 * @param number     the pull request number (GitHub) or merge request IID (GitLab)
 * @param fork       whether the change comes from a fork
 * @param target     the target branch ({@code CHANGE_TARGET}), or null when unknown
 */
public record ChangeRef(HostKind host, String apiBaseUrl, String project, long number, boolean fork, String target) {

    private static final Pattern GITHUB_PATH = Pattern.compile("^/([^/]+)/([^/]+)/pull/(\\d+)/?$");
    private static final Pattern GITLAB_PATH = Pattern.compile("^/(.+?)/(?:-/)?merge_requests/(\\d+)/?$");

    public ChangeRef {
        // The repository's rules (normalised API root and project path) hold for a change too.
        RepoRef repository = new RepoRef(host, apiBaseUrl, project);
        apiBaseUrl = repository.apiBaseUrl();
        project = repository.project();
        if (number < 1) {
            throw new IllegalArgumentException("change number must be positive, got " + number);
        }
    }

    /** A github.com pull request. */
    public static ChangeRef github(String owner, String repo, long number, boolean fork) {
        return new ChangeRef(HostKind.GITHUB, "https://api.github.com", owner + "/" + repo, number, fork, null);
    }

    /** The same change, talking to another API root (GitHub Enterprise, a proxy, a test server). */
    public ChangeRef withApiBaseUrl(String url) {
        return new ChangeRef(host, url, project, number, fork, target);
    }

    /** The repository the change belongs to. */
    public RepoRef repository() {
        return new RepoRef(host, apiBaseUrl, project);
    }

    /** GitHub: the owner; GitLab: the namespace (everything before the last {@code /}). */
    public String owner() {
        return repository().owner();
    }

    /** GitHub: the repository; GitLab: the project's last path segment. */
    public String repo() {
        return repository().name();
    }

    /** GitLab's {@code :id}: the project path, URL-encoded ({@code group%2Fproject}). */
    public String gitlabProjectId() {
        return repository().gitlabProjectId();
    }

    /** For messages: {@code o/r#12} or {@code g/p!3}. */
    public String display() {
        return project + (host == HostKind.GITHUB ? "#" : "!") + number;
    }

    /**
     * Reads what Jenkins' branch sources (GitHub Branch Source, GitLab Branch Source) set on a change build:
     * {@code CHANGE_ID}, {@code CHANGE_URL}, {@code CHANGE_TARGET}, {@code CHANGE_FORK} and {@code GIT_URL}.
     *
     * <p>Empty when {@code CHANGE_ID} is unset or blank (a branch or tag build). The host kind, host, project and
     * number come from {@code CHANGE_URL}: {@code https://HOST/OWNER/REPO/pull/N} is GitHub (github.com, else
     * GitHub Enterprise), {@code https://HOST/GROUP/PROJECT/-/merge_requests/N} is GitLab. {@code CHANGE_FORK}
     * set to anything but {@code false} marks a fork.
     *
     * @throws InvalidInputException when the variables contradict each other or cannot be read: no or an
     *                               unrecognised {@code CHANGE_URL}, a {@code CHANGE_ID} that is not the URL's
     *                               number, a {@code GIT_URL} on another host
     */
    public static Optional<ChangeRef> fromEnvironment(Map<String, String> env) {
        String id = trimmed(env.get("CHANGE_ID"));
        if (id == null) {
            return Optional.empty();
        }
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("CHANGE_ID is '" + id + "', expected a pull/merge request number");
        }
        if (number < 1) {
            throw new InvalidInputException("CHANGE_ID is '" + id + "', expected a positive number");
        }
        String changeUrl = trimmed(env.get("CHANGE_URL"));
        if (changeUrl == null) {
            throw new InvalidInputException("CHANGE_ID is set (" + id + ") but CHANGE_URL is not: cannot tell the"
                    + " host of the change; run in a GitHub or GitLab branch-source job, or set CHANGE_URL");
        }
        URI uri;
        try {
            uri = new URI(changeUrl);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("CHANGE_URL is not a URL: '" + changeUrl + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new InvalidInputException("CHANGE_URL is not an http(s) URL: '" + changeUrl + "'");
        }
        String hostName = uri.getHost().toLowerCase(Locale.ROOT);
        String authority = scheme + "://" + hostName + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String path = uri.getRawPath() == null ? "" : uri.getPath();

        HostKind kind;
        String project;
        long urlNumber;
        String apiBase;
        Matcher gh = GITHUB_PATH.matcher(path);
        Matcher gl = GITLAB_PATH.matcher(path);
        if (gh.matches()) {
            kind = HostKind.GITHUB;
            project = gh.group(1) + "/" + gh.group(2);
            urlNumber = Long.parseLong(gh.group(3));
            apiBase = hostName.equals("github.com") || hostName.equals("www.github.com")
                    ? "https://api.github.com" : authority + "/api/v3";
        } else if (gl.matches()) {
            kind = HostKind.GITLAB;
            project = gl.group(1);
            urlNumber = Long.parseLong(gl.group(2));
            apiBase = authority + "/api/v4";
        } else {
            throw new InvalidInputException("CHANGE_URL '" + changeUrl + "' is neither a GitHub pull request"
                    + " (https://HOST/OWNER/REPO/pull/N) nor a GitLab merge request"
                    + " (https://HOST/GROUP/PROJECT/-/merge_requests/N)");
        }
        if (urlNumber != number) {
            throw new InvalidInputException("CHANGE_ID (" + number + ") does not match CHANGE_URL '" + changeUrl
                    + "' (change " + urlNumber + ")");
        }
        String gitUrl = trimmed(env.get("GIT_URL"));
        if (gitUrl != null) {
            String gitHost = RepoRef.hostOf(gitUrl);
            if (gitHost != null && !gitHost.equals(hostName)) {
                throw new InvalidInputException("GIT_URL '" + RepoRef.shown(gitUrl) + "' is on host " + gitHost
                        + " but CHANGE_URL '" + changeUrl + "' is on " + hostName);
            }
        }
        return Optional.of(new ChangeRef(kind, apiBase, project, number, ForkConfigOverlay.isForkChange(env),
                trimmed(env.get("CHANGE_TARGET"))));
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
