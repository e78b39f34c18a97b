package io.ambient.scm;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MockWebServer on loopback standing in for GitHub's API, with a {@link GitHubClient} pointed at it. Every request
 * it receives is checked against GitHub's OpenAPI description ({@link GitHubApiSpec}): those taken by a test through
 * {@link #take()}, and the rest when it is closed.
 */
final class GitHubMock implements AutoCloseable {
    final MockWebServer server = new MockWebServer();
    final List<Duration> waits = new ArrayList<>();
    /** "METHOD template" of every request checked, in order. */
    final List<String> validated = new ArrayList<>();
    final GitHubClient client;
    private final GitHubApiSpec spec = GitHubApiSpec.load();

    GitHubMock() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        client = new GitHubClient(TOKEN, ScmTestSupport.options(waits));
    }

    /** The API root to give a {@link ChangeRef} or {@link RepoRef}. */
    String apiBaseUrl() {
        return server.url("/").toString();
    }

    void enqueue(MockResponse... responses) {
        for (MockResponse response : responses) {
            server.enqueue(response);
        }
    }

    /** The next request, checked against the description. */
    RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest();
        check(request);
        return request;
    }

    private void check(RecordedRequest request) {
        validated.add(spec.validate(request, ""));
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getHeader("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(request.getHeader("X-GitHub-Api-Version")).isEqualTo(GitHubClient.API_VERSION);
    }

    @Override
    public void close() throws Exception {
        try {
            for (RecordedRequest request : ScmTestSupport.drain(server)) {
                check(request);
            }
        } finally {
            client.close();
            server.shutdown();
        }
    }
}
