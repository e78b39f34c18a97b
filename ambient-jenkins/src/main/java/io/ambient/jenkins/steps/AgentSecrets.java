package io.ambient.jenkins.steps;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Secret values resolved from Jenkins credentials on the controller, on their way to the node inside one callable.
 * Never persisted: a step execution keeps only the credentials ids and resolves them again after a restart.
 *
 * @param byName     values by the environment variable the agent gets them in ({@code credentials: [NAME: 'id']})
 * @param credential the value of {@code credentialsId}, for the profile's own credential variable; {@code null} for
 *                   none
 */
record AgentSecrets(Map<String, String> byName, String credential) implements Serializable {
    private static final long serialVersionUID = 1L;

    static final AgentSecrets NONE = new AgentSecrets(Map.of(), null);

    AgentSecrets {
        byName = Map.copyOf(byName);
    }

    /** Every secret value, for masking. */
    List<String> values() {
        List<String> values = new ArrayList<>(byName.values());
        if (credential != null) {
            values.add(credential);
        }
        return values;
    }

    /** Not shown: the values are secrets. */
    @Override
    public String toString() {
        return "AgentSecrets" + byName.keySet();
    }
}
