package io.ambient.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ambient.agent.Usage;
import io.ambient.workspace.ChangedFile;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything known about one agent run, as one versioned JSON document ({@code report.json}). The schema is
 * {@code docs/schema/run-report.schema.json}; {@link #SCHEMA_VERSION} changes its major number only for changes
 * an older reader cannot ignore. Build it with {@link #builder()}.
 *
 * @param schemaVersion  version of this document's schema
 * @param runId          the run's id
 * @param agent          agent name
 * @param model          model, when the agent was given one
 * @param image          container image, for the Docker executor
 * @param executor       {@code docker} or {@code process}
 * @param workspace      host path of the workspace, when the run had one
 * @param prompt         the prompt as given
 * @param status         how the run ended
 * @param exitCode       the agent process's exit code; absent when it never started
 * @param oomKilled      killed by the kernel for exceeding its memory limit
 * @param outputCut      the agent's output was not all read: more was left when it ended than could be read in the
 *                       bound given to reading it, so events, the final message or the cost may be missing
 * @param startedAt      when the agent started (or, for a run that never started, when it was asked for)
 * @param finishedAt     when it ended
 * @param durationMillis {@code finishedAt - startedAt}
 * @param changedFiles   files the agent added, modified or deleted; absent without a workspace
 * @param patch          the agent's changes as a unified diff; absent without a workspace
 * @param finalMessage   the agent's last word
 * @param turns          model turns, 0 when unknown
 * @param usage          tokens and cost, where the agent reports them
 * @param sessionId      the agent CLI's session/thread id, to resume the conversation with the CLI's own option
 * @param stopReason     why the agent stopped, in its own words
 * @param limits         the limits the run was given
 * @param stoppedBy      the limit that stopped the run, if one did
 * @param permissionDenials tool calls the agent was refused, as {@code tool: input}
 * @param suspect        the run reported success but shows signs that it did not do its job; see
 *                       {@code suspectReasons}. Pipelines can fail on it instead of going green
 * @param suspectReasons why the run is suspect
 * @param context        the context packs the run was given, if any
 * @param error          what went wrong, for status {@code error}; for a run stopped as
 *                       {@link StopCause#UNREACHABLE}, which endpoint, from which network, and the fix
 * @param events         the agent's normalised events, bounded
 * @param labels         identity of the run (job, build, stage...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(
        String schemaVersion,
        String runId,
        String agent,
        String model,
        String image,
        String executor,
        String workspace,
        String prompt,
        RunStatus status,
        Integer exitCode,
        boolean oomKilled,
        boolean outputCut,
        Instant startedAt,
        Instant finishedAt,
        long durationMillis,
        List<ChangedFile> changedFiles,
        PatchInfo patch,
        String finalMessage,
        int turns,
        Usage usage,
        String sessionId,
        String stopReason,
        RunLimits limits,
        StopCause stoppedBy,
        List<String> permissionDenials,
        boolean suspect,
        List<String> suspectReasons,
        ContextInfo context,
        String error,
        EventLog events,
        Map<String, String> labels) {

    /** The version this build writes. */
    public static final String SCHEMA_VERSION = "1.3";

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RunReport}; the duration is computed from the start and end. */
    public static final class Builder {
        private String runId;
        private String agent;
        private String model;
        private String image;
        private String executor;
        private String workspace;
        private String prompt;
        private RunStatus status;
        private Integer exitCode;
        private boolean oomKilled;
        private boolean outputCut;
        private Instant startedAt;
        private Instant finishedAt;
        private List<ChangedFile> changedFiles;
        private PatchInfo patch;
        private String finalMessage;
        private int turns;
        private Usage usage;
        private String sessionId;
        private String stopReason;
        private RunLimits limits = RunLimits.NONE;
        private StopCause stoppedBy;
        private List<String> permissionDenials = List.of();
        private List<String> suspectReasons = List.of();
        private ContextInfo context;
        private String error;
        private EventLog events = EventLog.EMPTY;
        private final Map<String, String> labels = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder runId(String value) {
            runId = value;
            return this;
        }

        public Builder agent(String value) {
            agent = value;
            return this;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder image(String value) {
            image = value;
            return this;
        }

        public Builder executor(String value) {
            executor = value;
            return this;
        }

        public Builder workspace(String value) {
            workspace = value;
            return this;
        }

        public Builder prompt(String value) {
            prompt = value;
            return this;
        }

        public Builder status(RunStatus value) {
            status = value;
            return this;
        }

        public Builder exitCode(Integer value) {
            exitCode = value;
            return this;
        }

        public Builder oomKilled(boolean value) {
            oomKilled = value;
            return this;
        }

        public Builder outputCut(boolean value) {
            outputCut = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder finishedAt(Instant value) {
            finishedAt = value;
            return this;
        }

        public Builder changedFiles(List<ChangedFile> value) {
            changedFiles = List.copyOf(value);
            return this;
        }

        public Builder patch(PatchInfo value) {
            patch = value;
            return this;
        }

        public Builder finalMessage(String value) {
            finalMessage = value;
            return this;
        }

        public Builder turns(int value) {
            turns = value;
            return this;
        }

        public Builder usage(Usage value) {
            usage = value;
            return this;
        }

        public Builder sessionId(String value) {
            sessionId = value;
            return this;
        }

        public Builder stopReason(String value) {
            stopReason = value;
            return this;
        }

        public Builder limits(RunLimits value) {
            limits = value;
            return this;
        }

        public Builder stoppedBy(StopCause value) {
            stoppedBy = value;
            return this;
        }

        public Builder permissionDenials(List<String> values) {
            permissionDenials = List.copyOf(values);
            return this;
        }

        /** Makes the report suspect for these reasons; none leaves it trusted. */
        public Builder suspectReasons(List<String> values) {
            suspectReasons = List.copyOf(values);
            return this;
        }

        public Builder context(ContextInfo value) {
            context = value;
            return this;
        }

        public Builder error(String value) {
            error = value;
            return this;
        }

        public Builder events(EventLog value) {
            events = value;
            return this;
        }

        public Builder labels(Map<String, String> values) {
            labels.putAll(values);
            return this;
        }

        public RunReport build() {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
            return new RunReport(SCHEMA_VERSION, runId, agent, model, image, executor, workspace, prompt, status,
                    exitCode, oomKilled, outputCut, startedAt, finishedAt, Duration.between(startedAt, finishedAt).toMillis(),
                    changedFiles, patch, finalMessage, turns, usage, sessionId, stopReason, limits, stoppedBy,
                    permissionDenials, !suspectReasons.isEmpty(), suspectReasons, context, error, events, Map.copyOf(labels));
        }
    }
}
