package io.ambient.jenkins.publish;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.EnvVars;
import hudson.util.Secret;
import hudson.util.StreamTaskListener;
import io.ambient.jenkins.config.AmbientConfiguration;
import io.ambient.jenkins.report.TestReports;
import io.ambient.jenkins.testing.LoopbackServer;
import io.ambient.report.RunStatus;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Run records queued while the tracking endpoint was down are delivered after a controller restart. */
class TrackingAfterRestartITest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void shouldDeliverRecordsQueuedBeforeARestartWithoutWaitingForANewRun() throws Throwable {
        LoopbackServer down = LoopbackServer.start();
        int port = down.port();
        String url = down.url("/track");
        down.close();

        sessions.then(j -> {
            CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                    new StringCredentialsImpl(CredentialsScope.GLOBAL, "token", "", Secret.fromString("t0ken-xyz")));
            AmbientConfiguration config = AmbientConfiguration.get();
            config.setTrackingUrl(url);
            config.setTrackingCredentialsId("token");
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("echo 'agents ran here'", true));
            WorkflowRun build = j.buildAndAssertSuccess(p);
            RunPublishing.afterRun(build, new StreamTaskListener(new ByteArrayOutputStream(), StandardCharsets.UTF_8),
                    TestReports.report("run-1", "claude-code", RunStatus.SUCCEEDED, 0.1), "job/p/1/ambient/run-1/",
                    "none", "review", "lint", new EnvVars());
        });

        try (LoopbackServer up = LoopbackServer.startOn(port).enqueue(LoopbackServer.Response.empty(204))) {
            sessions.then(j -> {
                LoopbackServer.Request put = up.takeRequest(60);
                assertThat(put).as("the record queued before the restart").isNotNull();
                assertThat(put.path()).isEqualTo("/track/runs/run-1");
                assertThat(put.header("Authorization")).isEqualTo("Bearer t0ken-xyz");
            });
        }
    }
}
