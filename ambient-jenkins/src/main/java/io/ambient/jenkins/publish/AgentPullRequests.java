package io.ambient.jenkins.publish;

import hudson.EnvVars;
import hudson.Util;
import hudson.model.Run;
import io.ambient.InvalidInputException;
import io.ambient.jenkins.config.AmbientSettings;
import io.ambient.report.RunReport;
import io.ambient.report.render.MarkdownRenderer;
import io.ambient.scm.AgentBranch;
import io.ambient.scm.AgentPullRequest;
import io.ambient.scm.ChangeRef;
import io.ambient.scm.HostKind;
import io.ambient.scm.PullRequestClient;
import io.ambient.scm.PullRequestSpec;
import io.ambient.scm.RepoRef;
import io.ambient.scm.ScmClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code openPullRequest}: where a run's changes go as a pull/merge request, and opening it on the controller once the
 * node has pushed the branch (core's {@link PullRequestClient}). {@link #target} and {@link #token} find everything
 * that can be wrong (a fork, no base branch, a bad branch name, an unknown host, no token) before the run starts.
 */
public final class AgentPullRequests {
    /** The agent's own branch namespace: only branches in it are replaced by a forced push. */
    public static final String BRANCH_PREFIX = "ambient/";

    private AgentPullRequests() {
    }

    /**
     * Where a run's pull request goes.
     *
     * @param repository where it is opened, with the configured API root
     * @param remoteUrl  where the branch is pushed (never with credentials in it)
     * @param baseBranch the branch it merges into
     * @param branch     the pushed branch
     */
    public record Target(RepoRef repository, String remoteUrl, String baseBranch, String branch) {
        /** Whether the push may move the branch to a commit that does not contain its tip: agent branches only. */
        public boolean force() {
            return branch.startsWith(BRANCH_PREFIX);
        }
    }

    /**
     * @param remoteUrl the remote to push to: {@code GIT_URL}, else the workspace's {@code origin}; null for none
     * @param branch    the step's {@code pullRequestBranch}, or null for {@code ambient/<job>-<build>}
     * @throws InvalidInputException for a fork's change (unless forks are allowed), a build without a base branch or
     *                               remote, or a remote on a host that is neither known nor configured
     */
    public static Target target(EnvVars env, AmbientSettings settings, String remoteUrl, String branch) {
        Optional<ChangeRef> change = ChangeRef.fromEnvironment(env);
        if (change.map(ChangeRef::fork).orElse(false) && !settings.allowForks()) {
            throw new InvalidInputException("openPullRequest refused: the change comes from a fork, and the token "
                    + "would push what the fork's code produced; an administrator may allow forks in the Ambient "
                    + "settings");
        }
        String base = AgentPullRequest.baseBranch(env);
        if (base == null) {
            throw new InvalidInputException("openPullRequest needs the branch to merge into: run it in a multibranch "
                    + "job (BRANCH_NAME or CHANGE_TARGET set)");
        }
        if (Util.fixEmptyAndTrim(remoteUrl) == null) {
            throw new InvalidInputException("openPullRequest needs a remote to push to: check out from git (GIT_URL) "
                    + "or give the workspace an origin remote");
        }
        RepoRef repository = change.map(ChangeRef::repository).orElseGet(() -> repository(remoteUrl, settings));
        String api = settings.apiUrl(repository.host());
        return new Target(api == null ? repository : repository.withApiBaseUrl(api), remoteUrl.strip(), base,
                AgentBranch.requireValidBranch(branch != null ? branch : defaultBranch(env)));
    }

    /**
     * The API token for {@code host}, as this build may use it.
     *
     * @throws InvalidInputException when none is configured or the credentials are not available to the build
     */
    public static String token(Run<?, ?> build, AmbientSettings settings, HostKind host) {
        String credentialsId = settings.credentialsId(host);
        String token = RunPublishing.token(build, credentialsId);
        if (token == null) {
            throw new InvalidInputException("openPullRequest needs a " + host.displayName() + " token: "
                    + (credentialsId == null ? "set its credentials"
                    : "the secret-text credentials '" + credentialsId + "' are not available to this build; fix them")
                    + " in Manage Jenkins > System > Ambient agents or the folder's Ambient settings");
        }
        return token;
    }

    /** Opens the pull request of the pushed branch, or updates the open one; titled and described from the report. */
    public static PullRequestClient.Result open(Run<?, ?> build, AmbientSettings settings, Target target, String token,
                                                RunReport report, String reportUrl) {
        PullRequestSpec spec = new PullRequestSpec(target.branch(), target.baseBranch(), AgentPullRequest.title(report),
                MarkdownRenderer.run(report, RunPublishing.links(build, reportUrl)));
        try (ScmClient client = RunPublishing.client(target.repository().host(), token, settings)) {
            return client.pullRequests().openOrUpdate(target.repository(), spec);
        }
    }

    /** {@code ambient/<job>-<build>}, with everything git or a host might refuse turned into {@code -}. */
    static String defaultBranch(EnvVars env) {
        String job = Optional.ofNullable(Util.fixEmptyAndTrim(env.get("JOB_NAME"))).orElse("build");
        String build = Optional.ofNullable(Util.fixEmptyAndTrim(env.get("BUILD_NUMBER"))).orElse("0");
        String name = (job + "-" + build).replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("\\.{2,}", ".")
                .replaceAll("^[.-]+|[.-]+$", "");
        return BRANCH_PREFIX + name.toLowerCase(Locale.ROOT);
    }

    /** github.com and gitlab.com, or a host whose GitHub or GitLab API URL is configured. */
    private static RepoRef repository(String remoteUrl, AmbientSettings settings) {
        try {
            return RepoRef.fromGitUrl(remoteUrl, null);
        } catch (InvalidInputException unknownHost) {
            List<RepoRef> configured = new ArrayList<>();
            for (HostKind host : HostKind.values()) {
                String api = settings.apiUrl(host);
                RepoRef candidate = RepoRef.fromGitUrl(remoteUrl, host);
                if (api != null && hostName(api).equals(hostName(candidate.apiBaseUrl()))) {
                    configured.add(candidate);
                }
            }
            if (configured.size() != 1) {
                throw new InvalidInputException("openPullRequest cannot tell whether the host of " + remoteUrl + " is "
                        + "GitHub or GitLab: set its API URL in Manage Jenkins > System > Ambient agents");
            }
            return configured.get(0);
        }
    }

    private static String hostName(String url) {
        String host = URI.create(url).getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }
}
