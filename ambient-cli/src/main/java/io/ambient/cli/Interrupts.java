package io.ambient.cli;

import io.ambient.run.AgentRunner;
import io.ambient.run.RunResult;
import io.ambient.run.RunTicket;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ctrl-C (or SIGTERM) while a run is followed cancels the run instead of orphaning it: the container is killed and
 * the report, marked cancelled, is still written before the JVM exits.
 */
final class Interrupts {
    /** How long the JVM waits at exit for the cancelled run's report. */
    private static final long REPORT_WAIT_SECONDS = 30;

    private Interrupts() {
    }

    static RunResult cancelOnInterrupt(AgentRunner runner, RunTicket ticket, Supplier<RunResult> follow) {
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.cancel(ticket);
            try {
                reported.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ambient-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return follow.get();
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running; it returns now that the report is written.
            }
        }
    }
}
