package io.ambient.jenkins.steps;

import hudson.model.TaskListener;
import hudson.util.Secret;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The build log with the step's secrets masked in every form {@code withCredentials} masks them (credentials-binding's
 * {@link SecretPatterns}). The agent's lines are masked on the node already; this is the second line of defence, and
 * the only one for what Jenkins itself prints.
 */
final class MaskedLog {
    private MaskedLog() {
    }

    static PrintStream of(TaskListener listener, Collection<String> secrets, Charset charset) {
        return new PrintStream(stream(listener, secrets, charset), true, charset);
    }

    /** The listener's stream, masking {@code secrets}; the listener's own stream when there are none. */
    static OutputStream stream(TaskListener listener, Collection<String> secrets, Charset charset) {
        if (secrets.isEmpty()) {
            return listener.getLogger();
        }
        // Kept as a Secret, as withCredentials keeps it: the pattern spells the secrets out.
        Secret pattern = Secret.fromString(SecretPatterns.getAggregateSecretPattern(secrets).pattern());
        return new SecretPatterns.MaskingOutputStream(listener.getLogger(),
                () -> Pattern.compile(pattern.getPlainText()), charset.name());
    }
}
