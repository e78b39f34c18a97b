package io.ambient.jenkins.publish;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.EnvVars;
import hudson.util.Secret;
import hudson.util.StreamTaskListener;
import io.ambient.jenkins.config.AmbientConfiguration;
import io.ambient.jenkins.report.TestReports;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.scm.CommentClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing after a run against a GitHub and a tracking endpoint simulated by MockWebServer on loopback (the real
 * hosts cannot be reached here). Requests follow GitHub's documented issue-comment endpoints
 * (https://docs.github.com/rest/issues/comments) and docs/tracking-api.yaml.
 */
@WithJenkins
class RunPublishingITest {
    private static final String TOKEN = "ghp_test_token_never_logged";
    private static final EnvVars PULL_REQUEST =
            new EnvVars("CHANGE_ID", "12", "CHANGE_URL", "https://github.com/o/r/pull/12");

    private JenkinsRule j;
    private MockWebServer server;
    private WorkflowRun build;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final RunReport report = TestReports.report("run-1", "claude-code", RunStatus.SUCCEEDED, 0.25);

    @BeforeEach
    void start(JenkinsRule rule) throws Exception {
        j = rule;
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "token", "test token", Secret.fromString(TOKEN)));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("echo 'agents ran here'", true));
        build = j.buildAndAssertSuccess(p);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private void githubAt(MockWebServer host) {
        AmbientConfiguration config = AmbientConfiguration.get();
        config.setGithubApiUrl(host.url("/").toString());
        config.setGithubCredentialsId("token");
    }

    private String publish(String mode, EnvVars env) {
        RunPublishing.afterRun(build, new StreamTaskListener(log, StandardCharsets.UTF_8), report,
                "job/p/1/ambient/run-1/", mode, "review", "lint", env);
        return log.toString(StandardCharsets.UTF_8);
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void shouldCreateTheStickyCommentWhenThePullRequestHasNone() throws Exception {
        githubAt(server);
        server.enqueue(json(200, "[]"));
        server.enqueue(json(201, "{\"id\": 101}"));

        String output = publish("sticky", PULL_REQUEST);

        RecordedRequest list = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(list.getMethod()).isEqualTo("GET");
        assertThat(list.getPath()).isEqualTo("/repos/o/r/issues/12/comments?per_page=100");
        RecordedRequest create = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getPath()).isEqualTo("/repos/o/r/issues/12/comments");
        assertThat(create.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(create.getBody().readUtf8())
                .contains(CommentClient.marker(CommentClient.stickyKey("p", "review", "lint")))
                .contains("Ambient run");
        assertThat(output).contains("[ambient] comment created on o/r#12").doesNotContain(TOKEN);
    }

    @Test
    void shouldEditTheStickyCommentOfTheSameJobStageAndName() throws Exception {
        githubAt(server);
        String marker = CommentClient.marker(CommentClient.stickyKey("p", "review", "lint"));
        server.enqueue(json(200, "[{\"id\": 101, \"body\": \"" + marker + "\\nold report\"}]"));
        server.enqueue(json(200, "{\"id\": 101}"));

        String output = publish("sticky", PULL_REQUEST);

        server.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest update = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(update.getMethod()).isEqualTo("PATCH");
        assertThat(update.getPath()).isEqualTo("/repos/o/r/issues/comments/101");
        assertThat(output).contains("[ambient] comment updated on o/r#12");
    }

    @Test
    void shouldNotCommentOnAForkUnlessAllowed() {
        githubAt(server);
        EnvVars fork = new EnvVars(PULL_REQUEST);
        fork.put("CHANGE_FORK", "contributor/r");

        String output = publish("sticky", fork);

        assertThat(server.getRequestCount()).isZero();
        assertThat(output).contains("[ambient] no pull request comment").contains("fork");
    }

    @Test
    void shouldSayWhyThereIsNoCommentOutsideAPullRequest() {
        githubAt(server);

        String output = publish("sticky", new EnvVars());

        assertThat(server.getRequestCount()).isZero();
        assertThat(output).contains("not for a pull or merge request");
    }

    @Test
    void shouldKeepTheBuildGreenWhenGitHubRefusesTheToken() {
        githubAt(server);
        server.enqueue(json(401, "{\"message\": \"Bad credentials\"}"));

        String output = publish("new", PULL_REQUEST);

        assertThat(output).contains("[ambient] no pull request comment").contains("401").doesNotContain(TOKEN);
        assertThat(output.lines().filter(line -> line.startsWith("[ambient]"))).hasSize(1);
    }

    @Test
    void shouldDeliverTheTrackingRecordInTheBackground() throws Exception {
        AmbientConfiguration config = AmbientConfiguration.get();
        config.setTrackingUrl(server.url("/track").toString());
        config.setTrackingCredentialsId("token");
        server.enqueue(new MockResponse().setResponseCode(204));

        String output = publish("none", new EnvVars());

        RecordedRequest put = server.takeRequest(20, TimeUnit.SECONDS);
        assertThat(put).isNotNull();
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(put.getPath()).isEqualTo("/track/runs/run-1");
        assertThat(put.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(put.getBody().readUtf8()).contains("\"runId\" : \"run-1\"").contains("\"job\" : \"p\"")
                .doesNotContain(TOKEN);
        assertThat(output).contains("[ambient] run run-1 queued for " + server.url("/track"));
    }

    @Test
    void shouldKeepTheRecordInTheOutboxWhenTheEndpointIsDown() throws Exception {
        MockWebServer down = new MockWebServer();
        down.start(InetAddress.getLoopbackAddress(), 0);
        String url = down.url("/track").toString();
        down.shutdown();
        AmbientConfiguration config = AmbientConfiguration.get();
        config.setTrackingUrl(url);
        config.setTrackingCredentialsId("token");

        String output = publish("none", new EnvVars());

        assertThat(output).contains("[ambient] run run-1 queued for " + url);
        Path outbox = j.jenkins.getRootDir().toPath().resolve("ambient").resolve("outbox");
        try (Stream<Path> files = Files.walk(outbox)) {
            assertThat(files.map(file -> file.getFileName().toString())).contains("run-1.record.json");
        }
    }
}
