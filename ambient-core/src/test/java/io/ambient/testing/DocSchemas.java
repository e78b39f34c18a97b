package io.ambient.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The JSON Schemas published in {@code docs/schema/}, read from the repository as users read them. */
public final class DocSchemas {
    /** The repository's {@code docs/} directory, seen from a module's directory (where tests run). */
    public static final Path DOCS = Path.of("..", "docs");
    private static final String SCHEMA_BASE = "https://github.com/jenkinsci/ambient-agents-plugin/docs/schema/";

    private DocSchemas() {
    }

    /** Problems {@code document} has against {@code docs/schema/<name>}; empty when it conforms. */
    public static List<String> problems(String name, JsonNode document) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Path file = DOCS.resolve("schema").resolve(name);
        // References between the published schemas resolve to these files, never to the network.
        String local = DOCS.resolve("schema").toAbsolutePath().normalize().toUri().toString();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_BASE, local)));
        try (InputStream in = Files.newInputStream(file)) {
            JsonSchema schema = factory.getSchema(in, config);
            return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** A YAML (or JSON) file of {@code docs/} as a tree. */
    public static JsonNode yaml(String path) {
        try {
            return new YAMLMapper().readTree(DOCS.resolve(path).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
