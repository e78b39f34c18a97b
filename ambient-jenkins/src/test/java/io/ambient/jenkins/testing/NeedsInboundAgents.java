package io.ambient.jenkins.testing;

import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that connects an inbound agent, which downloads {@code agent.jar} from Jenkins. Skipped, with the reason, on
 * a Jenkins that the plugin lane found without one ({@code -Dambient.jenkins.runtime.lacks=agents}, see
 * {@code .ci/jenkins-plugin-tests.sh}); it runs everywhere else.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(named = "ambient.jenkins.runtime.lacks", matches = "(.*,)?agents(,.*)?",
        disabledReason = "this Jenkins has no agent.jar for inbound agents (see the plugin lane's output)")
public @interface NeedsInboundAgents {
}
