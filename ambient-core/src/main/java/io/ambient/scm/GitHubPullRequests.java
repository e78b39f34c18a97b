package io.ambient.scm;

import okhttp3.HttpUrl;

/**
 * Pull requests on GitHub:
 * <ul>
 *   <li>find: {@code GET /repos/{owner}/{repo}/pulls?head=OWNER:BRANCH&state=open&per_page=100}</li>
 *   <li>create: {@code POST /repos/{owner}/{repo}/pulls} {@code {title, head, base, body}}</li>
 *   <li>update: {@code PATCH /repos/{owner}/{repo}/pulls/{pull_number}} {@code {title, body}}</li>
 * </ul>
 */
final class GitHubPullRequests extends HttpPullRequestClient {

    GitHubPullRequests(GitHubClient http) {
        super(http);
    }

    private static HttpUrl.Builder pulls(RepoRef repository) {
        return GitHubClient.repo(repository).addPathSegment("pulls");
    }

    @Override
    HttpUrl openUrl(RepoRef repository, PullRequestSpec spec) {
        return pulls(repository).addQueryParameter("head", repository.owner() + ":" + spec.sourceBranch())
                .addQueryParameter("state", "open")
                .addQueryParameter("per_page", Integer.toString(HttpCommentClient.PER_PAGE)).build();
    }

    @Override
    HttpUrl createUrl(RepoRef repository) {
        return pulls(repository).build();
    }

    @Override
    HttpUrl updateUrl(RepoRef repository, long number) {
        return pulls(repository).addPathSegment(Long.toString(number)).build();
    }

    @Override
    String createJson(PullRequestSpec spec) {
        return HttpCommentClient.MAPPER.createObjectNode().put("title", spec.title()).put("head", spec.sourceBranch())
                .put("base", spec.targetBranch()).put("body", spec.body()).toString();
    }

    @Override
    String updateJson(PullRequestSpec spec) {
        return HttpCommentClient.MAPPER.createObjectNode().put("title", spec.title()).put("body", spec.body())
                .toString();
    }

    @Override
    String numberField() {
        return "number";
    }

    @Override
    String webUrlField() {
        return "html_url";
    }

    @Override
    String updateMethod() {
        return "PATCH";
    }

    @Override
    String noun() {
        return "pull request";
    }

    @Override
    String needs(RepoRef repository) {
        return GitHubClient.pullRequestsWrite(repository);
    }

    @Override
    String otherHint(int status, PullRequestSpec spec) {
        return status == 422
                ? "GitHub rejected the pull request from " + spec.sourceBranch() + " into " + spec.targetBranch()
                        + ": check that the branch was pushed, has commits the target lacks, and that the target"
                        + " branch exists"
                : "GitHub refused the request";
    }
}
