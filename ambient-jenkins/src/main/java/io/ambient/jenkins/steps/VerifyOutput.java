package io.ambient.jenkins.steps;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's verify command as plain data for the controller.
 *
 * @param passed     it exited 0 within its timeout
 * @param exitCode   its exit code
 * @param timedOut   it was killed at its timeout
 * @param outputTail its last lines of output
 */
record VerifyOutput(boolean passed, int exitCode, boolean timedOut, List<String> outputTail) implements Serializable {
    private static final long serialVersionUID = 1L;

    VerifyOutput {
        // An ArrayList, not List.copyOf: what an agent returns must be a class Jenkins lets in (JEP-200).
        outputTail = new ArrayList<>(outputTail);
    }

    /** For the build log and the step's failure. */
    String outcome() {
        return passed ? "passed" : timedOut ? "timed out" : "failed with exit code " + exitCode;
    }
}
