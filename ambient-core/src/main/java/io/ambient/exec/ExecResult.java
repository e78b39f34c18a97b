package io.ambient.exec;

import java.time.Instant;

/**
 * How a run ended.
 *
 * @param runId      the run's id
 * @param exitCode   the process's exit code (137 when it was killed)
 * @param timedOut   killed because it reached its timeout
 * @param oomKilled  killed by the kernel for exceeding its memory limit (detected from the engine, not the exit code)
 * @param cancelled  killed on request ({@link Executor#cancel(RunHandle)})
 * @param startedAt  when the process started
 * @param finishedAt when it ended
 * @param cursor     the cursor after the last line delivered
 * @param outputCut  output was left unread: the run's end came with more output than could be read in the bound
 *                   given to reading it
 */
public record ExecResult(
        String runId,
        int exitCode,
        boolean timedOut,
        boolean oomKilled,
        boolean cancelled,
        Instant startedAt,
        Instant finishedAt,
        LogCursor cursor,
        boolean outputCut) {
}
