package io.ambient.jenkins.report;

import hudson.FilePath;
import hudson.model.Item;
import io.ambient.report.RunStatus;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /ambient/api/json}: runs across jobs, filtered, and only those of jobs the caller may read. */
@WithJenkins
class AmbientDashboardITest {
    private JenkinsRule j;

    @TempDir
    Path nodeDir;

    @BeforeEach
    void twoJobsWithAgentRuns(JenkinsRule rule) throws Exception {
        j = rule;
        WorkflowJob open = jobWithRun("open", "run-open", "claude-code", RunStatus.SUCCEEDED);
        WorkflowJob secret = jobWithRun("secret", "run-secret", "codex", RunStatus.FAILED);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("alice")
                .grant(Item.READ).onItems(open).to("alice"));
        assertThat(secret.getBuildByNumber(1)).isNotNull();
    }

    private WorkflowJob jobWithRun(String name, String runId, String agent, RunStatus status) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        // The run is recorded while the build runs, as the steps do, so that the index sees it on completion.
        job.setDefinition(new CpsFlowDefinition("node {\n  echo 'agent running'\n"
                + "  waitUntil(initialRecurrencePeriod: 100, quiet: true) { fileExists 'recorded' }\n}", true));
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        j.waitForMessage("agent running", build);
        Path dir = TestReports.writeRunDir(nodeDir.resolve(runId), TestReports.report(runId, agent, status, 0.1));
        AmbientRunsAction.forBuild(build).record("review", name, new FilePath(dir.toFile()));
        j.jenkins.getWorkspaceFor(job).child("recorded").write("", "UTF-8");
        j.assertBuildStatusSuccess(j.waitForCompletion(build));
        return job;
    }

    private List<String> runIds(String user, String query) throws Exception {
        // As a REST client calls it: with the user's API token, no login page.
        JSONArray runs = j.createWebClient().withBasicApiToken(user).getJSON("ambient/api/json" + query).getJSONObject()
                .getJSONArray("runs");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ids.add(runs.getJSONObject(i).getJSONObject("run").getString("runId"));
        }
        return ids;
    }

    @Test
    void shouldShowAdministratorsTheRunsOfAllJobs() throws Exception {
        assertThat(runIds("admin", "")).containsExactlyInAnyOrder("run-open", "run-secret");
    }

    @Test
    void shouldHideRunsOfJobsTheUserCannotRead() throws Exception {
        assertThat(runIds("alice", "")).containsExactly("run-open");
    }

    @ParameterizedTest(name = "{0} keeps {1}")
    @CsvSource({"?agent=codex, run-secret", "?status=succeeded, run-open", "?job=secret, run-secret"})
    void shouldFilterByQueryParameter(String query, String kept) throws Exception {
        assertThat(runIds("admin", query)).containsExactly(kept);
    }

    @Test
    void shouldDropTheRunsOfADeletedBuild() throws Exception {
        j.jenkins.getItemByFullName("secret", WorkflowJob.class).getBuildByNumber(1).delete();

        assertThat(runIds("admin", "")).containsExactly("run-open");
    }
}
