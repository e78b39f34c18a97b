package io.ambient.jenkins.publish;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.ambient.AmbientException;
import io.ambient.jenkins.config.AmbientSettings;
import io.ambient.report.RunReport;
import io.ambient.report.render.MarkdownRenderer;
import io.ambient.scm.ChangeRef;
import io.ambient.scm.CommentClient;
import io.ambient.scm.CommentClientOptions;
import io.ambient.scm.HostKind;
import io.ambient.scm.ScmClient;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What happens on the controller after an agent run: the pull/merge request comment (core's {@link CommentClient})
 * and the tracking record (core's outbox and publisher, see {@link TrackingPublishers}), both configured by
 * {@link AmbientSettings} with tokens from the Credentials plugin.
 *
 * <p>Neither can fail the build: a missing setting, a refused token or a host that is down costs one clear line in
 * the build log, never a stack trace and never the token.
 */
public final class RunPublishing {
    private static final String PREFIX = "[ambient] ";

    private RunPublishing() {
    }

    /**
     * Comments on the change (when {@code commentMode} asks for it and the build is for a pull/merge request) and
     * queues the run's tracking record (when a tracking endpoint is configured).
     *
     * @param reportUrl   the report's URL relative to the Jenkins root URL ({@code AmbientRunsAction.record})
     * @param commentMode {@code none}, {@code new} or {@code sticky}
     */
    public static void afterRun(Run<?, ?> build, TaskListener listener, RunReport report, String reportUrl,
                                String commentMode, String stage, String name, EnvVars env) {
        PrintStream log = listener.getLogger();
        AmbientSettings settings;
        try {
            settings = AmbientSettings.forJob(build.getParent());
        } catch (AmbientException e) {
            log.println(PREFIX + "nothing published: " + e.getMessage());
            return;
        }
        try {
            comment(build, log, settings, report, links(build, reportUrl), CommentMode.of(commentMode),
                    CommentClient.stickyKey(build.getParent().getFullName(), stage, name), env);
        } catch (AmbientException e) {
            log.println(PREFIX + "no pull request comment: " + e.getMessage());
        } catch (RuntimeException e) {
            // Anything else is a bug, but still not a reason to fail the build the agent run belongs to.
            log.println(PREFIX + "no pull request comment: " + e);
        }
        try {
            track(build, log, settings, report);
        } catch (RuntimeException e) {
            log.println(PREFIX + "run " + report.runId() + " not sent to the tracking endpoint: " + e);
        }
    }

    private static void comment(Run<?, ?> build, PrintStream log, AmbientSettings settings, RunReport report,
                                Map<String, String> links, CommentMode mode, String stickyKey, EnvVars env) {
        if (mode == CommentMode.NONE) {
            return;
        }
        Optional<ChangeRef> found = ChangeRef.fromEnvironment(env);
        if (found.isEmpty()) {
            log.println(PREFIX + "no pull request comment: this build is not for a pull or merge request"
                    + " (CHANGE_ID is not set)");
            return;
        }
        ChangeRef change = found.get();
        String credentialsId = settings.credentialsId(change.host());
        String token = token(build, credentialsId);
        if (token == null) {
            log.println(PREFIX + "no comment on " + change.display() + ": " + (credentialsId == null
                    ? "no " + change.host().displayName() + " token is configured"
                    : "no secret-text credentials '" + credentialsId + "' are available to this build")
                    + "; set one in Manage Jenkins > System > Ambient agents or in the folder's settings");
            return;
        }
        String apiUrl = settings.apiUrl(change.host());
        ChangeRef target = apiUrl == null ? change : change.withApiBaseUrl(apiUrl);
        String markdown = MarkdownRenderer.run(report, links);
        CommentClient.Result result;
        try (ScmClient client = client(change.host(), token, settings)) {
            result = mode == CommentMode.STICKY
                    ? client.upsertSticky(target, stickyKey, markdown)
                    : client.post(target, markdown);
        }
        log.println(PREFIX + "comment " + result.action().toString().toLowerCase(Locale.ROOT) + " on "
                + change.display());
    }

    /** The API client of {@code host} with {@code token}, writing for forks as the settings allow. */
    static ScmClient client(HostKind host, String token, AmbientSettings settings) {
        return ScmClient.of(host, token, CommentClientOptions.DEFAULT.withAllowForks(settings.allowForks()));
    }

    private static void track(Run<?, ?> build, PrintStream log, AmbientSettings settings, RunReport report) {
        if (settings.trackingUrl() == null) {
            return;
        }
        String token = token(build, settings.trackingCredentialsId());
        if (token == null) {
            log.println(PREFIX + "run not sent to the tracking endpoint " + settings.trackingUrl() + ": "
                    + (settings.trackingCredentialsId() == null ? "no tracking token is configured"
                    : "no secret-text credentials '" + settings.trackingCredentialsId()
                    + "' are available to this build"));
            return;
        }
        boolean queued = TrackingPublishers.enqueue(URI.create(settings.trackingUrl()), token, report);
        log.println(PREFIX + (queued
                ? "run " + report.runId() + " queued for " + settings.trackingUrl() + " (delivered in the background)"
                : "run " + report.runId() + " could not be queued for " + settings.trackingUrl()
                + ": see the Jenkins log"));
    }

    /** The secret of {@code credentialsId} as this build may use it (usage tracked), or null. */
    static String token(Run<?, ?> build, String credentialsId) {
        if (credentialsId == null) {
            return null;
        }
        StringCredentials credentials =
                CredentialsProvider.findCredentialById(credentialsId, StringCredentials.class, build);
        if (credentials == null) {
            return null;
        }
        CredentialsProvider.track(build, credentials);
        return credentials.getSecret().getPlainText();
    }

    // Absolute links need the Jenkins URL; without it (not configured) the comment simply has no links.
    static Map<String, String> links(Run<?, ?> build, String reportUrl) {
        Map<String, String> links = new LinkedHashMap<>();
        String root = Jenkins.get().getRootUrl();
        if (root != null) {
            if (reportUrl != null) {
                links.put("Report", root + reportUrl);
            }
            links.put("Build", root + build.getUrl());
        }
        return links;
    }
}
