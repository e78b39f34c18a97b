package io.ambient.run;

import io.ambient.agent.Price;
import io.ambient.exec.RunHandle;
import io.ambient.report.ContextInfo;
import io.ambient.report.RunLimits;
import io.ambient.workspace.ForkConfigOverlay;
import io.ambient.workspace.WorkspaceSnapshot;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A started run, with everything needed to finish it later from another process: follow its output, parse it,
 * compute the workspace changes and write the report. Holds no secrets (the environment is not kept), so it can be
 * persisted as it is: the {@code ambient} command line writes it to its state directory, a Jenkins step keeps it
 * in its execution.
 *
 * @param runId       the run's id
 * @param agent       agent name
 * @param model       model, or {@code null}
 * @param image       image, or {@code null}
 * @param prompt      the prompt as given
 * @param outDir      where the report goes
 * @param labels      identity labels for the report
 * @param limits      the run's limits, enforced again by whoever follows it
 * @param context     the context packs given, or {@code null}
 * @param handle      the executor's handle
 * @param snapshot    the workspace before the run, or {@code null} without a workspace
 * @param overlay     untrusted agent configuration replaced for the run, put back when it ends; {@code null} for none
 * @param requestedAt when the run was asked for
 * @param price       the price its tokens are estimated at, or {@code null} for the built-in one
 * @param endpoint    the model endpoint without its credentials, or {@code null} for the agent's default
 * @param network     the container network, or {@code null} for the engine's default
 */
public record RunTicket(
        String runId,
        String agent,
        String model,
        String image,
        String prompt,
        Path outDir,
        Map<String, String> labels,
        RunLimits limits,
        ContextInfo context,
        RunHandle handle,
        WorkspaceSnapshot snapshot,
        ForkConfigOverlay overlay,
        Instant requestedAt,
        Price price,
        String endpoint,
        String network) implements Serializable {
}
