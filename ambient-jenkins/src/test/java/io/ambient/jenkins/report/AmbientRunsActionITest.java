package io.ambient.jenkins.report;

import hudson.FilePath;
import io.ambient.jenkins.testing.RendersPages;
import io.ambient.report.RunStatus;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The build's Ambient action over real report directories written by core, served by a real Jenkins. */
@WithJenkins
class AmbientRunsActionITest {
    private JenkinsRule j;
    private WorkflowRun build;

    @TempDir
    Path nodeDir;

    @BeforeEach
    void build(JenkinsRule rule) throws Exception {
        j = rule;
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("echo 'agents ran here'", true));
        build = j.buildAndAssertSuccess(p);
    }

    private String record(String runId, RunStatus status) throws Exception {
        Path dir = TestReports.writeRunDir(nodeDir.resolve(runId),
                TestReports.report(runId, "claude-code", status, 0.25));
        return AmbientRunsAction.forBuild(build).record("review", "lint-" + runId, new FilePath(dir.toFile()));
    }

    @Test
    void shouldReturnTheReportUrlBelowTheBuild() throws Exception {
        assertThat(record("run-1", RunStatus.SUCCEEDED)).isEqualTo("job/p/1/ambient/run-1/");
    }

    @Test
    void shouldExposeEveryRecordedRunInTheBuildApiJson() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);
        record("run-2", RunStatus.FAILED);

        JSONObject json = j.getJSON("job/p/1/ambient/api/json").getJSONObject();

        JSONArray runs = json.getJSONArray("runs");
        assertThat(runs.size()).isEqualTo(2); // JSONArray is both a List and a Comparable: AssertJ cannot choose
        JSONObject first = runs.getJSONObject(0);
        assertThat(first.getString("runId")).isEqualTo("run-1");
        assertThat(first.getString("stage")).isEqualTo("review");
        assertThat(first.getString("name")).isEqualTo("lint-run-1");
        assertThat(first.getString("agent")).isEqualTo("claude-code");
        assertThat(first.getString("status")).isEqualTo("succeeded");
        assertThat(first.getDouble("costUsd")).isEqualTo(0.25);
        assertThat(first.getInt("turns")).isEqualTo(7);
        assertThat(runs.getJSONObject(1).getString("status")).isEqualTo("failed");
    }

    @Test
    void shouldExposeTheRunsInTheBuildsOwnApiJson() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);

        JSONArray actions = j.getJSON("job/p/1/api/json").getJSONObject().getJSONArray("actions");

        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            JSONObject action = actions.getJSONObject(i);
            if (AmbientRunsAction.class.getName().equals(action.optString("_class"))) {
                runIds.add(action.getJSONArray("runs").getJSONObject(0).getString("runId"));
            }
        }
        assertThat(runIds).containsExactly("run-1");
    }

    @Test
    void shouldKeepReportsInTheBuildDirectoryAndOnlyTheIndexInBuildXml() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);

        File stored = new File(build.getRootDir(), "ambient/run-1/report.json");
        assertThat(stored).isFile();
        String buildXml = Files.readString(new File(build.getRootDir(), "build.xml").toPath(), StandardCharsets.UTF_8);
        assertThat(buildXml).contains("run-1").doesNotContain("Fix the failing test").doesNotContain("+new");
    }

    @Test
    void shouldReplaceARunRecordedAgainAsAStepDoesAfterARestart() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);
        Path again = TestReports.writeRunDir(nodeDir.resolve("run-1-again"),
                TestReports.report("run-1", "claude-code", RunStatus.FAILED, 0.25));

        AmbientRunsAction.forBuild(build).record("review", "lint-run-1", new FilePath(again.toFile()));

        assertThat(build.getAction(AmbientRunsAction.class).getRuns()).extracting(RunEntry::getRunId)
                .containsExactly("run-1");
        assertThat(j.getJSON("job/p/1/ambient/api/json").getJSONObject().getJSONArray("runs").getJSONObject(0)
                .getString("status")).isEqualTo("failed");
    }

    @Test
    void shouldKeepTheRunsAfterTheBuildIsReloadedFromDisk() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);

        build.reload();

        assertThat(build.getAction(AmbientRunsAction.class).getRuns()).extracting(RunEntry::getRunId)
                .containsExactly("run-1");
    }

    @Test
    void shouldServeThePatchAsPlainText() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);

        Page patch = j.createWebClient().goTo("job/p/1/ambient/run-1/patch", "text/plain");

        assertThat(patch.getWebResponse().getContentAsString()).isEqualTo(TestReports.PATCH);
        assertThat(patch.getWebResponse().getResponseHeaderValue("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    @RendersPages
    void shouldRenderTheFullReportWithEscapedAgentText() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);

        HtmlPage page = j.createWebClient().goTo("job/p/1/ambient/run-1/");

        String html = page.getWebResponse().getContentAsString();
        assertThat(html).contains("class=\"ambient-report ar-run\"").contains("Fixed the &lt;b&gt;test&lt;/b&gt;.")
                .doesNotContain("<b>test</b>");
        assertThat(page.asNormalizedText()).as("what a user reads on the report page")
                .contains("Fixed the <b>test</b>.").contains("Main.java").contains("$0.25");
    }

    @Test
    @RendersPages
    void shouldListTheRunsInTheBuildPageSummary() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);

        String html = j.createWebClient().getPage(build).getWebResponse().getContentAsString();

        assertThat(html).contains("Ambient agent runs").contains("lint-run-1").contains("$0.2500");
    }

    @Test
    @RendersPages
    void shouldShowRunsSuccessRateAndCostInTheProjectTrend() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);
        record("run-2", RunStatus.FAILED);

        String html = j.createWebClient().goTo("job/p/ambient/").getWebResponse().getContentAsString();

        assertThat(html).contains("50% (1/2)").contains("$0.5000");
    }

    @Test
    @RendersPages
    void shouldLinkCoreStylesheetAsAStaticResource() throws Exception {
        record("run-1", RunStatus.SUCCEEDED);
        JenkinsRule.WebClient web = j.createWebClient();
        String html = web.goTo("job/p/1/ambient/run-1/").getWebResponse().getContentAsString();

        Matcher link = Pattern.compile("adjuncts/[^\"]*/io/ambient/report/render/ambient-report\\.css")
                .matcher(html);

        assertThat(link.find()).as("stylesheet link in %s", html).isTrue();
        Page css = web.goTo(link.group(), "text/css");
        assertThat(css.getWebResponse().getContentAsString()).contains(".ambient-report");
    }
}
