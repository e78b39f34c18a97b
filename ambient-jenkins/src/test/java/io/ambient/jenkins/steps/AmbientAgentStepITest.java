package io.ambient.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import hudson.util.Secret;
import io.ambient.exec.DockerExecutor;
import io.ambient.fanout.Verifier;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import static io.ambient.jenkins.steps.Pipelines.commandAgent;
import static io.ambient.jenkins.steps.Pipelines.inGitWorkspace;
import static io.ambient.jenkins.steps.Pipelines.job;
import static io.ambient.jenkins.steps.Pipelines.warnings;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code ambientAgent} in real pipelines: the command agent in a real container on the built-in node. */
@WithJenkins
class AmbientAgentStepITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void shouldReturnTheRunsOutcomeToThePipeline(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertSuccess(job(j, inGitWorkspace(
                "def r = " + commandAgent("echo done > result.txt; echo finished", "") + "\n"
                        + "echo \"status=${r.status} exit=${r.exitCode} changed=${r.changedFiles} turns=${r.turns}\"\n"
                        + "echo \"patch=${r.patchFile != null} report=${r.reportUrl != null} suspect=${r.suspect}\"")));

        j.assertLogContains("finished", build);
        j.assertLogContains("status=succeeded exit=0 changed=[result.txt] turns=0", build);
        j.assertLogContains("patch=true report=true suspect=false", build);
    }

    @Test
    void shouldFailWhenTheAgentFails(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                commandAgent("echo broken; exit 3", ""))));

        j.assertLogContains("broken", build);
        j.assertLogContains("ended failed", build);
    }

    @Test
    void shouldMarkTheBuildUnstableAndSayWhyWhenTheRunSucceededButDidNothing(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.UNSTABLE, job(j, inGitWorkspace(
                "def r = " + commandAgent("true", "") + "\necho \"suspect=${r.suspect}\"")));

        j.assertLogContains("suspect=true", build);
        j.assertLogContains("succeeded but is suspect: the agent succeeded but produced nothing", build);
        assertThat(warnings(build)).singleElement().asString().contains("produced nothing");
    }

    @Test
    void shouldLetASuspectRunPassWithAllowSuspect(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertSuccess(job(j, inGitWorkspace(commandAgent("true", ", allowSuspect: true"))));

        assertThat(warnings(build)).isEmpty();
    }

    @Test
    void shouldFailASuspectRunWithFailOnSuspect(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                commandAgent("true", ", failOnSuspect: true"))));

        j.assertLogContains("succeeded but is suspect", build);
    }

    @Test
    void shouldRejectFailOnSuspectWithAllowSuspectBeforeAnythingStarts(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                commandAgent("true", ", failOnSuspect: true, allowSuspect: true"))));

        j.assertLogContains("failOnSuspect and allowSuspect contradict each other", build);
        j.assertLogNotContains("ambient: started run", build);
    }

    @Test
    void shouldRefuseAnEndpointWithCredentialsInItsUrlBeforeAnythingStartsWithoutShowingThem(JenkinsRule j)
            throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                commandAgent("echo never", ", endpoint: 'https://team:Zq7-hunter2@llm.example.com'"))));

        j.assertLogContains("has credentials in its URL, which Jenkins would not mask", build);
        j.assertLogNotContains("Zq7-hunter2", build);
        j.assertLogNotContains("started run", build);
    }

    @Test
    void shouldReturnAFailedRunWithReturnOnFailure(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertSuccess(job(j, inGitWorkspace(
                "def r = " + commandAgent("exit 3", ", returnOnFailure: true") + "\n"
                        + "echo \"status=${r.status} exit=${r.exitCode}\"")));

        j.assertLogContains("status=failed exit=3", build);
    }

    @Test
    void shouldRejectAnInvalidCommentModeBeforeAnythingStarts(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                commandAgent("echo never", ", comment: 'loud'"))));

        j.assertLogContains("invalid comment mode 'loud': use none, new or sticky", build);
        j.assertLogNotContains("started run", build);
    }

    @Test
    void shouldRejectAnUnknownProfileBeforeAnyContainerStarts(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                "ambientAgent agent: 'nobody', prompt: 'do it'")));

        j.assertLogContains("unknown agent or profile 'nobody'", build);
        j.assertLogNotContains("started run", build);
    }

    @Test
    void shouldRejectAMissingCredentialBeforeAnyContainerStarts(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                commandAgent("echo never", ", credentials: [MY_TOKEN: 'no-such-id']"))));

        j.assertLogContains("no Secret text credential 'no-such-id' for this job", build);
        j.assertLogNotContains("started run", build);
    }

    @Test
    void shouldMaskCredentialsInTheLog(JenkinsRule j) throws Exception {
        String secret = "s3cr3t-value-4711";
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "token", "test token", Secret.fromString(secret)));

        WorkflowRun build = j.buildAndAssertSuccess(job(j, inGitWorkspace(
                commandAgent("echo token is $MY_TOKEN; echo done > out.txt", ", credentials: [MY_TOKEN: 'token']"))));

        j.assertLogContains("token is ****", build);
        j.assertLogNotContains(secret, build);
    }

    @Test
    void shouldReturnThePassedVerify(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertSuccess(job(j, inGitWorkspace(
                "def r = " + commandAgent("echo done > result.txt", ", verify: 'echo checking; test -f result.txt'")
                        + "\necho \"verify=${r.verifyPassed} exit=${r.verifyExitCode}\"")));

        j.assertLogContains("[verify] checking", build);
        j.assertLogContains("ambient: verify passed", build);
        j.assertLogContains("verify=true exit=0", build);
    }

    @Test
    void shouldFailTheStepWhenVerifyFails(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                commandAgent("echo done > result.txt", ", verify: 'exit 4'"))));

        j.assertLogContains("the verify command 'exit 4' failed with exit code 4", build);
    }

    @Test
    void shouldReturnAFailedVerifyWithReturnOnFailure(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertSuccess(job(j, inGitWorkspace(
                "def r = " + commandAgent("echo done > result.txt", ", verify: 'exit 4', returnOnFailure: true")
                        + "\necho \"status=${r.status} verify=${r.verifyPassed} exit=${r.verifyExitCode}\"")));

        j.assertLogContains("status=succeeded verify=false exit=4", build);
    }

    @Test
    void shouldRefuseAPullRequestWithoutABaseBranchBeforeAnythingStarts(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                "sh 'git remote add origin https://github.com/o/r.git'\n"
                        + commandAgent("echo never", ", openPullRequest: true"))));

        j.assertLogContains("openPullRequest needs the branch to merge into", build);
        j.assertLogNotContains("started run", build);
    }

    @Test
    void shouldStopTheContainerWhenTheBuildIsAborted(JenkinsRule j) throws Exception {
        WorkflowRun build = abortedOnceLogged(j, commandAgent("echo waiting; sleep 600", ""), "waiting");

        String runId = Pipelines.runId(JenkinsRule.getLog(build));
        j.assertLogContains("run " + runId + " cancelled", build);
        try (DockerExecutor docker = DockerExecutor.fromEnvironment()) {
            assertThat(docker.find(runId)).isEmpty();
        }
    }

    @Test
    void shouldAbortTheBuildAndStopTheVerifyWhenStoppedWhileVerifying(JenkinsRule j) throws Exception {
        WorkflowRun build = abortedOnceLogged(j, commandAgent("echo x > out.txt", ", verify: 'sleep 600'"),
                "ambient: verifying run");

        String runId = Pipelines.runId(JenkinsRule.getLog(build));
        try (DockerExecutor docker = DockerExecutor.fromEnvironment()) {
            assertThat(docker.find(Verifier.verifyRunId(runId))).isEmpty();
        }
    }

    /** Runs {@code body} in a git workspace, stops the build once its log shows {@code message}; it is aborted. */
    private static WorkflowRun abortedOnceLogged(JenkinsRule j, String body, String message) throws Exception {
        WorkflowRun build = job(j, inGitWorkspace(body)).scheduleBuild2(0).waitForStart();
        j.waitForMessage(message, build);

        build.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(build));
        return build;
    }
}
