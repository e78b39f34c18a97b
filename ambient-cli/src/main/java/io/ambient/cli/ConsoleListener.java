package io.ambient.cli;

import io.ambient.exec.OutputLine;
import io.ambient.exec.StdStream;
import io.ambient.run.RunListener;
import io.ambient.run.RunState;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a run on the console: the agent's stdout and stderr lines with a prefix naming the agent and stream, and
 * the run's state. On a terminal a status line (state, elapsed time) is redrawn every second below the output;
 * otherwise each state change is one plain line, which keeps CI logs clean.
 */
final class ConsoleListener implements RunListener, AutoCloseable {
    private static final String CLEAR_LINE = "\r\033[K";

    private final String agent;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean live;
    private final Instant started = Instant.now();
    private final ScheduledExecutorService ticker;
    private String status = "preparing";
    private boolean statusShown;

    ConsoleListener(String agent, PrintStream out, PrintStream err, boolean live) {
        this.agent = agent;
        this.out = out;
        this.err = err;
        this.live = live;
        this.ticker = live ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ambient-progress");
            thread.setDaemon(true);
            return thread;
        }) : null;
        if (live) {
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** Live progress only on an interactive terminal outside CI. */
    static boolean isInteractive() {
        return System.console() != null && System.getenv("CI") == null;
    }

    @Override
    public synchronized void onState(RunState state, String detail) {
        status = state.name().toLowerCase(Locale.ROOT) + (detail == null ? "" : " (" + detail + ")");
        if (live) {
            redraw();
        } else if (state != RunState.PREPARING && state != RunState.FINISHED) {
            // Bad input fails while preparing: its error stays the only line.
            err.println("ambient: " + status);
        }
    }

    @Override
    public synchronized void onLine(OutputLine line) {
        clearStatus();
        if (line.stream() == StdStream.STDOUT) {
            out.println("[" + agent + "] " + line.text());
            out.flush();
        } else {
            err.println("[" + agent + ":stderr] " + line.text());
        }
        if (live) {
            drawStatus();
        }
    }

    /** A message of the command line itself. */
    synchronized void message(String text) {
        clearStatus();
        err.println("ambient: " + text);
        if (live) {
            drawStatus();
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clearStatus();
    }

    private synchronized void redraw() {
        clearStatus();
        drawStatus();
    }

    private void drawStatus() {
        long seconds = Duration.between(started, Instant.now()).toSeconds();
        err.print(String.format(Locale.ROOT, "ambient: %s %d:%02d", status, seconds / 60, seconds % 60));
        err.flush();
        statusShown = true;
    }

    private void clearStatus() {
        if (statusShown) {
            err.print(CLEAR_LINE);
            err.flush();
            statusShown = false;
        }
    }
}
