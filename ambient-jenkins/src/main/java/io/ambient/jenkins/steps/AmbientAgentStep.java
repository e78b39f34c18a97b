package io.ambient.jenkins.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code ambientAgent}: one agent run in a hardened container on the build's node. Returns a map of the run's outcome
 * (status, exitCode, suspect, finalMessage, changedFiles, patchFile, costUsd, costSource, tokens, inputTokens,
 * cacheReadTokens, cacheWriteTokens, outputTokens, models, turns, durationMillis, reportUrl, and verifyPassed,
 * verifyExitCode, pullRequestUrl) and survives a controller restart.
 */
public class AmbientAgentStep extends AmbientStep {
    private boolean openPullRequest;
    private String pullRequestBranch;

    /** @param prompt the task; may be left out for {@code promptTemplate} */
    @DataBoundConstructor
    public AmbientAgentStep(String prompt) {
        super(prompt);
    }

    public boolean isOpenPullRequest() {
        return openPullRequest;
    }

    /** Push a successful run's changes as a branch and open (or update) its pull/merge request. */
    @DataBoundSetter
    public void setOpenPullRequest(boolean openPullRequest) {
        this.openPullRequest = openPullRequest;
    }

    public String getPullRequestBranch() {
        return pullRequestBranch;
    }

    /** The branch {@code openPullRequest} pushes to; {@code ambient/<job>-<build>} by default. */
    @DataBoundSetter
    public void setPullRequestBranch(String pullRequestBranch) {
        this.pullRequestBranch = Util.fixEmptyAndTrim(pullRequestBranch);
    }

    @Override
    void checkParameters() throws AbortException {
        super.checkParameters();
        if (pullRequestBranch != null && !openPullRequest) {
            throw new AbortException("pullRequestBranch: '" + pullRequestBranch + "' needs openPullRequest: true");
        }
    }

    @Override
    public StepExecution start(StepContext context) {
        return new AgentRunExecution(context, this);
    }

    @Extension
    public static final class DescriptorImpl extends AmbientStepDescriptor {

        @Override
        public String getFunctionName() {
            return "ambientAgent";
        }

        @Override
        public String getDisplayName() {
            return "Run an AI coding agent in a container";
        }
    }
}
