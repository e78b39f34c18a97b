package io.ambient.jenkins.steps;

import hudson.model.Result;
import io.ambient.exec.DockerExecutor;
import io.ambient.jenkins.testing.NeedsInboundAgents;
import jenkins.slaves.restarter.SlaveRestarter;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.InboundAgentExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ambient.jenkins.steps.Pipelines.IMAGE;
import static io.ambient.jenkins.steps.Pipelines.inGitWorkspaceOn;
import static io.ambient.jenkins.steps.Pipelines.job;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fan-out runs in its node's JVM: it outlives a controller restart when that JVM does (an inbound agent that
 * reconnects), and is reported lost, its containers cancelled, when it does not. The controller restarts within the
 * test's JVM here, so the built-in node's JVM would survive it; a killed agent process stands for a lost node JVM.
 */
@NeedsInboundAgents
class AmbientFanOutStepRestartITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();
    @RegisterExtension
    private final InboundAgentExtension inboundAgents = new InboundAgentExtension();

    private static final String AGENT = "remote";
    private static final Pattern CANCELLED = Pattern.compile("ambient: cancelled run (\\S+) of the lost fan-out");

    @Test
    void shouldFinishAFanOutOnAnAgentAfterARestartWithEveryLineOnce() throws Throwable {
        sessions.then(j -> {
            // Jenkins restarts an inbound DumbSlave's JVM when it reconnects; without restarters the agent stands for
            // one whose process stays up (a Kubernetes pod agent, a Windows service).
            for (SlaveRestarter restarter : new ArrayList<>(SlaveRestarter.all())) {
                SlaveRestarter.all().remove(restarter);
            }
            inboundAgents.createAgent(j, InboundAgentExtension.Options.newBuilder().name(AGENT).build());
            WorkflowRun build = job(j, inGitWorkspaceOn(AGENT,
                    fanOut("echo before-$AMBIENT_PROMPT; sleep 15; echo after-$AMBIENT_PROMPT") + "\n"
                            + "echo \"runs=${r.runs.size()} api=${r.runs.api.status} web=${r.runs.web.status}\""))
                    .scheduleBuild2(0).waitForStart();
            j.waitForMessage("[api] before-api", build);
            j.waitForMessage("[web] before-web", build);
        });
        sessions.then(j -> {
            WorkflowRun build = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(build));
            String log = JenkinsRule.getLog(build);
            assertThat(log).containsOnlyOnce("[api] before-api").containsOnlyOnce("[web] before-web")
                    .containsOnlyOnce("[api] after-api").containsOnlyOnce("[web] after-web");
            j.assertLogContains("following fan-out", build);
            j.assertLogContains("runs=2 api=succeeded web=succeeded", build);
        });
    }

    @Test
    void shouldFailALostFanOutAndLeaveNoContainer() throws Throwable {
        sessions.then(j -> {
            inboundAgents.createAgent(j, InboundAgentExtension.Options.newBuilder().name(AGENT).build());
            WorkflowRun build = job(j, inGitWorkspaceOn(AGENT, fanOut("echo before-$AMBIENT_PROMPT; sleep 600")))
                    .scheduleBuild2(0).waitForStart();
            j.waitForMessage("[api] before-api", build);
            j.waitForMessage("[web] before-web", build);
            inboundAgents.stop(AGENT);
        });
        sessions.then(j -> {
            inboundAgents.start(j, AGENT);
            WorkflowRun build = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(build));
            String log = JenkinsRule.getLog(build);
            assertThat(log).contains("was lost: the JVM running it on");
            List<String> cancelled = cancelledRuns(log);
            assertThat(cancelled).hasSize(2).anyMatch(id -> id.endsWith("-api")).anyMatch(id -> id.endsWith("-web"));
            try (DockerExecutor docker = DockerExecutor.fromEnvironment()) {
                for (String runId : cancelled) {
                    assertThat(docker.find(runId)).as(runId).isEmpty();
                }
            }
        });
    }

    /** A fan-out over {@code api/} and {@code web/} whose runs run {@code script}; its result is {@code r}. */
    private static String fanOut(String script) {
        return "def r = ambientFanOut agent: 'command', image: '" + IMAGE + "', prompt: '${SHARD_NAME}', "
                + "shards: [api: ['api/'], web: ['web/']], maxParallel: 2, args: ['sh', '-c', '" + script + "']";
    }

    private static List<String> cancelledRuns(String log) {
        List<String> runIds = new ArrayList<>();
        Matcher matcher = CANCELLED.matcher(log);
        while (matcher.find()) {
            runIds.add(matcher.group(1));
        }
        return runIds;
    }
}
