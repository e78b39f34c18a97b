package io.ambient.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Util;
import hudson.slaves.WorkspaceList;
import io.ambient.AmbientException;
import io.ambient.context.PromptTemplate;
import io.ambient.tracking.TrackingRecord;
import io.ambient.workspace.ForkConfigOverlay;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Makes a step's {@link RunSpec} and {@link ExecutorSpec} from its parameters and the build, on the controller. */
final class RunSpecs {
    private RunSpecs() {
    }

    /**
     * The run's spec: parameters, build identity labels, template variables, the fork's trusted ref.
     *
     * @throws AbortException for a fork's change without a target branch
     */
    static RunSpec of(AmbientStep step, EnvVars env, FilePath workspace, TeamConfig team, String runId, String stage)
            throws AbortException {
        Map<String, String> labels = new LinkedHashMap<>();
        putIfSet(labels, TrackingRecord.LABEL_JOB, env.get("JOB_NAME"));
        putIfSet(labels, TrackingRecord.LABEL_BUILD, env.get("BUILD_NUMBER"));
        putIfSet(labels, TrackingRecord.LABEL_STAGE, stage);
        putIfSet(labels, TrackingRecord.LABEL_URL, env.get("BUILD_URL"));
        labels.put("name", step.runName());
        return new RunSpec(runId, step.agentOrDefault(), step.getModel(), step.getImage(), step.getPrompt(),
                step.getPromptTemplate(), step.getContext(), step.getArgs(), step.getTimeout(), step.getMaxTurns(),
                step.runBudgetUsd(), step.getNetwork(), step.getEndpoint(), workspace.getRemote(),
                ambientDir(workspace).child(runId).getRemote(), labels, templateVars(env), trustedRef(env), team);
    }

    /** The engine the step asked for, with the build environment's {@code DOCKER_HOST}. */
    static ExecutorSpec executor(AmbientStep step, EnvVars env, FilePath workspace) throws AbortException {
        return new ExecutorSpec(step.getExecutor().toLowerCase(Locale.ROOT),
                Util.fixEmptyAndTrim(env.get("DOCKER_HOST")), ambientDir(workspace).child("process-runs").getRemote());
    }

    /** {@code <workspace>@tmp/ambient}: reports and state beside the workspace, never in it (not in the patch). */
    static FilePath ambientDir(FilePath workspace) throws AbortException {
        FilePath temp = WorkspaceList.tempDir(workspace);
        if (temp == null) {
            throw new AbortException("workspace " + workspace.getRemote() + " has no parent directory for the agent's "
                    + "reports: run the step in a node block's workspace");
        }
        return temp.child("ambient");
    }

    /** For a change from a fork, the ref whose agent configuration files the run uses instead of the fork's. */
    private static String trustedRef(EnvVars env) throws AbortException {
        try {
            return ForkConfigOverlay.trustedRefFor(env);
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }

    /** Template variables: the build's environment (a webhook's payload variables too) and {@code BRANCH}. */
    private static Map<String, String> templateVars(EnvVars env) {
        Map<String, String> vars = new LinkedHashMap<>(env);
        vars.putAll(PromptTemplate.buildVariables(env));
        return vars;
    }

    private static void putIfSet(Map<String, String> labels, String key, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(key, value);
        }
    }
}
