package io.ambient.scm;

/**
 * Opens a pull request (GitHub) or merge request (GitLab) for a pushed branch, or updates the one already open.
 *
 * <p>The open request for the same source branch is looked up first; when there is one its title and description
 * are replaced. Creating is never blindly retried: after a failed create the lookup runs again, so a create that
 * reached the host before the error is found and updated instead of duplicated.
 */
public interface PullRequestClient {

    /**
     * Creates the pull/merge request described by {@code spec} on {@code repository}, or updates the open one for
     * the same source branch (GitLab: the same source and target branch).
     */
    Result openOrUpdate(RepoRef repository, PullRequestSpec spec);

    /**
     * What {@link #openOrUpdate} did.
     *
     * @param number the pull request number (GitHub) or merge request IID (GitLab)
     * @param webUrl where people see it
     * @param action whether it was created or an open one updated
     */
    record Result(long number, String webUrl, CommentClient.Action action) {
    }
}
