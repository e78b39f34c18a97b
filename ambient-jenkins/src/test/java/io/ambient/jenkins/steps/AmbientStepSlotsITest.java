package io.ambient.jenkins.steps;

import hudson.model.Result;
import io.ambient.jenkins.config.AmbientConfiguration;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import static io.ambient.jenkins.steps.Pipelines.commandAgent;
import static io.ambient.jenkins.steps.Pipelines.inGitWorkspace;
import static io.ambient.jenkins.steps.Pipelines.job;

/** The controller's agent slots ({@code maxConcurrentRuns}): a step stopped in any phase gives its slot back. */
@WithJenkins
class AmbientStepSlotsITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void shouldGiveTheSlotsOfStoppedStepsToTheNextBuild(JenkinsRule j) throws Exception {
        j.jenkins.setNumExecutors(3);
        AmbientConfiguration.get().setMaxConcurrentRuns("1");
        WorkflowJob p = job(j, inGitWorkspace(commandAgent("echo busy; sleep 600", "")));
        WorkflowRun running = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("busy", running);
        WorkflowRun waiting = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("waiting for an agent slot", waiting);

        waiting.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(waiting));
        running.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(running));

        WorkflowRun next = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("busy", next);
        j.assertLogNotContains("waiting for an agent slot", next);
        next.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(next));
    }
}
