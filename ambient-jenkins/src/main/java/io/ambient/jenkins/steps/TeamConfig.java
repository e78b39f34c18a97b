package io.ambient.jenkins.steps;

import io.ambient.InvalidInputException;
import io.ambient.agent.AgentProfiles;
import io.ambient.context.ContextPack;
import io.ambient.context.ContextPacks;
import io.ambient.context.MergedContext;
import io.ambient.jenkins.config.AmbientSettings;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The job's effective Ambient configuration (global, overlaid by its folders) as plain data, taken on the controller
 * and used on the node: profiles, context packs and defaults.
 *
 * @param profilesYaml    agent profiles YAML, or empty for the built-in profiles only
 * @param packs           context packs: name to pack YAML
 * @param defaultImage    image when neither the step nor a team profile names one, or {@code null}
 * @param defaultTimeout  timeout when neither the step nor the profile gives one, or {@code null}
 * @param defaultMaxTurns turn limit when neither the step nor the profile gives one, or {@code null}
 * @param defaultBudget   budget for agents that report cost, when neither the step nor the profile gives one
 * @param defaultNetwork  container network when neither the step nor the profile gives one, or {@code null}
 * @param defaultEndpoint model API base URL when neither the step nor the profile gives one, or {@code null}
 */
record TeamConfig(String profilesYaml, Map<String, String> packs, String defaultImage, Duration defaultTimeout,
                  Integer defaultMaxTurns, Double defaultBudget, String defaultNetwork, String defaultEndpoint)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    TeamConfig {
        profilesYaml = profilesYaml == null ? "" : profilesYaml;
        packs = packs == null ? Map.of() : Map.copyOf(packs);
    }

    static TeamConfig of(AmbientSettings settings) {
        return new TeamConfig(settings.profilesYaml(), settings.contextPacks(), settings.defaultImage(),
                settings.defaultTimeout(), settings.defaultMaxTurns(), settings.defaultBudgetUsd(),
                settings.defaultNetwork(), settings.defaultEndpoint());
    }

    /** The built-in profiles and the team's. */
    AgentProfiles profiles() {
        return profilesYaml.isBlank() ? AgentProfiles.builtIn() : AgentProfiles.parse(profilesYaml, "the agent profiles");
    }

    /**
     * The named packs, merged in order.
     *
     * @throws InvalidInputException for a name the Ambient settings do not define
     */
    MergedContext context(List<String> names) {
        List<ContextPack> selected = new ArrayList<>();
        for (String name : names) {
            String yaml = packs.get(name);
            if (yaml == null) {
                throw new InvalidInputException("unknown context pack '" + name + "': define it in Manage Jenkins » "
                        + "Ambient or the folder's Ambient settings" + (packs.isEmpty() ? ""
                        : " (defined: " + String.join(", ", new TreeSet<>(packs.keySet())) + ")"));
            }
            selected.add(ContextPacks.parse(yaml, name));
        }
        return ContextPacks.merge(selected);
    }
}
