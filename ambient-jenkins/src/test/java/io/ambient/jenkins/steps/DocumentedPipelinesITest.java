package io.ambient.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.util.Secret;
import io.ambient.Json;
import io.ambient.e2e.FakeAnthropicApi;
import io.ambient.e2e.FakeModelApi.Turn;
import io.ambient.jenkins.config.AmbientConfiguration;
import io.ambient.jenkins.config.ContextPackSource;
import io.ambient.jenkins.report.AmbientRunsAction;
import io.ambient.jenkins.report.RunEntry;
import io.ambient.jenkins.testing.LoopbackServer;
import io.ambient.jenkins.testing.LoopbackServer.Request;
import io.ambient.jenkins.testing.LoopbackServer.Response;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ambient.e2e.FakeModelApi.text;
import static io.ambient.e2e.FakeModelApi.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jenkinsfiles of docs/jenkins.md, their {@code ambient*} steps exactly as written, run end to end: the real
 * Claude Code CLI in its container on the built-in node, answered by a fake Anthropic API on loopback (the hosted
 * model is the one thing that cannot exist here); GitHub by a server on loopback that also serves a bare repository
 * with the real {@code git http-backend}. What differs from the documentation, and why: the declarative
 * {@code pipeline {}} wrapper is written as the scripted pipeline it stands for (pipeline-model-definition is not in
 * the test Jenkins), {@code checkout scm} as the clone it does, the multibranch job's variables ({@code CHANGE_*},
 * {@code BRANCH_NAME}, {@code GIT_URL}) as {@code withEnv}, and {@code agent: 'codex'} / {@code 'gemini'} as
 * {@code 'claude-code'}, the only agent CLI whose image is built here. The team's settings are what an administrator
 * would configure: the {@code claude-code} profile pointing at the model endpoint, the {@code team-rules} pack.
 */
