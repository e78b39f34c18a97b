package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.scm.ChangeRef;
import io.ambient.scm.CommentClientOptions;
import io.ambient.scm.HostKind;
import io.ambient.scm.RepoRef;
import io.ambient.scm.ScmClient;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which pull or merge request to write on, and with which token: from the variables Jenkins' branch sources set
 * ({@code CHANGE_ID}, {@code CHANGE_URL}, ...), or from explicit options, which win. See docs/scm.md.
 */
final class ChangeOptions {
    static final String GITHUB_API = "https://api.github.com";
    static final String GITLAB_API = "https://gitlab.com/api/v4";

    @Option(names = "--github", description = "The change is a GitHub pull request (default: from $CHANGE_URL).")
    boolean github;

    @Option(names = "--gitlab", description = "The change is a GitLab merge request (default: from $CHANGE_URL).")
    boolean gitlab;

    @Option(names = "--repo", paramLabel = "PROJECT",
            description = "OWNER/REPO on GitHub, GROUP/PROJECT on GitLab (default: from $CHANGE_URL).")
    String project;

    @Option(names = "--change", paramLabel = "N",
            description = "Pull request number or merge request IID (default: $CHANGE_ID).")
    Long number;

    @Option(names = "--api-url", paramLabel = "URL",
            description = "REST API root, for GitHub Enterprise or a self-managed GitLab (default: from $CHANGE_URL, "
                    + "else " + GITHUB_API + " or " + GITLAB_API + ").")
    String apiUrl;

    @Option(names = "--token-env", paramLabel = "NAME",
            description = "Variable holding the API token (default: GITHUB_TOKEN or GITLAB_TOKEN).")
    String tokenEnv;

    @Option(names = "--allow-fork",
            description = "Write on a change from a fork too. Off by default: the fork's code may have produced what "
                    + "is written, and the token can write to the repository.")
    boolean allowFork;

    /** Whether any option of this group was given. */
    boolean given() {
        return github || gitlab || project != null || number != null || apiUrl != null || tokenEnv != null;
    }

    /**
     * The change: explicit options over the environment's.
     *
     * @param fork whether the change comes from a fork, or {@code null} to take {@code $CHANGE_FORK}
     * @throws InvalidInputException when neither tells which change, or they contradict each other
     */
    ChangeRef change(Map<String, String> env, Boolean fork) {
        Optional<ChangeRef> fromEnv = ChangeRef.fromEnvironment(env);
        HostKind host = host(fromEnv.map(ChangeRef::host));
        String path = project != null ? project : fromEnv.map(ChangeRef::project).orElse(null);
        Long change = number != null ? number : fromEnv.map(ChangeRef::number).orElse(null);
        if (host == null || path == null || change == null) {
            throw new InvalidInputException("no pull request to write on: run in a pull-request build (CHANGE_ID and "
                    + "CHANGE_URL set) or give --github|--gitlab, --repo and --change");
        }
        if (fromEnv.isPresent() && fromEnv.get().host() != host) {
            throw new InvalidInputException("--" + host.name().toLowerCase(Locale.ROOT) + " contradicts "
                    + "$CHANGE_URL, a " + fromEnv.get().host().displayName() + " change");
        }
        String api = apiUrl != null ? apiUrl
                : fromEnv.map(ChangeRef::apiBaseUrl).orElse(defaultApi(host));
        boolean fromFork = fork != null ? fork : fromEnv.map(ChangeRef::fork).orElse(false);
        try {
            return new ChangeRef(host, api, path, change, fromFork, fromEnv.map(ChangeRef::target).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid change: " + e.getMessage());
        }
    }

    /**
     * The repository a pull request is opened on: {@code --repo} on the host {@code --github|--gitlab} or
     * {@code $CHANGE_URL} say, else the one {@code remoteUrl} points at.
     *
     * @throws InvalidInputException when neither tells which repository
     */
    RepoRef repository(Map<String, String> env, String remoteUrl) {
        if (number != null) {
            throw new InvalidInputException("--change does not apply here: a pull request is opened for a branch");
        }
        Optional<RepoRef> fromEnv = ChangeRef.fromEnvironment(env).map(ChangeRef::repository);
        HostKind host = host(fromEnv.map(RepoRef::host));
        RepoRef repo;
        if (project != null) {
            if (host == null) {
                throw new InvalidInputException("--repo needs --github or --gitlab");
            }
            String api = fromEnv.filter(r -> r.host() == host).map(RepoRef::apiBaseUrl).orElse(defaultApi(host));
            try {
                repo = new RepoRef(host, api, project);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("invalid --repo: " + e.getMessage());
            }
        } else {
            repo = fromEnv.filter(r -> host == null || r.host() == host)
                    .orElseGet(() -> RepoRef.fromGitUrl(remoteUrl, host));
        }
        try {
            return apiUrl == null ? repo : repo.withApiBaseUrl(apiUrl);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid --api-url: " + e.getMessage());
        }
    }

    /** The host {@code --github|--gitlab} name, else the environment's change's, else {@code null}. */
    private HostKind host(Optional<HostKind> fromEnv) {
        if (github && gitlab) {
            throw new InvalidInputException("give --github or --gitlab, not both");
        }
        return github ? HostKind.GITHUB : gitlab ? HostKind.GITLAB : fromEnv.orElse(null);
    }

    private static String defaultApi(HostKind host) {
        return host == HostKind.GITHUB ? GITHUB_API : GITLAB_API;
    }

    /**
     * The API token for {@code host}, from {@link #tokenEnv}.
     *
     * @throws InvalidInputException when the token variable is not set, or holds more than a token
     */
    String token(HostKind host, Map<String, String> env) {
        String name = tokenEnv != null ? tokenEnv : host == HostKind.GITHUB ? "GITHUB_TOKEN" : "GITLAB_TOKEN";
        String token = env.get(name);
        if (token == null || token.isBlank()) {
            throw new InvalidInputException("the " + host.displayName() + " token variable " + name
                    + " is not set: export it, or name another with --token-env");
        }
        if (!ScmClient.isUsableToken(token)) {
            // Never echo the value: it is a secret.
            throw new InvalidInputException("the " + host.displayName() + " token in " + name + " contains spaces or"
                    + " control characters (a trailing newline?): set it to the token alone");
        }
        return token;
    }

    /** A client for {@code host} with the {@link #token}, forks allowed as {@code --allow-fork} says. */
    ScmClient client(HostKind host, Map<String, String> env) {
        return ScmClient.of(host, token(host, env), CommentClientOptions.DEFAULT.withAllowForks(allowFork));
    }
}
