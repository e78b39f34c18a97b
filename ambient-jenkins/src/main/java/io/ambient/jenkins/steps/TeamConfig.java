package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.FileTrees;
import io.ambient.agent.AgentProfiles;
import io.ambient.context.ContextPacks;
import io.ambient.context.MergedContext;
import io.ambient.jenkins.config.AmbientSettings;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
 */
record TeamConfig(String profilesYaml, Map<String, String> packs, String defaultImage, Duration defaultTimeout,
                  Integer defaultMaxTurns, Double defaultBudget, String defaultNetwork) implements Serializable {
    private static final long serialVersionUID = 1L;

    TeamConfig {
        profilesYaml = profilesYaml == null ? "" : profilesYaml;
        packs = packs == null ? Map.of() : Map.copyOf(packs);
    }

    static TeamConfig of(AmbientSettings settings) {
        return new TeamConfig(settings.profilesYaml(), settings.contextPacks(), settings.defaultImage(),
                settings.defaultTimeout(), settings.defaultMaxTurns(), settings.defaultBudgetUsd(),
                settings.defaultNetwork());
    }

    /** The built-in profiles and the team's. */
    AgentProfiles profiles(Path scratch) {
        if (profilesYaml.isBlank()) {
            return AgentProfiles.builtIn();
        }
        // ambient-core loads profiles from a file: hand it one (core needs AgentProfiles.parse(String) to drop this).
        return inScratch(scratch, dir -> AgentProfiles.load(write(dir.resolve("profiles.yaml"), profilesYaml)));
    }

    /** The named packs, merged in order. */
    MergedContext context(List<String> names, Path scratch) {
        if (names.isEmpty()) {
            return ContextPacks.merge(List.of());
        }
        // ambient-core finds packs by name in a directory: lay the team's packs out as NAME.yaml files there.
        return inScratch(scratch, dir -> {
            packs.forEach((name, yaml) -> write(dir.resolve(name + ".yaml"), yaml));
            return ContextPacks.merge(ContextPacks.resolve(names, dir));
        });
    }

    private static <T> T inScratch(Path scratch, Function<Path, T> load) {
        Path dir;
        try {
            Files.createDirectories(scratch);
            dir = Files.createTempDirectory(scratch, "config");
        } catch (IOException e) {
            throw new AmbientException("cannot create " + scratch + ": " + e.getMessage(), e);
        }
        try {
            return load.apply(dir);
        } finally {
            try {
                FileTrees.delete(dir);
            } catch (IOException e) {
                // A left-over copy of the team's configuration in the workspace's temporary directory; harmless.
            }
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AmbientException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
