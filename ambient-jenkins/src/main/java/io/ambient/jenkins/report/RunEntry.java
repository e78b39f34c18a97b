package io.ambient.jenkins.report;

import io.ambient.agent.Usage;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.report.render.Formats;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

import java.io.Serializable;
import java.util.Objects;

/**
 * The small index entry of one agent run (or one fan-out) of a build: what the build page table, the trend and the
 * dashboard show without opening the report file. The full report stays in the build directory.
 */
@ExportedBean
public final class RunEntry implements Serializable {
    /** {@link #getKind()} of a single agent run. */
    public static final String KIND_RUN = "run";
    /** {@link #getKind()} of a fan-out (its runs have entries of their own). */
    public static final String KIND_FANOUT = "fanout";

    private static final long serialVersionUID = 1L;

    private final String runId;
    private final String kind;
    private final String stage;
    private final String name;
    private final String agent;
    private final String model;
    private final String status;
    private final boolean suspect;
    private final Double costUsd;
    private final Long inputTokens;
    private final Long outputTokens;
    private final int turns;
    private final long durationMillis;
    private final int changedFiles;
    private final long startedAt;

    @SuppressWarnings("checkstyle:ParameterNumber")
    private RunEntry(String runId, String kind, String stage, String name, String agent, String model, String status,
                     boolean suspect, Double costUsd, Long inputTokens, Long outputTokens, int turns,
                     long durationMillis, int changedFiles, long startedAt) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.kind = kind;
        this.stage = stage;
        this.name = name;
        this.agent = agent;
        this.model = model;
        this.status = status;
        this.suspect = suspect;
        this.costUsd = costUsd;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.turns = turns;
        this.durationMillis = durationMillis;
        this.changedFiles = changedFiles;
        this.startedAt = startedAt;
    }

    /** The entry of one run's report. */
    public static RunEntry of(String stage, String name, RunReport report) {
        Usage usage = report.usage() == null ? Usage.UNKNOWN : report.usage();
        return new RunEntry(report.runId(), KIND_RUN, stage, name, report.agent(), report.model(),
                String.valueOf(report.status()), report.suspect(), usage.costUsd(),
                Usage.sum(usage.inputTokens(), usage.cacheReadTokens(), usage.cacheWriteTokens()), usage.outputTokens(), report.turns(), report.durationMillis(),
                report.changedFiles() == null ? 0 : report.changedFiles().size(), report.startedAt().toEpochMilli());
    }

    /** The entry of a whole fan-out: its totals. */
    public static RunEntry ofFanOut(String stage, String name, FanOutReport report) {
        int turns = report.runs().stream().mapToInt(run -> run.report() == null ? 0 : run.report().turns()).sum();
        int files = report.runs().stream().mapToInt(run -> run.report() == null || run.report().changedFiles() == null
                ? 0 : run.report().changedFiles().size()).sum();
        return new RunEntry(report.fanOutId(), KIND_FANOUT, stage, name, "fan-out", models(report),
                report.succeeded() ? String.valueOf(RunStatus.SUCCEEDED) : String.valueOf(RunStatus.FAILED),
                false, report.totalCostUsd(), null, null, turns, report.durationMillis(), files,
                report.startedAt().toEpochMilli());
    }

    private static String models(FanOutReport report) {
        return report.runs().stream().map(FanOutRun::model).filter(Objects::nonNull).distinct()
                .reduce((a, b) -> a + ", " + b).orElse(null);
    }

    @Exported(visibility = 2)
    public String getRunId() {
        return runId;
    }

    /** {@value #KIND_RUN} or {@value #KIND_FANOUT}. */
    @Exported(visibility = 2)
    public String getKind() {
        return kind;
    }

    @Exported(visibility = 2)
    public String getStage() {
        return stage;
    }

    @Exported(visibility = 2)
    public String getName() {
        return name;
    }

    @Exported(visibility = 2)
    public String getAgent() {
        return agent;
    }

    @Exported(visibility = 2)
    public String getModel() {
        return model;
    }

    /** The run status as in the report ({@code succeeded}, {@code failed}, {@code timed_out}, ...). */
    @Exported(visibility = 2)
    public String getStatus() {
        return status;
    }

    @Exported(visibility = 2)
    public boolean isSuspect() {
        return suspect;
    }

    /** Whether the run succeeded and is not suspect. */
    public boolean isSucceeded() {
        return String.valueOf(RunStatus.SUCCEEDED).equals(status) && !suspect;
    }

    @Exported(visibility = 2)
    public Double getCostUsd() {
        return costUsd;
    }

    /** All input tokens the model read, cache reads and writes included. */
    @Exported(visibility = 2)
    public Long getInputTokens() {
        return inputTokens;
    }

    @Exported(visibility = 2)
    public Long getOutputTokens() {
        return outputTokens;
    }

    @Exported(visibility = 2)
    public int getTurns() {
        return turns;
    }

    @Exported(visibility = 2)
    public long getDurationMillis() {
        return durationMillis;
    }

    @Exported(visibility = 2)
    public int getChangedFiles() {
        return changedFiles;
    }

    /** Start time, epoch milliseconds. */
    @Exported(visibility = 2)
    public long getStartedAt() {
        return startedAt;
    }

    /** For tables: {@code $0.0123}, or {@code -} when the agent reports no cost. */
    public String getCostDisplay() {
        return Formats.cost(costUsd);
    }

    /** For tables: input + output tokens, or {@code -} when unknown. */
    public String getTokensDisplay() {
        Long total = Usage.sum(inputTokens, outputTokens);
        return total == null ? "-" : Formats.number(total);
    }

    /** For tables: {@code 1.2 s}, {@code 3 min 05 s}. */
    public String getDurationDisplay() {
        return Formats.duration(durationMillis);
    }
}
