package io.ambient.jenkins.steps;

import io.ambient.InvalidInputException;
import io.ambient.agent.AgentProfile;
import io.ambient.agent.AgentProfiles;
import io.ambient.agent.Agents;
import io.ambient.context.MergedContext;
import io.ambient.run.AgentRunner;
import io.ambient.run.RunRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link RunSpec} and its secrets into ambient-core run requests, on the node. Precedence for every limit and
 * setting: the step's parameter, then the agent profile's, then the job's configured default. Profiles and packs
 * are loaded once: a fan-out asks for a request per run, more than once each.
 */
final class RunRequests {
    private final RunSpec spec;
    private final AgentSecrets secrets;
    private AgentProfiles profiles;
    private MergedContext context;

    RunRequests(RunSpec spec, AgentSecrets secrets) {
        this.spec = spec;
        this.secrets = secrets;
    }

    /** The request of the step's own run, prompt included. */
    RunRequest request() {
        String prompt = spec.prompt() != null ? spec.prompt() : context().prompt(spec.promptTemplate(), spec.vars());
        return builder(spec.agent(), null).runId(spec.runId()).outDir(Path.of(spec.outDir())).prompt(prompt).build();
    }

    /** The prompt a fan-out fills in per run: the step's prompt or the packs' template, not yet expanded. */
    String promptTemplate() {
        if (spec.prompt() != null) {
            return spec.prompt();
        }
        String template = context().templates().get(spec.promptTemplate());
        if (template == null) {
            throw new InvalidInputException("no prompt template '" + spec.promptTemplate() + "' in the context packs "
                    + spec.packs() + ": add it to a pack's templates or give prompt");
        }
        return template;
    }

    /**
     * A request for {@code agent} (the step's, or a model matrix entry's) with every setting of the step applied;
     * run id, report directory and prompt are the caller's.
     *
     * @param model a model matrix entry's model, or {@code null} for the step's
     */
    RunRequest.Builder builder(String agent, String model) {
        AgentProfile profile = profiles().named(agent);
        TeamConfig team = spec.team();
        RunRequest.Builder request = RunRequest.builder()
                .profile(profile)
                .context(context().context())
                .args(spec.args())
                .workspace(Path.of(spec.workspace()))
                .trustedRef(spec.trustedRef());
        String image = first(spec.image(), AgentProfiles.DEFAULT_IMAGE.equals(profile.image()) ? null : profile.image(),
                team.defaultImage(), profile.image());
        request.image(image);
        String chosenModel = first(model, spec.model(), profile.model());
        if (chosenModel != null) {
            request.model(chosenModel);
        }
        if (spec.timeoutMinutes() != null) {
            request.timeout(Duration.ofMinutes(spec.timeoutMinutes()));
        } else if (profile.timeout() == null && team.defaultTimeout() != null) {
            request.timeout(team.defaultTimeout());
        }
        Integer maxTurns = first(spec.maxTurns(), profile.maxTurns(), team.defaultMaxTurns());
        if (maxTurns != null) {
            request.maxTurns(maxTurns);
        }
        // A configured default budget only applies where it can be enforced; an explicit one is checked by core.
        Double budget = first(spec.budgetUsd(), profile.budgetUsd(),
                AgentRunner.costKnown(request.build()) ? team.defaultBudget() : null);
        if (budget != null) {
            request.budgetUsd(budget);
        }
        String network = first(spec.network(), profile.network(), team.defaultNetwork());
        if (network != null) {
            request.network(network);
        }
        String endpoint = first(spec.endpoint(), profile.endpoint(), team.defaultEndpoint());
        if (endpoint != null) {
            request.endpoint(endpoint);
        }
        secrets.byName().forEach(request::secret);
        if (secrets.credential() != null) {
            request.secret(credentialVariable(profile), secrets.credential());
        }
        spec.labels().forEach(request::label);
        return request;
    }

    private String credentialVariable(AgentProfile profile) {
        List<String> names = new ArrayList<>(profile.credentials());
        names.addAll(Agents.named(profile.agent()).credentialEnv());
        if (names.isEmpty()) {
            throw new InvalidInputException("agent " + profile.name() + " has no credential variable for credentialsId: "
                    + "give credentials: [NAME: 'credentials-id'] instead");
        }
        return names.get(0);
    }

    private synchronized AgentProfiles profiles() {
        if (profiles == null) {
            profiles = spec.team().profiles();
        }
        return profiles;
    }

    private synchronized MergedContext context() {
        if (context == null) {
            context = spec.team().context(spec.packs());
        }
        return context;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
