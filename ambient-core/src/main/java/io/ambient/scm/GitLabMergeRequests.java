package io.ambient.scm;

import okhttp3.HttpUrl;

/**
 * Merge requests on GitLab (https://docs.gitlab.com/api/merge_requests/):
 * <ul>
 *   <li>find: {@code GET /projects/:id/merge_requests?source_branch=..&target_branch=..&state=opened}</li>
 *   <li>create: {@code POST /projects/:id/merge_requests}
 *       {@code {source_branch, target_branch, title, description}}</li>
 *   <li>update: {@code PUT /projects/:id/merge_requests/:merge_request_iid} {@code {title, description}}</li>
 * </ul>
 */
final class GitLabMergeRequests extends HttpPullRequestClient {

    GitLabMergeRequests(GitLabClient http) {
        super(http);
    }

    @Override
    HttpUrl openUrl(RepoRef repository, PullRequestSpec spec) {
        return GitLabClient.project(repository).addPathSegment("merge_requests")
                .addQueryParameter("source_branch", spec.sourceBranch())
                .addQueryParameter("target_branch", spec.targetBranch())
                .addQueryParameter("state", "opened")
                .addQueryParameter("per_page", Integer.toString(HttpCommentClient.PER_PAGE)).build();
    }

    @Override
    HttpUrl createUrl(RepoRef repository) {
        return GitLabClient.project(repository).addPathSegment("merge_requests").build();
    }

    @Override
    HttpUrl updateUrl(RepoRef repository, long number) {
        return GitLabClient.project(repository).addPathSegment("merge_requests")
                .addPathSegment(Long.toString(number)).build();
    }

    @Override
    String createJson(PullRequestSpec spec) {
        return HttpCommentClient.MAPPER.createObjectNode().put("source_branch", spec.sourceBranch())
                .put("target_branch", spec.targetBranch()).put("title", spec.title())
                .put("description", spec.body()).toString();
    }

    @Override
    String updateJson(PullRequestSpec spec) {
        return HttpCommentClient.MAPPER.createObjectNode().put("title", spec.title())
                .put("description", spec.body()).toString();
    }

    @Override
    String numberField() {
        return "iid";
    }

    @Override
    String webUrlField() {
        return "web_url";
    }

    @Override
    String updateMethod() {
        return "PUT";
    }

    @Override
    String noun() {
        return "merge request";
    }

    @Override
    String needs(RepoRef repository) {
        return "use a personal, project or group access token with the 'api' scope and at least the Developer"
                + " role on " + repository.project();
    }

    @Override
    String otherHint(int status, PullRequestSpec spec) {
        return switch (status) {
            case 409 -> "GitLab already has an open merge request from " + spec.sourceBranch() + " (into another"
                    + " target branch than " + spec.targetBranch() + "?): close it or target the same branch";
            case 422 -> "GitLab rejected the merge request from " + spec.sourceBranch() + " into "
                    + spec.targetBranch() + ": check that both branches exist and differ";
            default -> "GitLab refused the request";
        };
    }
}
