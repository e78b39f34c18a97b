package io.ambient.jenkins.steps;

import hudson.AbortException;
import io.ambient.AmbientException;

/** ambient-core's errors as the one-line build failures Jenkins prints without a stack trace. */
final class CoreErrors {
    private CoreErrors() {
    }

    static AbortException abort(AmbientException error) {
        return new AbortException("ambient: " + error.getMessage());
    }
}
