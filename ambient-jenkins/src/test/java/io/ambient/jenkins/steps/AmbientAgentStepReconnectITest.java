package io.ambient.jenkins.steps;

import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.InboundAgentExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import static io.ambient.jenkins.steps.Pipelines.commandAgent;
import static io.ambient.jenkins.steps.Pipelines.inGitWorkspace;
import static io.ambient.jenkins.steps.Pipelines.job;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent run outlives its node's agent process: the container runs detached from it, and the step, whose follow
 * call was cut off on the node by the closed channel, follows the run again once the agent is back.
 */
@WithJenkins
class AmbientAgentStepReconnectITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    @RegisterExtension
    private final InboundAgentExtension inboundAgents = new InboundAgentExtension();

    private static final String AGENT = "remote";

    @Test
    void shouldFollowARunAgainAfterItsAgentReconnectedWithNoLineLostOrRepeated(JenkinsRule j) throws Exception {
        inboundAgents.createAgent(j, InboundAgentExtension.Options.newBuilder().name(AGENT).build());
        WorkflowRun build = job(j, inGitWorkspace(
                "def r = " + commandAgent("echo line-before; sleep 15; echo line-after", "") + "\n"
                        + "echo \"status=${r.status}\"").replaceFirst("node \\{", "node('" + AGENT + "') {"))
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
}
