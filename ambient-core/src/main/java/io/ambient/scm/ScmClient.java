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

    /**
     * Whether {@code token} can be sent as it is: printable ASCII, no spaces, not blank. A token read from a file or a
     * credential often carries a trailing newline, which would otherwise fail as "bad credentials".
     */
    static boolean isUsableToken(String token) {
        return token != null && !token.isEmpty() && token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** The client of {@code host}: a {@link GitHubClient} or a {@link GitLabClient}. */
    static ScmClient of(HostKind host, String token, CommentClientOptions options) {
        return switch (host) {
            case GITHUB -> new GitHubClient(token, options);
            case GITLAB -> new GitLabClient(token, options);
        };
    }
}
