package io.ambient.fanout;

import io.ambient.run.RunRequest;

/**
 * Makes the request of one planned run: its agent or profile (the matrix entry's, or the fan-out's), model,
 * credentials, context, image and limits. The fan-out sets the rest: run id, workspace copy, report directory, prompt
 * and labels. Called more than once per run, so it must not have side effects.
 */
@FunctionalInterface
public interface RunFactory {
    RunRequest.Builder request(PlannedRun run);
}
