package io.ambient.jenkins.steps;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One step's agent run as plain data, made on the controller from the step's parameters and the build, and turned
 * into ambient-core requests on the node by {@link RunRequests}. Holds no secrets.
 *
 * @param runId          the run's id (a fan-out's runs get their own)
 * @param agent          agent or profile name
 * @param model          model, or {@code null} for the profile's
 * @param image          image, or {@code null} for the profile's or the configured default
 * @param prompt         the prompt, or {@code null} with {@code promptTemplate}
 * @param promptTemplate a template of the context packs, or {@code null}
 * @param packs          context pack names
 * @param args           extra agent arguments
 * @param timeoutMinutes timeout, or {@code null} for the profile's or the configured default
 * @param maxTurns       turn limit, or {@code null}
 * @param budgetUsd      budget, or {@code null}
 * @param network        network, or {@code null}
 * @param endpoint       model API base URL, or {@code null} for the profile's or the configured default
 * @param workspace      the workspace on the node
 * @param outDir         the report directory on the node
 * @param labels         identity labels for the report and its tracking record (job, build, stage, url, name)
 * @param vars           prompt template variables: the build's environment
 * @param trustedRef     for a fork's change, the ref whose agent configuration is used; {@code null} otherwise
 * @param team           the job's configuration
 */
record RunSpec(String runId, String agent, String model, String image, String prompt, String promptTemplate,
               List<String> packs, List<String> args, Integer timeoutMinutes, Integer maxTurns, Double budgetUsd,
               String network, String endpoint, String workspace, String outDir, Map<String, String> labels, Map<String, String> vars,
               String trustedRef, TeamConfig team) implements Serializable {
    private static final long serialVersionUID = 1L;

    RunSpec {
        packs = List.copyOf(packs);
        args = List.copyOf(args);
        labels = Map.copyOf(labels);
        vars = Map.copyOf(vars);
    }

    /** This spec without the build's environment, to persist: the variables are only needed to start the run. */
    RunSpec withoutVars() {
        return new RunSpec(runId, agent, model, image, prompt, promptTemplate, packs, args, timeoutMinutes, maxTurns,
                budgetUsd, network, endpoint, workspace, outDir, labels, Map.of(), trustedRef, team);
    }

    /** Not the variables: the build's environment may hold secrets bound by withCredentials. */
    @Override
    public String toString() {
        return "RunSpec[runId=" + runId + ", agent=" + agent + ", workspace=" + workspace + "]";
    }
}
