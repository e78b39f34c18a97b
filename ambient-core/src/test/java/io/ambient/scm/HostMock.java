package io.ambient.scm;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MockWebServer on loopback standing in for a host's API, with a client pointed at it. Every request it receives
 * is checked against the host's published API: GitHub's OpenAPI description ({@link GitHubApiSpec}), GitLab's
 * documented shapes ({@link GitLabApiShapes}); those taken by a test through {@link #take()}, the rest on close.
 */
final class HostMock<C extends HttpCommentClient> implements AutoCloseable {

    /** Checks one request against the host's API; returns its operation ({@code "METHOD template"}). */
    @FunctionalInterface
    interface Check {
        String apply(RecordedRequest request) throws Exception;
    }

    final MockWebServer server = new MockWebServer();
    final List<Duration> waits = new ArrayList<>();
    /** The operation of every request checked, in order. */
    final List<String> validated = new ArrayList<>();
    final C client;
    private final Check check;

    private HostMock(Function<CommentClientOptions, C> client, Check check) throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        this.client = client.apply(ScmTestSupport.options(waits));
        this.check = check;
    }

    /** GitHub at the server's root, requests checked against the OpenAPI description and GitHub's headers. */
    static HostMock<GitHubClient> github() throws IOException {
        GitHubApiSpec spec = GitHubApiSpec.load();
        return new HostMock<>(options -> new GitHubClient(TOKEN, options), request -> {
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(request.getHeader("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(request.getHeader("X-GitHub-Api-Version")).isEqualTo(GitHubClient.API_VERSION);
            return spec.validate(request, "");
        });
    }

    /** GitLab at {@code /api/v4}, requests checked against the documented shapes for project {@code project}. */
    static HostMock<GitLabClient> gitlab(String project) throws IOException {
        return new HostMock<>(options -> new GitLabClient(TOKEN, options), new GitLabApiShapes(project)::check);
    }

    /** The URL of {@code path} on the mock ({@code "/"} or {@code "/api/v4"} is an API root). */
    String url(String path) {
        return server.url(path).toString();
    }

    void enqueue(MockResponse... responses) {
        for (MockResponse response : responses) {
            server.enqueue(response);
        }
    }

    /** The next request, checked. */
    RecordedRequest take() throws Exception {
        RecordedRequest request = server.takeRequest();
        validated.add(check.apply(request));
        return request;
    }

    @Override
    public void close() throws Exception {
        try {
            for (RecordedRequest request : ScmTestSupport.drain(server)) {
                validated.add(check.apply(request));
            }
        } finally {
            client.close();
            server.shutdown();
        }
    }
}
