package io.ambient.jenkins.steps;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.ambient.AmbientException;
import io.ambient.agent.AgentProfiles;
import io.ambient.jenkins.config.AmbientSettings;
import io.ambient.jenkins.config.CredentialsLists;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What both steps' descriptors share: the context they need (a {@code node} block's workspace, launcher and
 * environment) and the Snippet Generator's lists and checks. Every {@code doFill}/{@code doCheck} answers a POST
 * and only to users who may configure the job.
 */
public abstract class AmbientStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(FilePath.class, EnvVars.class, Launcher.class, TaskListener.class, Run.class);
    }

    /** The built-in agents and the job's configured profiles. */
    @POST
    public ListBoxModel doFillAgentItems(@AncestorInPath Item item) {
        ListBoxModel model = new ListBoxModel();
        if (!mayConfigure(item)) {
            return model;
        }
        model.add("", "");
        profileNames(item).forEach(model::add);
        return model;
    }

    /** The job's context packs (one here; a list of several in the Jenkinsfile). */
    @POST
    public ListBoxModel doFillContextItems(@AncestorInPath Item item) {
        ListBoxModel model = new ListBoxModel();
        if (!mayConfigure(item)) {
            return model;
        }
        model.add("", "");
        try {
            new TreeSet<>(AmbientSettings.forJob(item).contextPacks().keySet()).forEach(model::add);
        } catch (AmbientException e) {
            // The configuration page reports what cannot be read; the list offers what can.
        }
        return model;
    }

    /** Secret text credentials the job can use. */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return CredentialsLists.forItem(item, credentialsId);
    }

    @POST
    public ListBoxModel doFillCommentItems(@AncestorInPath Item item) {
        return choices(item, AmbientStep.COMMENT_MODES);
    }

    @POST
    public ListBoxModel doFillExecutorItems(@AncestorInPath Item item) {
        return choices(item, AmbientStep.EXECUTORS);
    }

    @POST
    public FormValidation doCheckPrompt(@AncestorInPath Item item, @QueryParameter String value,
                                        @QueryParameter String promptTemplate) {
        if (!mayConfigure(item)) {
            return FormValidation.ok();
        }
        boolean prompt = Util.fixEmptyAndTrim(value) != null;
        boolean template = Util.fixEmptyAndTrim(promptTemplate) != null;
        if (prompt == template) {
            return FormValidation.error("Give a prompt or a prompt template, not both");
        }
        return FormValidation.ok();
    }

    @POST
    public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
        return positiveIntegerOrEmpty(item, value);
    }

    @POST
    public FormValidation doCheckMaxTurns(@AncestorInPath Item item, @QueryParameter String value) {
        return positiveIntegerOrEmpty(item, value);
    }

    @POST
    public FormValidation doCheckBudgetUsd(@AncestorInPath Item item, @QueryParameter String value) {
        if (!mayConfigure(item) || Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            return Double.parseDouble(value.trim()) > 0 ? FormValidation.ok()
                    : FormValidation.error("Give a positive amount in US dollars, e.g. 2.50");
        } catch (NumberFormatException e) {
            return FormValidation.error("Give an amount in US dollars, e.g. 2.50");
        }
    }

    static boolean mayConfigure(Item item) {
        return item != null && item.hasPermission(Item.CONFIGURE);
    }

    static ListBoxModel choices(Item item, List<String> values) {
        ListBoxModel model = new ListBoxModel();
        if (mayConfigure(item)) {
            values.forEach(model::add);
        }
        return model;
    }

    static FormValidation positiveIntegerOrEmpty(Item item, String value) {
        if (!mayConfigure(item) || Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        return FormValidation.validatePositiveInteger(value.trim());
    }

    /** Profile names from the job's configuration; the built-in ones alone when it has none or they do not load. */
    private static Set<String> profileNames(Item item) {
        try {
            TeamConfig team = TeamConfig.of(AmbientSettings.forJob(item));
            return new TreeSet<>(team.profiles().all().keySet());
        } catch (AmbientException e) {
            // The configuration page reports invalid profiles; the list still offers the built-in agents.
            return new TreeSet<>(AgentProfiles.builtIn().all().keySet());
        }
    }
}
