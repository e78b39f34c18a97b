package io.ambient.scm;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Comments on GitHub pull requests through the REST API (github.com and GitHub Enterprise Server):
 * <ul>
 *   <li>list: {@code GET /repos/{owner}/{repo}/issues/{issue_number}/comments?per_page=100}, pages followed via
 *       {@code Link: rel="next"}</li>
 *   <li>create: {@code POST /repos/{owner}/{repo}/issues/{issue_number}/comments} {@code {"body": ...}}</li>
 *   <li>update: {@code PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}} {@code {"body": ...}}</li>
 * </ul>
 * Headers: {@code Authorization: Bearer TOKEN}, {@code Accept: application/vnd.github+json},
 * {@code X-GitHub-Api-Version: 2022-11-28}. A 403 with {@code x-ratelimit-remaining: 0} (or a
 * {@code Retry-After}) is a rate limit and is retried after {@code x-ratelimit-reset}. {@link #reviews()} and
 * {@link #pullRequests()} send through the same connection, retries and token.
 */
public final class GitHubClient extends HttpCommentClient {
    public static final String API_VERSION = "2022-11-28";

    public GitHubClient(String token) {
        this(token, CommentClientOptions.DEFAULT);
    }

    public GitHubClient(String token, CommentClientOptions options) {
        super(token, options);
    }

    @Override
    HostKind kind() {
        return HostKind.GITHUB;
    }

    @Override
    Request.Builder authorise(Request.Builder builder, String secret) {
        return builder.header("Authorization", "Bearer " + secret)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION);
    }

    @Override
    public ReviewClient reviews() {
        return new GitHubReviews(this);
    }

    @Override
    public PullRequestClient pullRequests() {
        return new GitHubPullRequests(this);
    }

    /** The fix for a token that may not write pull requests or reviews on {@code repository}. */
    static String pullRequestsWrite(RepoRef repository) {
        return "a fine-grained token or GitHub App needs 'pull_requests: write' on " + repository.project()
                + ", a classic token the 'repo' scope ('public_repo' for public repositories)";
    }

    /** {@code API_ROOT/repos/OWNER/REPO}. */
    static HttpUrl.Builder repo(RepoRef repository) {
        return HttpUrl.get(repository.apiBaseUrl()).newBuilder()
                .addPathSegment("repos").addPathSegment(repository.owner()).addPathSegment(repository.name());
    }

    @Override
    HttpUrl listUrl(ChangeRef change) {
        return repo(change.repository()).addPathSegment("issues").addPathSegment(Long.toString(change.number()))
                .addPathSegment("comments").addQueryParameter("per_page", Integer.toString(PER_PAGE)).build();
    }

    @Override
    HttpUrl createUrl(ChangeRef change) {
        return repo(change.repository()).addPathSegment("issues").addPathSegment(Long.toString(change.number()))
                .addPathSegment("comments").build();
    }

    @Override
    HttpUrl updateUrl(ChangeRef change, long commentId) {
        return repo(change.repository()).addPathSegment("issues").addPathSegment("comments")
                .addPathSegment(Long.toString(commentId)).build();
    }

    @Override
    String updateMethod() {
        return "PATCH";
    }

    @Override
    boolean rateLimited(Response response) {
        if (response.code() != 403) {
            return false;
        }
        String remaining = response.header("x-ratelimit-remaining");
        // Primary limit: no requests left. Secondary limit: a Retry-After on the 403.
        return remaining != null && remaining.trim().equals("0") || response.header("Retry-After") != null;
    }

    @Override
    String hint(int status, ChangeRef change) {
        String needs = "a fine-grained token or GitHub App needs 'pull_requests: write' (or 'issues: write') on "
                + change.project() + ", a classic token the 'repo' scope ('public_repo' for public repositories)";
        return switch (status) {
            case 401 -> "the GitHub token is invalid, expired or revoked; " + needs;
            case 403 -> "the GitHub token may not write comments on " + change.display() + ": " + needs;
            case 404 -> "GitHub cannot find " + change.display() + " for this token (GitHub answers 404 when the"
                    + " token cannot see the repository): check the pull request exists; " + needs;
            case 410 -> "issues are disabled on " + change.project() + "; pull request comments need them";
            case 422 -> "GitHub rejected the comment (too long? GitHub allows 65536 characters)";
            default -> status >= 300 && status < 400
                    ? "redirects are not followed: check the API URL " + change.apiBaseUrl()
                    : "GitHub refused the request";
        };
    }
}
