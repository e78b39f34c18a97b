package io.ambient.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ambient.report.PatchInfo;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Reports, a settable clock, a recording listener and the published TrackingRecord schema, for the tests. */
final class TrackingFixtures {
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final String PATCH_TEXT = "diff --git a/a.txt b/a.txt\n+PATCH-BODY-MUST-NOT-BE-PUBLISHED\n";
    static final String TOKEN = "s3cr3t-token-value";

    private static final Path DOCS = Path.of("..", "docs");
    private static final String SCHEMA_BASE = "https://github.com/jenkinsci/ambient-agents-plugin/docs/schema/";

    private TrackingFixtures() {
    }

    static RunReport report(String runId) {
        return RunReport.builder()
                .runId(runId).agent("command").executor("docker").prompt("Fix it").status(RunStatus.SUCCEEDED)
                .exitCode(0).startedAt(START).finishedAt(START.plusSeconds(3))
                .patch(new PatchInfo("changes.patch", PATCH_TEXT.length(), false, PATCH_TEXT))
                .finalMessage("done").turns(1)
                .labels(Map.of("job", "team/app/main", "build", "42", "stage", "Fix", "url",
                        "https://ci.example.com/job/team/job/app/job/main/42/", "extra", "kept"))
                .build();
    }

    /** A clock the test moves by hand, so that backoff needs no sleeping. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Keeps every message. */
    static final class RecordingListener implements TrackingListener {
        final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        final List<String> infos = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void warning(String message) {
            warnings.add(message);
        }

        @Override
        public void info(String message) {
            infos.add(message);
        }
    }

    /** Problems {@code body} has against the TrackingRecord schema of {@code docs/tracking-api.yaml}. */
    static List<String> schemaProblems(JsonNode body) {
        try {
            Path api = DOCS.resolve("tracking-api.yaml").toAbsolutePath().normalize();
            JsonNode openApi = new YAMLMapper().readTree(api.toFile());
            ObjectNode schema = openApi.at("/components/schemas/TrackingRecord").deepCopy();
            // Relative $refs in the API resolve against the API document, as OpenAPI 3.1 says.
            schema.put("$id", api.toUri().toString());
            String local = DOCS.resolve("schema").toAbsolutePath().normalize().toUri().toString();
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                    builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_BASE, local)));
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            JsonSchema validator = factory.getSchema(schema, config);
            return validator.validate(body).stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
