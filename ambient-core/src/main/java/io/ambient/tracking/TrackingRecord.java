package io.ambient.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ambient.report.PatchInfo;
import io.ambient.report.RunReport;

import java.util.Map;
import java.util.Objects;

/**
 * What is published for one run: the run report without the patch body, plus the job/build identity lifted out
 * of the report's labels so that a receiver can index on it without knowing label conventions. The wire format is
 * {@code docs/tracking-api.yaml}.
 *
 * <p>Identity comes from these labels of the report (absent labels give absent fields):
 * {@value #LABEL_JOB} (the job's full name), {@value #LABEL_BUILD} (the build number or id),
 * {@value #LABEL_STAGE} (the pipeline stage) and {@value #LABEL_URL} (the build's URL). All labels also stay in
 * {@code report.labels}.
 *
 * @param schemaVersion version of this record's schema ({@link #SCHEMA_VERSION})
 * @param runId         the run's id; the record's identity on the receiver
 * @param job           label {@value #LABEL_JOB}, if any
 * @param build         label {@value #LABEL_BUILD}, if any
 * @param stage         label {@value #LABEL_STAGE}, if any
 * @param url           label {@value #LABEL_URL}, if any
 * @param patch         the patch's file name and size, never its text; absent when the run had no patch
 * @param report        the run report, with its {@code patch} property removed (see {@code patch} above)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackingRecord(
        String schemaVersion,
        String runId,
        String job,
        String build,
        String stage,
        String url,
        PatchSummary patch,
        RunReport report) {

    /** The version this build writes; the major number changes only for changes an older receiver cannot ignore. */
    public static final String SCHEMA_VERSION = "1.0";
    /** Label holding the job's name. */
    public static final String LABEL_JOB = "job";
    /** Label holding the build number or id. */
    public static final String LABEL_BUILD = "build";
    /** Label holding the pipeline stage. */
    public static final String LABEL_STAGE = "stage";
    /** Label holding the build's URL. */
    public static final String LABEL_URL = "url";

    /**
     * The patch as published: where it is and how big, but not what it says. Patches can be large and can hold
     * code a receiver has no business storing; the full patch stays beside {@code report.json}.
     *
     * @param file      name of the full patch file, relative to the report
     * @param bytes     size of the full patch
     * @param truncated whether the report's copy of the patch was cut
     * @param masked    whether secrets were masked in the patch, which then no longer reproduces the change exactly
     */
    public record PatchSummary(String file, long bytes, boolean truncated,
                               @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean masked) {
    }

    /** The record of {@code report}: its patch text dropped, its identity labels lifted out. */
    public static TrackingRecord of(RunReport report) {
        Objects.requireNonNull(report, "report");
        PatchInfo patch = report.patch();
        PatchSummary summary = patch == null ? null : new PatchSummary(patch.file(), patch.bytes(), patch.truncated(),
                patch.masked());
        Map<String, String> labels = report.labels() == null ? Map.of() : report.labels();
        return new TrackingRecord(SCHEMA_VERSION, report.runId(), labels.get(LABEL_JOB), labels.get(LABEL_BUILD),
                labels.get(LABEL_STAGE), labels.get(LABEL_URL), summary, withoutPatch(report));
    }

    // The report keeps every other property as the engine wrote (and masked) it; only the patch goes, so the
    // embedded report still conforms to the run-report schema, where patch is optional.
    private static RunReport withoutPatch(RunReport r) {
        return new RunReport(r.schemaVersion(), r.runId(), r.agent(), r.model(), r.image(), r.executor(),
                r.workspace(), r.prompt(), r.status(), r.exitCode(), r.oomKilled(), r.outputCut(), r.startedAt(), r.finishedAt(),
                r.durationMillis(), r.changedFiles(), null, r.finalMessage(), r.turns(), r.usage(), r.sessionId(),
                r.stopReason(), r.limits(), r.stoppedBy(), r.permissionDenials(), r.suspect(), r.suspectReasons(),
                r.context(), r.error(), r.events(), r.labels());
    }
}
