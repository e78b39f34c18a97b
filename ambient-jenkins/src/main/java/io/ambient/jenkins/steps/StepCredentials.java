package io.ambient.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import hudson.model.Run;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.util.LinkedHashMap;
import java.util.Map;

/** Resolves a step's Secret text credentials on the controller, in the build's context, and records their use. */
final class StepCredentials {
    private StepCredentials() {
    }

    /**
     * @throws AbortException for an id that names no Secret text credential this build may use
     */
    static AgentSecrets resolve(Run<?, ?> build, String credentialsId, Map<String, String> byName)
            throws AbortException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : byName.entrySet()) {
            values.put(entry.getKey(), secret(build, entry.getValue()));
        }
        return new AgentSecrets(values, credentialsId == null ? null : secret(build, credentialsId));
    }

    private static String secret(Run<?, ?> build, String id) throws AbortException {
        StringCredentials credentials = CredentialsProvider.findCredentialById(id, StringCredentials.class, build);
        if (credentials == null) {
            throw new AbortException("no Secret text credential '" + id + "' for this job: add one with that id "
                    + "(Manage Jenkins > Credentials, or the job's folder) or fix the id");
        }
        CredentialsProvider.track(build, credentials);
        return credentials.getSecret().getPlainText();
    }
}
