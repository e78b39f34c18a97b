package io.ambient.jenkins.steps;

import hudson.model.Result;
import io.ambient.exec.DockerExecutor;
import io.ambient.jenkins.testing.NeedsInboundAgents;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.InboundAgentExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import static io.ambient.jenkins.steps.Pipelines.commandAgent;
import static io.ambient.jenkins.steps.Pipelines.inGitWorkspaceOn;
import static io.ambient.jenkins.steps.Pipelines.job;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ambientAgent} on an inbound agent. What comes back over the channel passes Jenkins' class filter (JEP-200:
 * run with {@code verify}, ambient-core is a jar there, whose classes the filter refuses). An agent run outlives its
 * node's agent process: the container runs detached from it, and the step, whose follow call was cut off on the node
 * by the closed channel, follows the run again once the agent is back. Aborted while the node is away, the build is
 * aborted, not failed.
 */
@WithJenkins
@NeedsInboundAgents
class AmbientAgentStepOnAgentITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    @RegisterExtension
    private final InboundAgentExtension inboundAgents = new InboundAgentExtension();

    private static final String AGENT = "remote";

    @Test
    void shouldReturnTheOutcomeOfARunOnAnAgent(JenkinsRule j) throws Exception {
        inboundAgents.createAgent(j, InboundAgentExtension.Options.newBuilder().name(AGENT).build());

        WorkflowRun build = j.buildAndAssertSuccess(job(j, inGitWorkspaceOn(AGENT,
                "def r = " + commandAgent("echo hello; echo x > out.txt", ", verify: 'test -f out.txt'") + "\n"
                        + "echo \"status=${r.status} changed=${r.changedFiles} verifyPassed=${r.verifyPassed}\"")));

        j.assertLogContains("hello", build);
        j.assertLogContains("status=succeeded changed=[out.txt] verifyPassed=true", build);
    }

    @Test
    void shouldFollowARunAgainAfterItsAgentReconnectedWithNoLineLostOrRepeated(JenkinsRule j) throws Exception {
        inboundAgents.createAgent(j, InboundAgentExtension.Options.newBuilder().name(AGENT).build());
        WorkflowRun build = job(j, inGitWorkspaceOn(AGENT,
                "def r = " + commandAgent("echo line-before; sleep 15; echo line-after", "") + "\n"
                        + "echo \"status=${r.status}\""))
                .scheduleBuild2(0).waitForStart();
        j.waitForMessage("line-before", build);

        // Most of a follow call is spent waiting on the node: killing the agent process cuts one off there.
        inboundAgents.stop(AGENT);
        j.waitForMessage("following it again when the node is back", build);
        inboundAgents.start(j, AGENT);

        j.assertBuildStatusSuccess(j.waitForCompletion(build));
        assertThat(JenkinsRule.getLog(build)).containsOnlyOnce("line-before").containsOnlyOnce("line-after");
        j.assertLogContains("status=succeeded", build);
    }

    @Test
    void shouldAbortABuildWhoseNodeIsAwayWhenItIsStopped(JenkinsRule j) throws Exception {
        inboundAgents.createAgent(j, InboundAgentExtension.Options.newBuilder().name(AGENT).build());
        WorkflowRun build = job(j, inGitWorkspaceOn(AGENT, commandAgent("echo waiting; sleep 600", "")))
                .scheduleBuild2(0).waitForStart();
        j.waitForMessage("waiting", build);
        String runId = Pipelines.runId(JenkinsRule.getLog(build));
        inboundAgents.stop(AGENT);
        j.waitForMessage("following it again when the node is back", build);

        build.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(build));
        j.assertLogContains("could not stop command", build);
        try (DockerExecutor docker = DockerExecutor.fromEnvironment()) {
            // Nobody could reach it: the test removes what the step had to leave.
            docker.find(runId).ifPresent(docker::cancel);
        }
    }
}
