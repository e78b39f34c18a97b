package io.ambient.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.util.Secret;
import io.ambient.Json;
import io.ambient.jenkins.config.AmbientConfiguration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.ambient.jenkins.steps.Pipelines.commandAgent;
import static io.ambient.jenkins.steps.Pipelines.inGitWorkspace;
import static io.ambient.jenkins.steps.Pipelines.job;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code openPullRequest} in a pull-request build: the branch goes to a real local git remote (the workspace's
 * origin), the pull request to GitHub simulated by MockWebServer on loopback. Requests follow GitHub's documented
 * endpoints: list pulls by head, then create (https://docs.github.com/rest/pulls/pulls).
 */
@WithJenkins
class AmbientAgentStepPullRequestITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    private static final String TOKEN = "ghp_pull_request_token_never_logged";
    private static final String PULL_REQUEST_BUILD = "withEnv(['CHANGE_ID=12', "
            + "'CHANGE_URL=https://github.com/o/r/pull/12', 'CHANGE_TARGET=main', 'JOB_NAME=team/r/PR-12']) {\n%s\n}";

    @TempDir
    Path remote;
    private JenkinsRule j;
    private MockWebServer github;

    @BeforeEach
    void githubAndRemote(JenkinsRule rule) throws Exception {
        j = rule;
        github = new MockWebServer();
        github.start(InetAddress.getLoopbackAddress(), 0);
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "github", "", Secret.fromString(TOKEN)));
        AmbientConfiguration config = AmbientConfiguration.get();
        config.setGithubApiUrl(github.url("/").toString());
        config.setGithubCredentialsId("github");
        Git.init().setBare(true).setDirectory(remote.toFile()).call().close();
    }

    @AfterEach
    void stop() throws Exception {
        github.shutdown();
    }

    private WorkflowRun build(String agentScript, String more, Result expected) throws Exception {
        String step = "sh 'git remote add origin " + remote + "'\n"
                + "def r = " + commandAgent(agentScript, ", openPullRequest: true" + more) + "\n"
                + "echo \"pr=${r.pullRequestUrl}\"";
        return j.buildAndAssertStatus(expected, job(j, inGitWorkspace(PULL_REQUEST_BUILD.formatted(step))));
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void shouldPushTheChangesAndOpenThePullRequest() throws Exception {
        github.enqueue(json(200, "[]"));
        github.enqueue(json(201, "{\"number\": 13, \"html_url\": \"https://github.com/o/r/pull/13\"}"));

        WorkflowRun build = build("echo fixed > fix.txt", "", Result.SUCCESS);

        j.assertLogContains("pr=https://github.com/o/r/pull/13", build);
        j.assertLogContains("pull request opened: https://github.com/o/r/pull/13", build);
        j.assertLogNotContains(TOKEN, build);
        RecordedRequest find = github.takeRequest(5, TimeUnit.SECONDS);
        assertThat(find.getPath())
                .isEqualTo("/repos/o/r/pulls?head=o%3Aambient%2Fteam-r-pr-12-1&state=open&per_page=100");
        RecordedRequest create = github.takeRequest(5, TimeUnit.SECONDS);
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getPath()).isEqualTo("/repos/o/r/pulls");
        assertThat(create.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        JsonNode body = Json.MAPPER.readTree(create.getBody().readUtf8());
        assertThat(body.get("head").asText()).isEqualTo("ambient/team-r-pr-12-1");
        assertThat(body.get("base").asText()).isEqualTo("main");
        assertThat(body.get("title").asText()).isEqualTo("ambient: do it");
        assertThat(fileOnBranch("ambient/team-r-pr-12-1", "fix.txt")).isEqualTo("fixed\n");
    }

    @Test
    void shouldRefuseAForkBeforeTheAgentStarts() throws Exception {
        String step = "withEnv(['CHANGE_FORK=contributor/r']) {\n"
                + "sh 'git remote add origin " + remote + "'\n"
                + commandAgent("echo never > x.txt", ", openPullRequest: true") + "\n}";

        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE,
                job(j, inGitWorkspace(PULL_REQUEST_BUILD.formatted(step))));

        j.assertLogContains("openPullRequest refused: the change comes from a fork", build);
        j.assertLogNotContains("started run", build);
        assertThat(github.getRequestCount()).isZero();
    }

    @Test
    void shouldOpenNothingWhenTheAgentChangedNothing() throws Exception {
        WorkflowRun build = build("echo looked around", "", Result.SUCCESS);

        j.assertLogContains("the agent changed nothing: no pull request", build);
        j.assertLogContains("pr=null", build);
        assertThat(github.getRequestCount()).isZero();
    }

    @Test
    void shouldOpenNothingWhenVerifyFails() throws Exception {
        WorkflowRun build = build("echo fixed > fix.txt", ", verify: 'exit 1', returnOnFailure: true", Result.SUCCESS);

        j.assertLogContains("pr=null", build);
        assertThat(github.getRequestCount()).isZero();
    }

    private String fileOnBranch(String branch, String path) throws Exception {
        try (Git git = Git.open(remote.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository repository = git.getRepository();
            RevCommit commit = walk.parseCommit(repository.resolve("refs/heads/" + branch));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                return new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
