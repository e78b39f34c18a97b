package io.ambient.exec;

import java.io.Serializable;
import java.time.Instant;

/**
 * A started run, detached from whoever started it. Small and serialisable: persist it (with a {@link LogCursor})
 * to follow the run again later, from another process. {@link Executor#find(String)} rebuilds it from the run id.
 *
 * @param runId         the run's id
 * @param executor      name of the executor that started it ({@code docker} or {@code process})
 * @param id            the executor's own id: container id, or the state directory of a process run
 * @param workspace     absolute host path of the workspace, or {@code null} (a string: handles are serialisable)
 * @param workspaceMode the mode actually used (never {@link WorkspaceMode#AUTO})
 * @param startedAt     when the process started
 * @param deadline      when the run is killed as timed out; {@code null} for no timeout
 */
public record RunHandle(
        String runId,
        String executor,
        String id,
        String workspace,
        WorkspaceMode workspaceMode,
        Instant startedAt,
        Instant deadline) implements Serializable {
}
