package io.ambient.jenkins.steps;

import hudson.Extension;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code ambientAgent}: one agent run in a hardened container on the build's node. Returns a map of the run's outcome
 * (status, exitCode, suspect, finalMessage, changedFiles, patchFile, costUsd, tokens, turns, durationMillis,
 * reportUrl) and survives a controller restart.
 */
public class AmbientAgentStep extends AmbientStep {

    /** @param prompt the task; may be left out for {@code promptTemplate} */
    @DataBoundConstructor
    public AmbientAgentStep(String prompt) {
        super(prompt);
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
