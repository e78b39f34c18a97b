package io.ambient.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ambient.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The published JSON Schema of the run report ({@code docs/schema/run-report.schema.json}), for tests. */
public final class ReportSchema {
    /** The schema as users read it: from the repository's docs, not a copy. */
    public static final Path FILE = Path.of("..", "docs", "schema", "run-report.schema.json");

    private static final JsonSchema SCHEMA = load();

    private ReportSchema() {
    }

    /** Problems {@code document} has against the schema; empty when it conforms. */
    public static List<String> problems(JsonNode document) {
        return SCHEMA.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Asserts that the report file conforms to the schema. */
    public static void assertConforms(Path reportFile) {
        try {
            assertThat(problems(Json.MAPPER.readTree(reportFile.toFile()))).as("schema problems of " + reportFile).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(FILE)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
        }
    }
}
