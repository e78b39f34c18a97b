package io.ambient.fanout;

import java.util.List;

/**
 * The {@code verify} command run on a run's result, in the same image and workspace copy.
 *
 * @param command        the command, run with {@code sh -c}
 * @param exitCode       its exit code
 * @param passed         it exited 0 within its timeout
 * @param timedOut       it was killed at its timeout
 * @param outputTail     its last lines of output
 * @param durationMillis how long it took
 */
public record VerifyResult(String command, int exitCode, boolean passed, boolean timedOut, List<String> outputTail,
                           long durationMillis) {
    public VerifyResult {
        outputTail = List.copyOf(outputTail);
    }
}
