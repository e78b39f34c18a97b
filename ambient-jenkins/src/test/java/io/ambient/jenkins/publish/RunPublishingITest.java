package io.ambient.jenkins.publish;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.EnvVars;
import hudson.util.Secret;
import hudson.util.StreamTaskListener;
import io.ambient.jenkins.config.AmbientConfiguration;
import io.ambient.jenkins.report.TestReports;
import io.ambient.jenkins.testing.LoopbackServer.Request;
import io.ambient.jenkins.testing.LoopbackServer;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.scm.CommentClient;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing after a run against a GitHub and a tracking endpoint simulated by a server on loopback (the real
 * hosts cannot be reached here). Requests follow GitHub's documented issue-comment endpoints
 * (https://docs.github.com/rest/issues/comments) and docs/tracking-api.yaml.
 */
@WithJenkins
class RunPublishingITest {
    private static final String TOKEN = "ghp_test_token_never_logged";
    private static final EnvVars PULL_REQUEST =
            new EnvVars("CHANGE_ID", "12", "CHANGE_URL", "https://github.com/o/r/pull/12");

    private JenkinsRule j;
    private LoopbackServer server;
    private WorkflowRun build;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final RunReport report = TestReports.report("run-1", "claude-code", RunStatus.SUCCEEDED, 0.25);

    @BeforeEach
    void start(JenkinsRule rule) throws Exception {
        j = rule;
        server = LoopbackServer.start();
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "token", "test token", Secret.fromString(TOKEN)));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("echo 'agents ran here'", true));
        build = j.buildAndAssertSuccess(p);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void githubAt(LoopbackServer host) {
        AmbientConfiguration config = AmbientConfiguration.get();
        config.setGithubApiUrl(host.url("/"));
        config.setGithubCredentialsId("token");
    }

    private String publish(String mode, EnvVars env) {
        RunPublishing.afterRun(build, new StreamTaskListener(log, StandardCharsets.UTF_8), report,
                "job/p/1/ambient/run-1/", mode, "review", "lint", env);
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCreateTheStickyCommentWhenThePullRequestHasNone() throws Exception {
        githubAt(server);
        server.enqueue(LoopbackServer.Response.json(200, "[]"));
        server.enqueue(LoopbackServer.Response.json(201, "{\"id\": 101}"));

        String output = publish("sticky", PULL_REQUEST);

        Request list = server.takeRequest(5);
        assertThat(list.method()).isEqualTo("GET");
        assertThat(list.path()).isEqualTo("/repos/o/r/issues/12/comments?per_page=100");
        Request create = server.takeRequest(5);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/repos/o/r/issues/12/comments");
        assertThat(create.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(create.body())
                .contains(CommentClient.marker(CommentClient.stickyKey("p", "review", "lint")))
                .contains("Ambient run");
        assertThat(output).contains("[ambient] comment created on o/r#12").doesNotContain(TOKEN);
    }

    @Test
    void shouldEditTheStickyCommentOfTheSameJobStageAndName() throws Exception {
        githubAt(server);
        String marker = CommentClient.marker(CommentClient.stickyKey("p", "review", "lint"));
        server.enqueue(LoopbackServer.Response.json(200, "[{\"id\": 101, \"body\": \"" + marker + "\\nold report\"}]"));
        server.enqueue(LoopbackServer.Response.json(200, "{\"id\": 101}"));

        String output = publish("sticky", PULL_REQUEST);

        server.takeRequest(5);
        Request update = server.takeRequest(5);
        assertThat(update.method()).isEqualTo("PATCH");
        assertThat(update.path()).isEqualTo("/repos/o/r/issues/comments/101");
        assertThat(output).contains("[ambient] comment updated on o/r#12");
    }

    @Test
    void shouldNotCommentOnAForkUnlessAllowed() {
        githubAt(server);
        EnvVars fork = new EnvVars(PULL_REQUEST);
        fork.put("CHANGE_FORK", "contributor/r");

        String output = publish("sticky", fork);

        assertThat(server.requestCount()).isZero();
        assertThat(output).contains("[ambient] no pull request comment").contains("fork");
    }

    @Test
    void shouldSayWhyThereIsNoCommentOutsideAPullRequest() {
        githubAt(server);

        String output = publish("sticky", new EnvVars());

        assertThat(server.requestCount()).isZero();
        assertThat(output).contains("not for a pull or merge request");
    }

    @Test
    void shouldKeepTheBuildGreenWhenGitHubRefusesTheToken() {
        githubAt(server);
        server.enqueue(LoopbackServer.Response.json(401, "{\"message\": \"Bad credentials\"}"));

        String output = publish("new", PULL_REQUEST);

        assertThat(output).contains("[ambient] no pull request comment").contains("401").doesNotContain(TOKEN);
        assertThat(output.lines().filter(line -> line.startsWith("[ambient]"))).hasSize(1);
    }

    @Test
    void shouldDeliverTheTrackingRecordInTheBackground() throws Exception {
        AmbientConfiguration config = AmbientConfiguration.get();
        config.setTrackingUrl(server.url("/track"));
        config.setTrackingCredentialsId("token");
        server.enqueue(LoopbackServer.Response.empty(204));

        String output = publish("none", new EnvVars());

        Request put = server.takeRequest(20);
        assertThat(put).isNotNull();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/track/runs/run-1");
        assertThat(put.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(put.body()).contains("\"runId\" : \"run-1\"").contains("\"job\" : \"p\"")
                .doesNotContain(TOKEN);
        assertThat(output).contains("[ambient] run run-1 queued for " + server.url("/track"));
    }

    @Test
    void shouldKeepTheRecordInTheOutboxWhenTheEndpointIsDown() throws Exception {
        LoopbackServer down = LoopbackServer.start();
        String url = down.url("/track");
        down.close();
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
