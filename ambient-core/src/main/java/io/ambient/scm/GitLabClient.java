package io.ambient.scm;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Comments (notes) on GitLab merge requests through the REST API v4 (gitlab.com and self-managed), as documented
 * at https://docs.gitlab.com/api/notes/#merge-requests:
 * <ul>
 *   <li>list: {@code GET /projects/:id/merge_requests/:merge_request_iid/notes?sort=asc&order_by=created_at&per_page=100},
 *       pages followed via {@code Link: rel="next"} or {@code X-Next-Page}</li>
 *   <li>create: {@code POST /projects/:id/merge_requests/:merge_request_iid/notes} {@code {"body": ...}}</li>
 *   <li>update: {@code PUT /projects/:id/merge_requests/:merge_request_iid/notes/:note_id} {@code {"body": ...}}</li>
 * </ul>
 * {@code :id} is the URL-encoded project path ({@code group%2Fproject}). Header: {@code PRIVATE-TOKEN: TOKEN}.
 * {@link #reviews()} and {@link #pullRequests()} send through the same connection, retries and token.
 */
public final class GitLabClient extends HttpCommentClient {

    public GitLabClient(String token) {
        this(token, CommentClientOptions.DEFAULT);
    }

    public GitLabClient(String token, CommentClientOptions options) {
        super(token, options);
    }

    @Override
    HostKind kind() {
        return HostKind.GITLAB;
    }

    @Override
    Request.Builder authorise(Request.Builder builder, String secret) {
        return builder.header("PRIVATE-TOKEN", secret).header("Accept", "application/json");
    }

    @Override
    public ReviewClient reviews() {
        return new GitLabReviews(this);
    }

    @Override
    public PullRequestClient pullRequests() {
        return new GitLabMergeRequests(this);
    }

    /** {@code API_ROOT/projects/:id}. */
    static HttpUrl.Builder project(RepoRef repository) {
        // addPathSegment encodes the '/' of the project path as %2F: GitLab's URL-encoded project id.
        return HttpUrl.get(repository.apiBaseUrl()).newBuilder()
                .addPathSegment("projects").addPathSegment(repository.project());
    }

    private static HttpUrl.Builder notes(ChangeRef change) {
        return project(change.repository())
                .addPathSegment("merge_requests").addPathSegment(Long.toString(change.number()))
                .addPathSegment("notes");
    }

    @Override
    HttpUrl listUrl(ChangeRef change) {
        return notes(change).addQueryParameter("sort", "asc").addQueryParameter("order_by", "created_at")
                .addQueryParameter("per_page", Integer.toString(PER_PAGE)).build();
    }

    @Override
    HttpUrl createUrl(ChangeRef change) {
        return notes(change).build();
    }

    @Override
    HttpUrl updateUrl(ChangeRef change, long commentId) {
        return notes(change).addPathSegment(Long.toString(commentId)).build();
    }

    @Override
    String updateMethod() {
        return "PUT";
    }

    @Override
    HttpUrl nextPageFallback(Response response, HttpUrl current) {
        String next = response.header("X-Next-Page");
        if (next == null || next.isBlank()) {
            return null;
        }
        return current.newBuilder().setQueryParameter("page", next.trim()).build();
    }

    @Override
    String hint(int status, ChangeRef change) {
        String needs = "use a personal, project or group access token with the 'api' scope and at least the"
                + " Reporter role on " + change.project();
        return switch (status) {
            case 401 -> "the GitLab token is invalid, expired or revoked; " + needs;
            case 403 -> "the GitLab token may not comment on " + change.display() + ": " + needs
                    + " (a locked merge request also answers 403)";
            case 404 -> "GitLab cannot find " + change.display() + " for this token: check the project path and"
                    + " merge request IID; " + needs;
            default -> status >= 300 && status < 400
                    ? "redirects are not followed: check the API URL " + change.apiBaseUrl()
                    : "GitLab refused the request";
        };
    }
}
