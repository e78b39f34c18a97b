package io.ambient.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.ambient.InvalidInputException;
import io.ambient.StrictYaml;
import io.ambient.Units;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The profiles a run can name: one built-in per agent (named like the agent, with the default agents image and the
 * agent's credential variables), plus those a team defines in a file:
 * <pre>
 * profiles:
 *   claude-sonnet:
 *     agent: claude-code
 *     model: sonnet
 *     image: registry.example.com/ambient/agents:1
 *     maxTurns: 40
 *     budgetUsd: 5
 *     timeout: 30m
 *   codex-fast:
 *     agent: codex
 *     model: gpt-5.5
 *     budgetUsd: 2
 *     price: {input: 5, cachedInput: 0.5, output: 30}
 *     endpoint: https://llm-gateway.example.com
 * </pre>
 * See {@code docs/agents.md}.
 */
public final class AgentProfiles {
    /** The image the built-in profiles use; build it from {@code docs/docker/Dockerfile}. */
    public static final String DEFAULT_IMAGE = "ambient/agents:1";

    private final Map<String, AgentProfile> profiles;

    private AgentProfiles(Map<String, AgentProfile> profiles) {
        this.profiles = Collections.unmodifiableMap(profiles);
    }

    /** The built-in profiles. */
    public static AgentProfiles builtIn() {
        Map<String, AgentProfile> profiles = new TreeMap<>();
        for (String name : Agents.names()) {
            AgentAdapter agent = Agents.named(name);
            String image = name.equals(CommandAgent.NAME) ? null : DEFAULT_IMAGE;
            profiles.put(name, new AgentProfile(name, name, image, null, null, null, agent.credentialEnv(), null, null,
                    null, null, null, null, null, null));
        }
        return new AgentProfiles(profiles);
    }

    /**
     * The built-in profiles and those in {@code file} (YAML or JSON), which may redefine a built-in one.
     *
     * @throws InvalidInputException for a file that cannot be read or a profile that is not valid
     */
    public static AgentProfiles load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read profiles " + file + ": " + e.getMessage()
                    + ": fix the file or the --profiles path");
        }
        return parse(text, file.toString());
    }

    /**
     * The built-in profiles and those in {@code text} (YAML or JSON, the format of a profiles file), which may
     * redefine a built-in one.
     *
     * @param origin where the text comes from, for messages (a file name, "the global configuration")
     * @throws InvalidInputException for text that is not valid profiles, naming {@code origin}
     */
    public static AgentProfiles parse(String text, String origin) {
        JsonNode root;
        try {
            root = StrictYaml.MAPPER.readTree(text == null ? "" : text);
        } catch (IOException e) {
            throw new InvalidInputException("cannot parse profiles in " + origin + ": "
                    + e.getMessage().lines().findFirst().orElse("") + ": fix the YAML");
        }
        JsonNode defined = root == null ? null : root.get("profiles");
        if (defined == null || !defined.isObject()) {
            throw new InvalidInputException("profiles in " + origin + " have no 'profiles' mapping: see docs/agents.md");
        }
        Map<String, AgentProfile> profiles = new TreeMap<>(builtIn().profiles);
        defined.fields().forEachRemaining(entry -> {
            AgentProfile profile = StrictYaml.convert(entry.getValue(), AgentProfile.class,
                    "profile " + entry.getKey() + " in " + origin, "see docs/agents.md");
            profiles.put(entry.getKey(), validate(new AgentProfile(entry.getKey(), profile.agent(), profile.image(),
                    profile.model(), profile.args(), profile.env(), profile.credentials(), profile.network(),
                    profile.timeout(), profile.maxTurns(), profile.budgetUsd(), profile.memory(), profile.cpus(),
                    profile.price(), profile.endpoint()),
                    origin));
        });
        return new AgentProfiles(profiles);
    }

    /**
     * The profile called {@code name}.
     *
     * @throws InvalidInputException for an unknown name, listing the known ones
     */
    public AgentProfile named(String name) {
        AgentProfile profile = profiles.get(name);
        if (profile == null) {
            throw new InvalidInputException("unknown agent or profile '" + name + "': use one of "
                    + String.join(", ", profiles.keySet())
                    + " (define more in a profiles file: --profiles FILE, or Agent profiles in Jenkins' Ambient settings)");
        }
        return profile;
    }

    /** All profiles by name, sorted. */
    public Map<String, AgentProfile> all() {
        return profiles;
    }

    private static AgentProfile validate(AgentProfile profile, String origin) {
        String where = "profile " + profile.name() + " in " + origin;
        if (profile.agent() == null) {
            throw new InvalidInputException(where + " has no agent: add 'agent: claude-code' (or codex, gemini, warp, command)");
        }
        AgentAdapter adapter = Agents.named(profile.agent());
        if (profile.timeout() != null) {
            Units.parseDuration(profile.timeout(), where + " timeout");
        }
        if (profile.memory() != null) {
            Units.parseBytes(profile.memory(), where + " memory");
        }
        if (profile.endpoint() != null) {
            Endpoint.requireValid(profile.endpoint(), where + ": endpoint");
        }
        if (profile.maxTurns() != null && profile.maxTurns() < 1) {
            throw new InvalidInputException(where + ": maxTurns must be at least 1");
        }
        if (profile.price() != null) {
            profile.price().validated(where);
        }
        if (profile.budgetUsd() != null && !adapter.reportsUsage()) {
            throw new InvalidInputException(where + ": agent " + adapter.name()
                    + " reports neither tokens nor cost, so budgetUsd cannot be enforced: remove it");
        }
        return profile;
    }
}
