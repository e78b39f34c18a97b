package io.ambient.jenkins.steps;

import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

import static io.ambient.jenkins.steps.Pipelines.commandAgent;
import static io.ambient.jenkins.steps.Pipelines.inGitWorkspace;
import static io.ambient.jenkins.steps.Pipelines.job;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent run outlives a controller restart: the container goes on, the step follows it again; a run whose report
 * was collected before the restart is finished from that report.
 */
class AmbientAgentStepRestartITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void shouldFinishARunAfterARestartWithNoLineLostOrRepeated() throws Throwable {
        sessions.then(j -> {
            WorkflowRun build = job(j, inGitWorkspace(
                    "def r = " + commandAgent("echo line-before; sleep 10; echo line-after; echo x > out.txt", "") + "\n"
                            + "echo \"status=${r.status}\"")).scheduleBuild2(0).waitForStart();
            j.waitForMessage("line-before", build);
        });
        sessions.then(j -> {
            WorkflowRun build = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(build));
            String log = JenkinsRule.getLog(build);
            assertThat(log).containsOnlyOnce("line-before").containsOnlyOnce("line-after");
            j.assertLogContains("following run", build);
            j.assertLogContains("status=succeeded", build);
        });
    }

    @Test
    void shouldFinishARunFromItsReportWhenJenkinsRestartedWhileVerifyingIt() throws Throwable {
        sessions.then(j -> {
            WorkflowRun build = job(j, inGitWorkspace(
                    "def r = " + commandAgent("echo x > out.txt", ", verify: 'sleep 15'") + "\n"
                            + "echo \"status=${r.status} verifyPassed=${r.verifyPassed}\"")).scheduleBuild2(0)
                    .waitForStart();
            j.waitForMessage("ambient: verifying run", build);
        });
        sessions.then(j -> {
            WorkflowRun build = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(build));
            j.assertLogContains("finishing run", build);
            j.assertLogContains("status=succeeded verifyPassed=true", build);
        });
    }
}
