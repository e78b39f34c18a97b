package io.ambient.jenkins.testing;

import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that renders Jenkins' Jelly pages (forms, help, the build page). Skipped, with the reason, on a Jenkins that
 * the plugin lane found unable to render them ({@code -Dambient.jenkins.runtime.lacks=pages}, see
 * {@code .ci/jenkins-plugin-tests.sh}); it runs everywhere else.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(named = "ambient.jenkins.runtime.lacks", matches = "(.*,)?pages(,.*)?",
        disabledReason = "this Jenkins cannot render Jelly pages (see the plugin lane's output)")
public @interface RendersPages {
}
