package io.ambient.jenkins.steps;

import hudson.AbortException;
import io.ambient.AmbientException;

/**
 * ambient-core's errors as the one-line build failures Jenkins prints without a stack trace. Every call on a node
 * throws them this way: ambient-core's own exception classes would not pass Jenkins' class filter (JEP-200) on their
 * way back from an agent.
 */
final class CoreErrors {
    private CoreErrors() {
    }

    static AbortException abort(AmbientException error) {
        return new AbortException("ambient: " + error.getMessage());
    }
}
