package io.ambient.jenkins.steps;

import io.ambient.jenkins.testing.RendersPages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Snippet Generator: the steps' forms as the page submits them bind to the steps, the Groovy it writes for a step
 * binds back to the same step, and every form field has help.
 */
@WithJenkins
class AmbientStepConfigITest {
    private JenkinsRule j;
    private SnippetGenerator generator;

    @BeforeEach
    void snippetGenerator(JenkinsRule rule) {
        j = rule;
        generator = new SnippetGenerator(rule);
    }

    /** The fields of config.jelly that both steps have, empty as an untouched form submits them. */
    private static Map<String, Object> commonFields() {
        Map<String, Object> form = new LinkedHashMap<>();
        for (String text : List.of("prompt", "promptTemplate", "agent", "model", "context", "credentialsId",
                "verify", "image", "timeout", "maxTurns", "budgetUsd", "network", "comment", "name", "executor")) {
            form.put(text, "");
        }
        form.put("returnOnFailure", false);
        form.put("failOnSuspect", false);
        return form;
    }

    @Test
    void shouldBindEveryFieldOfTheAgentStepsForm() throws Exception {
        Map<String, Object> form = commonFields();
        form.putAll(Map.of("prompt", "Fix the failing test", "agent", "codex", "model", "gpt-5", "timeout", "20",
                "maxTurns", "30", "comment", "sticky", "name", "fixer", "executor", "process",
                "verify", "mvn -q test", "budgetUsd", "1.5"));
        form.put("failOnSuspect", true);
        form.put("returnOnFailure", true);
        form.put("openPullRequest", true);
        form.put("pullRequestBranch", "ambient/fix-tests");

        assertThat(generator.generate(AmbientAgentStep.class, form)).isEqualTo("ambientAgent agent: 'codex', "
                + "budgetUsd: 1.5, comment: 'sticky', executor: 'process', failOnSuspect: true, maxTurns: 30, "
                + "model: 'gpt-5', name: 'fixer', openPullRequest: true, prompt: 'Fix the failing test', "
                + "pullRequestBranch: 'ambient/fix-tests', returnOnFailure: true, timeout: 20, verify: 'mvn -q test'");
    }

    @Test
    void shouldWriteOnlyThePromptForAnUntouchedAgentStepForm() throws Exception {
        Map<String, Object> form = commonFields();
        form.put("prompt", "Fix the failing test");
        form.put("openPullRequest", false);
        form.put("pullRequestBranch", "");

        assertThat(generator.generate(AmbientAgentStep.class, form))
                .isEqualTo("ambientAgent 'Fix the failing test'");
    }

    @Test
    void shouldBindEveryFieldOfTheFanOutsForm() throws Exception {
        Map<String, Object> form = commonFields();
        form.putAll(Map.of("prompt", "Remove dead code in ${SHARD_PATHS}", "verify", "mvn -q test",
                "models", "", "shardsAuto", "4", "maxParallel", "2", "pick", "first-passing", "shardGlobs", ""));
        form.put("codeowners", false);
        form.put("failFast", true);

        assertThat(generator.generate(AmbientFanOutStep.class, form)).isEqualTo("ambientFanOut failFast: true, "
                + "maxParallel: 2, pick: 'first-passing', prompt: 'Remove dead code in ${SHARD_PATHS}', "
                + "shardsAuto: 4, verify: 'mvn -q test'");
    }

    @Test
    void shouldWriteTheAgentStepAsGroovyThatBindsBackToIt() throws Exception {
        AmbientAgentStep step = new AmbientAgentStep("Fix the failing test");
        step.setAgent("claude-code");
        step.setContext(List.of("team-rules", "java"));
        step.setComment("sticky");

        String groovy = SnippetGenerator.groovy(step);

        assertThat(groovy).isEqualTo("ambientAgent agent: 'claude-code', comment: 'sticky', "
                + "context: ['team-rules', 'java'], prompt: 'Fix the failing test'");
        j.assertEqualDataBoundBeans(step, generator.parse(groovy));
    }

    @Test
    void shouldWriteTheAgentStepsPullRequestAsGroovyThatBindsBackToIt() throws Exception {
        AmbientAgentStep step = new AmbientAgentStep("Remove dead code");
        step.setVerify("mvn -q verify");
        step.setOpenPullRequest(true);
        step.setPullRequestBranch("ambient/nightly-cleanup");

        String groovy = SnippetGenerator.groovy(step);

        assertThat(groovy).isEqualTo("ambientAgent openPullRequest: true, prompt: 'Remove dead code', "
                + "pullRequestBranch: 'ambient/nightly-cleanup', verify: 'mvn -q verify'");
        j.assertEqualDataBoundBeans(step, generator.parse(groovy));
    }

    @Test
    void shouldWriteTheFanOutAsGroovyThatBindsBackToIt() throws Exception {
        AmbientFanOutStep step = new AmbientFanOutStep("Make the flaky test deterministic");
        step.setModels(List.of("claude-code:sonnet", "codex:gpt-5"));
        step.setVerify("mvn -q test");

        String groovy = SnippetGenerator.groovy(step);

        assertThat(groovy).isEqualTo("ambientFanOut models: ['claude-code:sonnet', 'codex:gpt-5'], "
                + "prompt: 'Make the flaky test deterministic', verify: 'mvn -q test'");
        j.assertEqualDataBoundBeans(step, generator.parse(groovy));
    }

    @Test
    @RendersPages
    void shouldHaveHelpForEveryFormField() throws Exception {
        String common = "prompt,promptTemplate,agent,model,context,credentialsId,verify,image,timeout,maxTurns,"
                + "budgetUsd,network,endpoint,comment,name,executor,returnOnFailure,failOnSuspect,allowSuspect";
        j.assertHelpExists(AmbientAgentStep.class, common + ",openPullRequest,pullRequestBranch");
        j.assertHelpExists(AmbientFanOutStep.class, common + ",models,shardsAuto,codeowners,shardGlobs,maxParallel,"
                + "pick,failFast");
    }
}
