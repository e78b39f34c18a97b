package io.ambient.cli;

import io.ambient.Units;
import io.ambient.exec.OutputLine;
import io.ambient.exec.StdStream;
import io.ambient.fanout.FanOutListener;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.MergeStatus;
import io.ambient.fanout.PlannedRun;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import io.ambient.run.RunListener;
import io.ambient.run.RunState;
import io.ambient.workspace.ChangedFile;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a fan-out on the console. Every run's output lines are prefixed with its name ({@code [api] ...}, stderr
 * lines {@code [api:stderr] ...}) and each run that ends gets one line saying how. On a terminal a block with one
 * line per unfinished run (state, elapsed time, turns and cost when known) is redrawn every second below the output;
 * otherwise each state change is one plain line {@code [api] running ...}, which keeps CI logs clean. At the end,
 * {@link #table} and {@link #summary} describe the whole fan-out.
 */
final class FanOutConsole implements FanOutListener, AutoCloseable {
    /** Rows of the live block at most: more than a terminal's height breaks redrawing in place. */
    private static final int MAX_ROWS = 20;
    private static final String ESC = "\033[";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean live;
    private final int width;
    private final int nameWidth;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> notices = new ArrayList<>();
    private final Instant begun = Instant.now();
    private final ScheduledExecutorService ticker;
    private boolean started;
    private int drawnLines;

    /** One run as the console shows it. */
    private static final class Row {
        final String name;
        String state = "waiting";
        Instant startedAt;
        boolean finished;
        int turns;
        Double costUsd;

        Row(String name) {
            this.name = name;
        }
    }

    FanOutConsole(List<PlannedRun> runs, PrintStream out, PrintStream err, boolean live) {
        this.out = out;
        this.err = err;
        this.live = live;
        this.width = terminalWidth();
        runs.forEach(run -> rows.put(run.name(), new Row(run.name())));
        this.nameWidth = runs.stream().mapToInt(run -> run.name().length()).max().orElse(0);
        this.ticker = live ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ambient-progress");
            thread.setDaemon(true);
            return thread;
        }) : null;
        if (live) {
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** A note shown when the first run starts: until then bad input must stay the only line. */
    synchronized void notice(String text) {
        notices.add(text);
    }

    /** A message of the command line itself, shown now. */
    synchronized void message(String text) {
        clearBlock();
        err.println("ambient: " + text);
        drawBlock();
    }

    @Override
    public RunListener run(PlannedRun run) {
        Row row = rows.get(run.name());
        return new RunListener() {
            @Override
            public void onState(RunState state, String detail) {
                state(row, state, detail);
            }

            @Override
            public void onLine(OutputLine line) {
                line(row, line);
            }

            @Override
            public void onProgress(int turns, Double costUsd) {
                progress(row, turns, costUsd);
            }
        };
    }

    @Override
    public synchronized void onRunFinished(FanOutRun run) {
        Row row = rows.get(run.name());
        if (row != null) {
            row.finished = true;
        }
        clearBlock();
        err.println("[" + run.name() + "] " + outcome(run));
        drawBlock();
    }

    @Override
    public synchronized void onStopping(FanOutReport.StopReason reason, String detail) {
        clearBlock();
        err.println("ambient: stopping every run: " + detail);
        drawBlock();
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clearBlock();
    }

    private synchronized void state(Row row, RunState state, String detail) {
        begin();
        if (row.startedAt == null) {
            row.startedAt = Instant.now();
        }
        row.state = state.name().toLowerCase(Locale.ROOT);
        if (live) {
            redraw();
        } else if (state != RunState.FINISHED) {
            // FINISHED is followed by the run's outcome line.
            err.println("[" + row.name + "] " + row.state + (detail == null ? "" : " (" + detail + ")"));
        }
    }

    private synchronized void line(Row row, OutputLine line) {
        clearBlock();
        if (line.stream() == StdStream.STDOUT) {
            out.println("[" + row.name + "] " + line.text());
            out.flush();
        } else {
            err.println("[" + row.name + ":stderr] " + line.text());
        }
        drawBlock();
    }

    private synchronized void progress(Row row, int turns, Double costUsd) {
        row.turns = turns;
        row.costUsd = costUsd;
    }

    /** Shows the notices once, when the fan-out has passed its checks and the first run starts. */
    private void begin() {
        if (!started) {
            started = true;
            notices.forEach(notice -> err.println("ambient: " + notice));
            notices.clear();
        }
    }

    private synchronized void redraw() {
        clearBlock();
        drawBlock();
    }

    private void drawBlock() {
        if (!live || !started) {
            return;
        }
        List<Row> unfinished = rows.values().stream().filter(row -> !row.finished).toList();
        long running = unfinished.stream().filter(row -> row.startedAt != null).count();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "ambient: fan-out %s  %d running, %d waiting, %d done",
                clock(Duration.between(begun, Instant.now())), running, unfinished.size() - running,
                rows.size() - unfinished.size()));
        // Started runs first: with more runs than rows, those are the ones worth watching.
        List<Row> shown = new ArrayList<>(unfinished.stream().filter(row -> row.startedAt != null).toList());
        shown.addAll(unfinished.stream().filter(row -> row.startedAt == null).toList());
        for (Row row : shown.subList(0, Math.min(MAX_ROWS, shown.size()))) {
            lines.add(rowLine(row));
        }
        if (shown.size() > MAX_ROWS) {
            lines.add("  ... and " + (shown.size() - MAX_ROWS) + " more");
        }
        for (String line : lines) {
            // A wrapped line would throw the cursor-up count off.
            err.print((line.length() >= width ? line.substring(0, width - 1) : line) + "\n");
        }
        err.flush();
        drawnLines = lines.size();
    }

    private String rowLine(Row row) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + nameWidth + "s  %-10s",
                row.name, row.state));
        if (row.startedAt != null) {
            line.append("  ").append(clock(Duration.between(row.startedAt, Instant.now())));
        }
        if (row.turns > 0) {
            line.append("  ").append(row.turns).append(row.turns == 1 ? " turn" : " turns");
        }
        if (row.costUsd != null) {
            line.append("  ").append(String.format(Locale.ROOT, "$%.4f", row.costUsd));
        }
        return line.toString().stripTrailing();
    }

    private void clearBlock() {
        if (drawnLines > 0) {
            err.print(ESC + drawnLines + "A\r" + ESC + "J");
            err.flush();
            drawnLines = 0;
        }
    }

    /** How a run ended, on one line: {@code succeeded in 2.1 s, exit 0, 1 file changed (+1 -0), verify passed}. */
    static String outcome(FanOutRun run) {
        RunReport report = run.report();
        if (report == null) {
            return "not started: the fan-out stopped first";
        }
        StringBuilder line = new StringBuilder(report.status().toString().replace('_', ' '));
        line.append(" in ").append(Units.describe(Duration.ofMillis(report.durationMillis())));
        if (report.exitCode() != null) {
            line.append(", exit ").append(report.exitCode());
        }
        if (report.error() != null) {
            line.append(", ").append(report.error());
        }
        if (report.changedFiles() != null) {
            int files = report.changedFiles().size();
            line.append(", ").append(files).append(files == 1 ? " file" : " files").append(" changed");
            if (files > 0) {
                line.append(" (").append(lines(run)).append(')');
            }
        }
        if (run.verify() != null) {
            line.append(", verify ").append(run.verify().passed() ? "passed" : run.verify().timedOut() ? "timed out"
                    : "failed (exit " + run.verify().exitCode() + ")");
        }
        if (!run.outOfScope().isEmpty()) {
            line.append(", ").append(run.outOfScope().size()).append(" outside its shard: ")
                    .append(String.join(" ", run.outOfScope()));
        }
        return line.toString();
    }

    /**
     * The comparison table, one row per run in plan order, columns aligned: name, status, verify, files changed,
     * lines added and removed, turns, tokens, cost, duration, and what became of its changes.
     */
    static List<String> table(FanOutReport report) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"RUN", "STATUS", "VERIFY", "FILES", "+/-", "TURNS", "TOKENS", "COST", "TIME", "MERGE"});
        List<FanOutReport.ComparisonRow> rows = report.comparison();
        for (int i = 0; i < rows.size(); i++) {
            FanOutReport.ComparisonRow row = rows.get(i);
            FanOutRun run = report.runs().get(i);
            boolean ran = run.report() != null;
            String status = ran && run.report().suspect() ? row.status() + " (SUSPECT)" : row.status();
            cells.add(new String[] {row.name(), status, row.verify(),
                    ran ? String.valueOf(row.filesChanged()) : "-", ran ? lines(run) : "-",
                    ran ? String.valueOf(row.turns()) : "-", row.tokens() == null ? "-" : String.valueOf(row.tokens()),
                    row.costUsd() == null ? "-" : String.format(Locale.ROOT, "$%.4f", row.costUsd()),
                    ran ? Units.describe(Duration.ofMillis(row.durationMillis())) : "-", merge(row.merge(), run)});
        }
        int columns = cells.get(0).length;
        int[] widths = new int[columns];
        for (String[] line : cells) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                text.append(c == 0 ? "" : "  ").append(c == columns - 1 ? line[c]
                        : String.format("%-" + widths[c] + "s", line[c]));
            }
            lines.add(text.toString().stripTrailing());
        }
        return lines;
    }

    /** The fan-out in one line: verdict, runs that succeeded, merged, conflicts, cost, duration. */
    static String summary(FanOutReport report) {
        long succeeded = report.runs().stream().filter(run -> run.report() != null
                && run.report().status() == RunStatus.SUCCEEDED && (run.verify() == null || run.verify().passed()))
                .count();
        long merged = report.runs().stream().filter(run -> run.merge() == MergeStatus.MERGED).count();
        long conflicts = report.runs().stream().filter(run -> run.merge() == MergeStatus.CONFLICT).count();
        String verdict = report.succeeded() ? "fan-out succeeded"
                : report.stoppedBy() != null ? "fan-out stopped (" + report.stoppedBy().name().toLowerCase(Locale.ROOT)
                .replace('_', '-') + ")"
                : "fan-out failed";
        StringBuilder line = new StringBuilder(verdict).append(": ").append(succeeded).append(" of ")
                .append(report.runs().size()).append(report.runs().size() == 1 ? " run" : " runs").append(" succeeded");
        if (report.verify() != null) {
            line.append(" and passed verify");
        }
        line.append(", ").append(merged).append(" merged");
        if (conflicts > 0) {
            line.append(", ").append(conflicts).append(conflicts == 1 ? " conflict" : " conflicts");
        }
        long suspect = report.runs().stream().filter(run -> run.report() != null && run.report().suspect()).count();
        if (suspect > 0) {
            line.append(", ").append(suspect).append(" SUSPECT");
        }
        if (report.totalCostUsd() != null) {
            line.append(String.format(Locale.ROOT, ", $%.4f", report.totalCostUsd()));
        }
        return line.append(" in ").append(Units.describe(Duration.ofMillis(report.durationMillis()))).toString();
    }

    private static String lines(FanOutRun run) {
        List<ChangedFile> files = run.report().changedFiles() == null ? List.of() : run.report().changedFiles();
        return "+" + files.stream().mapToLong(ChangedFile::linesAdded).sum()
                + " -" + files.stream().mapToLong(ChangedFile::linesRemoved).sum();
    }

    private static String merge(MergeStatus merge, FanOutRun run) {
        String text = merge == null ? "-" : merge.name().toLowerCase(Locale.ROOT);
        return run.conflictsWith().isEmpty() ? text : text + " with " + String.join(", ", run.conflictsWith());
    }

    private static String clock(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** {@code $COLUMNS} when the shell exports it, else the classic 80. */
    private static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
            return columns >= 20 ? columns : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
