package io.ambient.jenkins.steps;

import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.util.List;

/** The Snippet Generator: the steps' forms bind back to the same steps, and the Groovy they produce. */
@WithJenkins
class AmbientStepConfigITest {

    @Test
    void shouldKeepTheAgentStepsFormFieldsThroughTheConfigPage(JenkinsRule j) throws Exception {
        AmbientAgentStep step = new AmbientAgentStep("Fix the failing test");
        step.setAgent("codex");
        step.setModel("gpt-5");
        step.setTimeout(20);
        step.setMaxTurns(30);
        step.setComment("sticky");
        step.setName("fixer");
        step.setExecutor("process");
        step.setFailOnSuspect(true);
        step.setReturnOnFailure(true);
        step.setVerify("mvn -q test");
        step.setOpenPullRequest(true);
        step.setPullRequestBranch("ambient/fix-tests");

        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    void shouldKeepTheFanOutsFormFieldsThroughTheConfigPage(JenkinsRule j) throws Exception {
        AmbientFanOutStep step = new AmbientFanOutStep("Remove dead code in ${SHARD_PATHS}");
        step.setShardsAuto(4);
        step.setMaxParallel(2);
        step.setVerify("mvn -q test");
        step.setPick("first-passing");
        step.setFailFast(true);

        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    void shouldHaveHelpForEveryFormField(JenkinsRule j) throws Exception {
        String common = "prompt,promptTemplate,agent,model,context,credentialsId,verify,image,timeout,maxTurns,"
                + "budgetUsd,network,comment,name,executor,returnOnFailure,failOnSuspect";
        j.assertHelpExists(AmbientAgentStep.class, common + ",openPullRequest,pullRequestBranch");
        j.assertHelpExists(AmbientFanOutStep.class, common + ",models,shardsAuto,codeowners,shardGlobs,maxParallel,"
                + "pick,failFast");
    }

    @Test
    void shouldWriteTheAgentStepAsGroovy(JenkinsRule j) throws Exception {
        AmbientAgentStep step = new AmbientAgentStep("Fix the failing test");
        step.setAgent("claude-code");
        step.setContext(List.of("team-rules", "java"));
        step.setComment("sticky");

        new SnippetizerTester(j).assertRoundTrip(step,
                "ambientAgent agent: 'claude-code', comment: 'sticky', context: ['team-rules', 'java'], "
                        + "prompt: 'Fix the failing test'");
    }

    @Test
    void shouldWriteTheAgentStepsPullRequestAsGroovy(JenkinsRule j) throws Exception {
        AmbientAgentStep step = new AmbientAgentStep("Remove dead code");
        step.setVerify("mvn -q verify");
        step.setOpenPullRequest(true);
        step.setPullRequestBranch("ambient/nightly-cleanup");

        new SnippetizerTester(j).assertRoundTrip(step,
                "ambientAgent openPullRequest: true, prompt: 'Remove dead code', "
                        + "pullRequestBranch: 'ambient/nightly-cleanup', verify: 'mvn -q verify'");
    }

    @Test
    void shouldWriteTheFanOutAsGroovy(JenkinsRule j) throws Exception {
        AmbientFanOutStep step = new AmbientFanOutStep("Make the flaky test deterministic");
        step.setModels(List.of("claude-code:sonnet", "codex:gpt-5"));
        step.setVerify("mvn -q test");

        new SnippetizerTester(j).assertRoundTrip(step,
                "ambientFanOut models: ['claude-code:sonnet', 'codex:gpt-5'], "
                        + "prompt: 'Make the flaky test deterministic', verify: 'mvn -q test'");
    }
}
