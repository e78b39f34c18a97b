package io.ambient.scm;

/**
 * One host's API with one token: comments, review suggestions and pull/merge requests, sharing one connection
 * pool, the retries of {@link CommentClientOptions} and the fork policy. Close it when done.
 */
public interface ScmClient extends CommentClient, AutoCloseable {

    /** Review comments with suggested changes. */
    ReviewClient reviews();

    /** Opening and updating pull/merge requests. */
    PullRequestClient pullRequests();

    @Override
    void close();

    /** The client of {@code host}: a {@link GitHubClient} or a {@link GitLabClient}. */
    static ScmClient of(HostKind host, String token, CommentClientOptions options) {
        return switch (host) {
            case GITHUB -> new GitHubClient(token, options);
            case GITLAB -> new GitLabClient(token, options);
        };
    }
}