@WithJenkins
class DocumentedPipelinesITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();
    private static final String CLAUDE_IMAGE =
            System.getenv().getOrDefault("AMBIENT_CLAUDE_IMAGE", "ambient-test/claude-code:1");
    private static final String GITHUB_TOKEN = "ghp_documented_pipelines_token";
    private static final String PULL_REQUEST = "withEnv(['CHANGE_ID=12', 'CHANGE_URL=https://github.com/o/r/pull/12', "
            + "'CHANGE_TARGET=main', 'BRANCH_NAME=PR-12']) {\n%s\n}";
    /** The sample repository every pipeline checks out: a dead method for the cleanups, a wrapper for verify. */
    private static final String API_JAVA = "class Api {\n  int answer() { return 42; }\n  void unusedHelper() {}\n}\n";
    private static final String CLEAN_API_JAVA = "class Api {\n  int answer() { return 42; }\n}\n";
    /** Stands in for the Maven wrapper: the build passes once the dead method is gone. */
    private static final String MVNW = "#!/bin/sh\n! grep -q unusedHelper Api.java\n";

    @TempDir
    Path tmp;
    private JenkinsRule j;
    private LoopbackServer github;
    private FakeAnthropicApi model;
    private Path origin;

    @BeforeEach
    void teamSetup(JenkinsRule rule) throws Exception {
        j = rule;
        j.jenkins.setLabelString("docker agents");
        j.jenkins.setNumExecutors(4);
        credential("anthropic-key", "sk-ant-e2e-dummy");
        credential("github-token", GITHUB_TOKEN);
        github = LoopbackServer.start();
        AmbientConfiguration config = AmbientConfiguration.get();
        config.setGithubApiUrl(github.url("/"));
        config.setGithubCredentialsId("github-token");
        ContextPackSource teamRules = new ContextPackSource("team-rules");
        teamRules.setYaml("rules: Report only real problems; never change the public API.\n"
                + "templates:\n"
                + "  review: \"Review the changes of PR ${CHANGE_ID} against ${CHANGE_TARGET}; list real problems "
                + "only.\"\n");
        config.setContextPacks(List.of(teamRules));
        origin = sampleRepository();
    }

    @AfterEach
    void stop() {
        github.close();
        if (model != null) {
            model.close();
        }
    }

    private void credential(String id, String secret) throws IOException {
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "", Secret.fromString(secret)));
    }

    /** The model answers {@code script}; the {@code claude-code} profile sends the CLI there, on the host network. */
    private void modelAnswers(Turn... script) {
        model = FakeAnthropicApi.start(script);
        AmbientConfiguration.get().setProfilesYaml("""
                profiles:
                  claude-code:
                    agent: claude-code
                    image: %s
                    network: host
                    credentials: [ANTHROPIC_API_KEY]
                    env:
                      ANTHROPIC_BASE_URL: %s
                """.formatted(CLAUDE_IMAGE, model.baseUrl()));
    }

    /** A bare repository with {@code main}: Api.java with a dead method, and an executable mvnw. */
    private Path sampleRepository() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("Api.java"), API_JAVA);
        Files.writeString(work.resolve("mvnw"), MVNW);
        git(work, "init", "-q", "-b", "main");
        git(work, "add", "Api.java", "mvnw");
        git(work, "update-index", "--chmod=+x", "mvnw");
        git(work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "init");
        Path bare = tmp.resolve("remote").resolve("r.git");
        git(tmp, "clone", "-q", "--bare", work.toString(), bare.toString());
        return bare;
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor()).as("git %s: %s", String.join(" ", args), output).isZero();
        return output.strip();
    }

    /** What {@code checkout scm} leaves: a clone of the repository on its branch. */
    private String checkout() {
        return "deleteDir()\nsh \"git clone -q -b main '" + origin + "' .\"\n";
    }

    private static List<RunEntry> runs(WorkflowRun build) {
        return build.getAction(AmbientRunsAction.class).getRuns();
    }

    private static Turn review() {
        return Turn.of(text("Two real problems: Api.unusedHelper is dead code; answer() has no test."));
    }

    /** Reads Api.java (Claude Code writes no file it has not read), writes it without the dead method. */
    private static Turn[] removeDeadCode() {
        return new Turn[] {
            Turn.of(text("Looking for dead code."), toolCall("Read", Map.of("file_path", "/workspace/Api.java"))),
            Turn.of(text("Removing the unused helper."),
                    toolCall("Write", Map.of("file_path", "/workspace/Api.java", "content", CLEAN_API_JAVA))),
            Turn.of(text("Removed Api.unusedHelper; the public API is unchanged."))};
    }

    @Test
    void shouldKeepOnePullRequestCommentUpToDateWithThePrHelper() throws Exception {
        modelAnswers(review());
        WorkflowJob job = Pipelines.job(j, "app", "node('docker') {\n" + checkout() + PULL_REQUEST.formatted("""
                stage('review') {
                  ambientAgent agent: 'claude-code', credentialsId: 'anthropic-key', context: ['team-rules'],
                               promptTemplate: 'review', comment: 'sticky', name: 'review', timeout: 15
                }""") + "\n}");
        github.enqueue(Response.json(200, "[]")).enqueue(Response.json(201, "{\"id\": 101}"));

        WorkflowRun first = j.buildAndAssertSuccess(job);

        j.assertLogContains("[ambient] comment created on o/r#12", first);
        assertThat(github.takeRequest(5).path()).isEqualTo("/repos/o/r/issues/12/comments?per_page=100");
        Request created = github.takeRequest(5);
        String comment = Json.MAPPER.readTree(created.body()).get("body").asText();
        assertThat(comment).contains("Two real problems: Api.unusedHelper is dead code");
        assertThat(FakeAnthropicApi.promptText(model.turnRequests().get(0)))
                .contains("Review the changes of PR 12 against main; list real problems only.")
                .contains("Report only real problems; never change the public API.");
        RunEntry run = runs(first).get(0);
        assertThat(run.getName()).isEqualTo("review");
        assertThat(run.getStatus()).isEqualTo("succeeded");
        assertThat(run.getCostUsd()).isPositive();

        github.enqueue(Response.json(200, Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode()
                .put("id", 101).put("body", comment)).toString())).enqueue(Response.json(200, "{\"id\": 101}"));
        WorkflowRun second = j.buildAndAssertSuccess(job);

        j.assertLogContains("[ambient] comment updated on o/r#12", second);
        github.takeRequest(5);
        Request updated = github.takeRequest(5);
        assertThat(updated.method()).isEqualTo("PATCH");
        assertThat(updated.path()).isEqualTo("/repos/o/r/issues/comments/101");
        assertThat(github.requestCount()).as("one list and one write per build").isEqualTo(4);
        j.assertLogNotContains(GITHUB_TOKEN, first);
        j.assertLogNotContains("sk-ant-e2e-dummy", first);
    }

    @Test
    void shouldOpenTheNightlyCleanupPullRequestAndUpdateItTheNextNight() throws Exception {
        modelAnswers(removeDeadCode());
        github.serveGit("/o/r.git", origin, GITHUB_TOKEN);
        AmbientConfiguration.get().setGithubApiUrl(github.url("/api/v3"));
        String gitUrl = github.url("/o/r.git");
        WorkflowJob job = Pipelines.job(j, "nightly", "node('docker') {\n" + checkout()
                + "withEnv(['BRANCH_NAME=main', 'GIT_URL=" + gitUrl + "']) {\n" + """
                stage('cleanup') {
                  ambientAgent agent: 'claude-code', credentialsId: 'anthropic-key', timeout: 60,
                               prompt: 'Remove dead code. Keep the public API.',
                               verify: './mvnw -q verify', openPullRequest: true,
                               pullRequestBranch: 'ambient/nightly-cleanup'
                }
                }
                }""");
        github.enqueue(Response.json(200, "[]")).enqueue(Response.json(201,
                "{\"number\": 7, \"html_url\": \"" + github.url("/o/r/pull/7") + "\"}"));

        WorkflowRun first = j.buildAndAssertSuccess(job);

        j.assertLogContains("ambient: verify passed", first);
        j.assertLogContains("ambient: pull request opened: " + github.url("/o/r/pull/7"), first);
        assertThat(github.takeRequest(5).path())
                .isEqualTo("/api/v3/repos/o/r/pulls?head=o%3Aambient%2Fnightly-cleanup&state=open&per_page=100");
        JsonNode opened = Json.MAPPER.readTree(github.takeRequest(5).body());
        assertThat(opened.get("head").asText()).isEqualTo("ambient/nightly-cleanup");
        assertThat(opened.get("base").asText()).isEqualTo("main");
        assertThat(opened.get("title").asText()).isEqualTo("ambient: Remove dead code. Keep the public API.");
        assertThat(git(origin, "show", "ambient/nightly-cleanup:Api.java") + "\n").isEqualTo(CLEAN_API_JAVA);
        String main = git(origin, "rev-parse", "main");
        String firstNight = git(origin, "rev-parse", "ambient/nightly-cleanup");
        assertThat(git(origin, "rev-parse", "ambient/nightly-cleanup^")).isEqualTo(main);

        github.enqueue(Response.json(200, "[{\"number\": 7, \"html_url\": \"" + github.url("/o/r/pull/7") + "\"}]"))
                .enqueue(Response.json(200, "{\"number\": 7, \"html_url\": \"" + github.url("/o/r/pull/7") + "\"}"));
        WorkflowRun second = j.buildAndAssertSuccess(job);

        j.assertLogContains("ambient: pull request updated: " + github.url("/o/r/pull/7"), second);
        github.takeRequest(5);
        Request update = github.takeRequest(5);
        assertThat(update.method()).isEqualTo("PATCH");
        assertThat(update.path()).isEqualTo("/api/v3/repos/o/r/pulls/7");
        assertThat(git(origin, "rev-parse", "ambient/nightly-cleanup")).as("the branch is replaced each night")
                .isNotEqualTo(firstNight);
        assertThat(git(origin, "rev-parse", "ambient/nightly-cleanup^")).isEqualTo(main);
        j.assertLogNotContains(GITHUB_TOKEN, second);
    }

    @Test
    void shouldShardTheWorkAcrossParallelBranchesWithOneRunEach() throws Exception {
        modelAnswers(removeDeadCode());
        WorkflowJob job = Pipelines.job(j, "shards", """
                def shards = [api: 'services/api/', billing: 'services/billing/', web: 'web/']
                def branches = [:]
                shards.each { name, path ->
                  branches[name] = {
                    node('docker && agents') {
                      %s
                      ambientAgent name: "dead-code-${name}", agent: 'claude-code', credentialsId: 'anthropic-key',
                                   prompt: "Remove dead code in ${path}. Keep public API. Only change files under ${path}."
                    }
                  }
                }
                parallel branches
                """.formatted(checkout().replace("\n", "\n      ")));

        WorkflowRun build = j.buildAndAssertSuccess(job);

        assertThat(runs(build)).extracting(RunEntry::getName)
                .containsExactlyInAnyOrder("dead-code-api", "dead-code-billing", "dead-code-web");
        assertThat(runs(build)).extracting(RunEntry::getStatus).containsOnly("succeeded");
        assertThat(runs(build)).extracting(RunEntry::getChangedFiles).containsOnly(1);
        assertThat(model.turnRequests().stream().map(FakeAnthropicApi::messagesText))
                .anyMatch(prompt -> prompt.contains("Remove dead code in services/api/."))
                .anyMatch(prompt -> prompt.contains("Remove dead code in services/billing/."))
                .anyMatch(prompt -> prompt.contains("Remove dead code in web/."));
        j.assertLogContains("[Pipeline] parallel", build);
    }

    @Test
    void shouldRunTheSameTaskOnThreeModelsVerifyEachAndKeepTheBest() throws Exception {
        modelAnswers(removeDeadCode());
        WorkflowJob job = Pipelines.job(j, "models", "node('docker') {\n" + checkout() + """
                def r = ambientFanOut prompt: 'Make the flaky test OrderServiceTest deterministic',
                                      models: ['claude-code:sonnet', 'claude-code:opus', 'claude-code:haiku'],
                                      credentials: [ANTHROPIC_API_KEY: 'anthropic-key'],
                                      verify: './mvnw -q -Dtest=OrderServiceTest test', pick: 'best', budgetUsd: 6
                echo "picked ${r.picked}; total cost ${r.totalCostUsd}"
                echo "verify ${r.runs.collect { k, v -> v.verify }}"
                }""");

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("verify [passed, passed, passed]", build);
        assertThat(JenkinsRule.getLog(build)).containsPattern("picked \\[[^,\\]]+\\]; total cost 0\\.\\d+");
        assertThat(j.jenkins.getWorkspaceFor(job).child("Api.java").readToString()).isEqualTo(CLEAN_API_JAVA);
        assertThat(runs(build)).filteredOn(run -> run.getKind().equals(RunEntry.KIND_RUN)).extracting(RunEntry::getModel)
                .containsExactlyInAnyOrder("sonnet", "opus", "haiku");
        // The CLI resolves each alias to a full model name before it asks.
        List<String> asked = model.turnRequests().stream().map(request -> request.body().path("model").asText())
                .distinct().toList();
        assertThat(asked).hasSize(3).anyMatch(name -> name.contains("sonnet")).anyMatch(name -> name.contains("opus"))
                .anyMatch(name -> name.contains("haiku"));
    }
}
