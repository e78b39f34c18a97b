package io.ambient.cli;

import io.ambient.run.AgentRunner;
import io.ambient.run.RunResult;
import io.ambient.run.RunTicket;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ctrl-C (or SIGTERM) while a run or a fan-out is followed cancels it instead of orphaning it: the containers are
 * killed and the report, marked cancelled, is still written before the JVM exits.
 */
final class Interrupts {
    /** How long the JVM waits at exit for the cancelled work's report. */
    private static final long REPORT_WAIT_SECONDS = 30;

    private Interrupts() {
    }

    static RunResult cancelOnInterrupt(AgentRunner runner, RunTicket ticket, Supplier<RunResult> follow) {
        try (Guard guard = onInterrupt(() -> runner.cancel(ticket))) {
            return follow.get();
        }
    }

    /**
     * Until the guard is closed, a JVM shutdown runs {@code cancel} and then waits (up to 30 s) for the guard to be
     * closed: close it once the report is written and shown.
     */
    static Guard onInterrupt(Runnable cancel) {
        return new Guard(cancel);
    }

    /** A registered shutdown hook; closing it lets a shutdown finish and unregisters the hook. */
    static final class Guard implements AutoCloseable {
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread hook;

        private Guard(Runnable cancel) {
            hook = new Thread(() -> {
                cancel.run();
                try {
                    done.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "ambient-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close() {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running; it returns now that the report is written.
            }
        }
    }
}
