package io.ambient.jenkins.steps;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import static io.ambient.jenkins.steps.Pipelines.IMAGE;
import static io.ambient.jenkins.steps.Pipelines.inGitWorkspace;
import static io.ambient.jenkins.steps.Pipelines.job;
import static io.ambient.jenkins.steps.Pipelines.warnings;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code ambientFanOut} in real pipelines: one container per shard on the built-in node, changes merged back. */
@WithJenkins
class AmbientFanOutStepITest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** Each run writes a note into its shard: the prompt is the shard's path. */
    private static final String FAN_OUT = "def r = ambientFanOut agent: 'command', image: '" + IMAGE + "', "
            + "prompt: '${SHARD_PATHS}', shards: [api: ['api/'], web: ['web/']], maxParallel: 2, "
            + "args: ['sh', '-c', 'echo note for $AMBIENT_PROMPT; echo edited > \"${AMBIENT_PROMPT}note.txt\"']";

    @Test
    void shouldMergeEveryShardsChangesAndReturnOneEntryPerRun(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertSuccess(job(j, inGitWorkspace(FAN_OUT + "\n"
                + "echo \"picked=${r.picked.size()} api=${r.picked.contains('api')} web=${r.picked.contains('web')}\"\n"
                + "echo \"api=${r.runs.api.status}/${r.runs.api.merge} web=${r.runs.web.status}/${r.runs.web.merge}\"\n"
                + "echo \"merged=${fileExists('api/note.txt') && fileExists('web/note.txt')}\"")));

        j.assertLogContains("picked=2 api=true web=true", build);
        j.assertLogContains("api=succeeded/merged web=succeeded/merged", build);
        j.assertLogContains("merged=true", build);
    }

    @Test
    void shouldPrefixEachRunsLinesWithItsName(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertSuccess(job(j, inGitWorkspace(FAN_OUT)));

        j.assertLogContains("[api] note for api/", build);
        j.assertLogContains("[web] note for web/", build);
    }

    @Test
    void shouldMarkTheBuildUnstableNamingTheRunThatSucceededButDidNothing(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.UNSTABLE, job(j, inGitWorkspace(FAN_OUT.replace(
                "echo note for", "case $AMBIENT_PROMPT in web/) exit 0;; esac; echo note for"))));

        assertThat(warnings(build)).singleElement().asString()
                .contains("1 of 2 runs of fan-out").contains("succeeded but are suspect: web (");
    }

    @Test
    void shouldRejectTwoShardSourcesBeforeAnythingStarts(JenkinsRule j) throws Exception {
        WorkflowRun build = j.buildAndAssertStatus(Result.FAILURE, job(j, inGitWorkspace(
                "ambientFanOut prompt: 'x', shards: [api: ['api/']], shardsAuto: 2")));

        j.assertLogContains("shards and shardsAuto both give shards: use one of shards, shardsAuto, shardGlobs or "
                + "codeowners", build);
        j.assertLogNotContains("ambient: fan-out", build);
    }
}
