package io.ambient.fanout;

import io.ambient.run.RunListener;

/** What a caller sees of a fan-out while it goes. Called from the runs' threads: implementations are thread-safe. */
public interface FanOutListener {

    /** The listener of one run's progress (state, lines, events). */
    default RunListener run(PlannedRun run) {
        return RunListener.none();
    }

    /** A run ended (or was skipped because the fan-out stopped). */
    default void onRunFinished(FanOutRun run) {
    }

    /** The fan-out is stopping early, for {@code reason}. */
    default void onStopping(FanOutReport.StopReason reason, String detail) {
    }

    /** A listener that ignores everything. */
    static FanOutListener none() {
        return new FanOutListener() {
        };
    }
}
