package io.ambient;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.List;

/**
 * The reading of hand-written YAML (or JSON) configuration: profiles, context packs. A key the format does not know is
 * an error naming it and the valid keys, never silently ignored: a misspelled setting would otherwise change nothing.
 */
public final class StrictYaml {
    /** Reads YAML and JSON; fails on keys the target type does not declare. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StrictYaml() {
    }

    /**
     * {@code node} as a {@code type}, whose components are the valid keys.
     *
     * @param where what the node is, for messages ("profile fast in teams.yaml")
     * @param help  where the format is described ("see docs/agents.md")
     * @throws InvalidInputException for an unknown key (named, with the valid ones) or a value of the wrong kind
     */
    public static <T> T convert(JsonNode node, Class<T> type, String where, String help) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            throw new InvalidInputException(where + ": unknown key '" + e.getPropertyName() + "': use "
                    + String.join(", ", known.subList(0, known.size() - 1)) + " or " + known.get(known.size() - 1)
                    + " (" + help + ")");
        } catch (IOException e) {
            throw new InvalidInputException(where + ": " + e.getMessage().lines().findFirst().orElse("") + ": " + help);
        }
    }
}
