package io.ambient.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.util.Secret;
import io.ambient.Json;
import io.ambient.jenkins.config.AmbientConfiguration;
import io.ambient.jenkins.testing.LoopbackServer.Request;
import io.ambient.jenkins.testing.LoopbackServer;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.ambient.jenkins.steps.Pipelines.commandAgent;
import static io.ambient.jenkins.steps.Pipelines.inGitWorkspace;
import static io.ambient.jenkins.steps.Pipelines.job;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code openPullRequest} in a pull-request build: the branch goes to a real local git remote (the workspace's
 * origin), the pull request to GitHub simulated by a server on loopback. Requests follow GitHub's documented
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
    private LoopbackServer github;

    @BeforeEach
    void githubAndRemote(JenkinsRule rule) throws Exception {
        j = rule;
        github = LoopbackServer.start();
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "github", "", Secret.fromString(TOKEN)));
        AmbientConfiguration config = AmbientConfiguration.get();
        config.setGithubApiUrl(github.url("/"));
        config.setGithubCredentialsId("github");
        Git.init().setBare(true).setDirectory(remote.toFile()).call().close();
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private WorkflowRun build(String agentScript, String more, Result expected) throws Exception {
        String step = "sh 'git remote add origin " + remote + "'\n"
                + "def r = " + commandAgent(agentScript, ", openPullRequest: true" + more) + "\n"
                + "echo \"pr=${r.pullRequestUrl}\"";
        return j.buildAndAssertStatus(expected, job(j, inGitWorkspace(PULL_REQUEST_BUILD.formatted(step))));
    }

    @Test
    void shouldPushTheChangesAndOpenThePullRequest() throws Exception {
        github.enqueue(LoopbackServer.Response.json(200, "[]"));
        github.enqueue(LoopbackServer.Response.json(201, "{\"number\": 13, \"html_url\": \"https://github.com/o/r/pull/13\"}"));

        WorkflowRun build = build("echo fixed > fix.txt", "", Result.SUCCESS);

        j.assertLogContains("pr=https://github.com/o/r/pull/13", build);
        j.assertLogContains("pull request opened: https://github.com/o/r/pull/13", build);
        j.assertLogNotContains(TOKEN, build);
        Request find = github.takeRequest(5);
        assertThat(find.path())
                .isEqualTo("/repos/o/r/pulls?head=o%3Aambient%2Fteam-r-pr-12-1&state=open&per_page=100");
        Request create = github.takeRequest(5);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/repos/o/r/pulls");
        assertThat(create.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        JsonNode body = Json.MAPPER.readTree(create.body());
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
        assertThat(github.requestCount()).isZero();
    }

    @Test
    void shouldOpenNothingWhenTheAgentChangedNothing() throws Exception {
        WorkflowRun build = build("echo looked around", "", Result.SUCCESS);

        j.assertLogContains("the agent changed nothing: no pull request", build);
        j.assertLogContains("pr=null", build);
        assertThat(github.requestCount()).isZero();
    }

    @Test
    void shouldOpenNothingWhenVerifyFails() throws Exception {
        WorkflowRun build = build("echo fixed > fix.txt", ", verify: 'exit 1', returnOnFailure: true", Result.SUCCESS);

        j.assertLogContains("pr=null", build);
        assertThat(github.requestCount()).isZero();
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
