package io.ambient.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.ambient.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The published JSON Schema of the run report ({@code docs/schema/run-report.schema.json}), for tests. */
public final class ReportSchema {
    private ReportSchema() {
    }

    /** Problems {@code document} has against the schema; empty when it conforms. */
    public static List<String> problems(JsonNode document) {
        return DocSchemas.problems("run-report.schema.json", document);
    }

    /** Asserts that the report file conforms to the schema. */
    public static void assertConforms(Path reportFile) {
        try {
            assertThat(problems(Json.MAPPER.readTree(reportFile.toFile()))).as("schema problems of " + reportFile).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
