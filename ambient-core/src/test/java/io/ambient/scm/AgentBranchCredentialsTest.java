package io.ambient.scm;

import io.ambient.testing.GitRepos;
import io.ambient.workspace.ChangeType;
import io.ambient.workspace.ChangedFile;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AgentBranch} pushing over JGit's smart HTTP transport to a MockWebServer on loopback that plays the host's
 * authentication: a {@code 401} challenge on {@code /info/refs?service=git-receive-pack}, then the verdict.
 */
class AgentBranchCredentialsTest {
    private static final String INFO_REFS = "/owner/repo.git/info/refs?service=git-receive-pack";
    private static final AgentBranchRequest.Identity AGENT =
            new AgentBranchRequest.Identity("Ambient Agent", "agent@ambient.invalid");

    @TempDir
    Path tmp;
    private Path repo;
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        repo = GitRepos.sample(tmp.resolve("repo"));
        Files.writeString(repo.resolve("README.md"), "The sample\n");
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void theTokenIsSentAsBasicCredentialsOnlyAfterTheChallenge() throws Exception {
        server.enqueue(challenge());
        server.enqueue(new MockResponse().setResponseCode(403));

        assertThatThrownBy(() -> AgentBranch.push(request(), remote(HostKind.GITHUB))).isInstanceOf(ScmException.class);

        RecordedRequest first = server.takeRequest();
        RecordedRequest retry = server.takeRequest();
        assertThat(first.getPath()).isEqualTo(INFO_REFS);
        assertThat(first.getHeader("Authorization")).isNull();
        assertThat(retry.getPath()).isEqualTo(INFO_REFS);
        assertThat(retry.getHeader("Authorization")).isEqualTo("Basic " + basic("x-access-token:" + TOKEN));
    }

    @Test
    void aForbiddenPushNamesTheGitHubPermissionWithoutTheToken() {
        server.enqueue(challenge());
        server.enqueue(new MockResponse().setResponseCode(403));

        assertThatThrownBy(() -> AgentBranch.push(request(), remote(HostKind.GITHUB)))
                .isInstanceOfSatisfying(ScmException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("contents: write")
                .hasMessageContaining("'repo' scope")
                .hasMessageNotContaining(TOKEN)
                .hasMessageNotContaining(basic(TOKEN))
                .hasMessageNotContaining("\n");
    }

    @Test
    void aRejectedGitLabTokenNamesTheWriteRepositoryScope() throws Exception {
        for (int i = 0; i < 6; i++) {
            server.enqueue(challenge());
        }

        assertThatThrownBy(() -> AgentBranch.push(request(), remote(HostKind.GITLAB)))
                .isInstanceOfSatisfying(ScmException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("write_repository")
                .hasMessageNotContaining(TOKEN);
        server.takeRequest();
        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Basic " + basic("oauth2:" + TOKEN));
    }

    @Test
    void aMissingRepositoryNamesTheUrlAndThatTheTokenMayNotSeeIt() {
        server.enqueue(new MockResponse().setResponseCode(404));

        assertThatThrownBy(() -> AgentBranch.push(request(), remote(HostKind.GITHUB)))
                .isInstanceOfSatisfying(ScmException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining(server.url("/owner/repo.git").toString())
                .hasMessageContaining("cannot see the repository")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void theTokenIsWrittenNowhereInTheRepository() throws Exception {
        server.enqueue(challenge());
        server.enqueue(new MockResponse().setResponseCode(403));

        assertThatThrownBy(() -> AgentBranch.push(request(), remote(HostKind.GITHUB))).isInstanceOf(ScmException.class);

        assertThat(server.getRequestCount()).isEqualTo(2);
        try (Stream<Path> files = Files.walk(repo.resolve(".git"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(TOKEN).doesNotContain(basic(TOKEN));
            }
        }
    }

    private static MockResponse challenge() {
        return new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate", "Basic realm=\"git\"");
    }

    private static String basic(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private AgentBranchRequest request() {
        return new AgentBranchRequest(repo, List.of(new ChangedFile("README.md", ChangeType.MODIFIED, 1, 1, false)),
                "ambient/fix", "Fix the typo", AGENT);
    }

    private AgentBranchRemote remote(HostKind host) {
        return AgentBranchRemote.withToken(host, server.url("/owner/repo.git").toString(), TOKEN);
    }
}
