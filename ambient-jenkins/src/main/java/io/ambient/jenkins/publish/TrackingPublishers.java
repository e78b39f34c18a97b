package io.ambient.jenkins.publish;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import hudson.security.ACL;
import io.ambient.jenkins.config.AmbientConfiguration;
import io.ambient.report.RunReport;
import io.ambient.tracking.Outbox;
import io.ambient.tracking.Publisher;
import io.ambient.tracking.TrackingConfig;
import io.ambient.tracking.TrackingListener;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller's tracking publishers: one core {@link Publisher} per endpoint, started when the first run is
 * published to it and stopped when Jenkins shuts down. Each endpoint has its own durable outbox under
 * {@code $JENKINS_HOME/ambient/outbox/}, so a record always goes to the endpoint (and with the token) it was queued
 * for, and nothing is lost across restarts: the next publisher for that endpoint delivers what is left.
 */
public final class TrackingPublishers {
    private static final Logger LOGGER = Logger.getLogger(TrackingPublishers.class.getName());
    private static final Duration LAST_FLUSH = Duration.ofSeconds(5);
    private static final Map<String, Running> PUBLISHERS = new HashMap<>();

    /** A started publisher and the token it was created with (compared, never shown). */
    private record Running(Publisher publisher, byte[] tokenHash) {
    }

    private TrackingPublishers() {
    }

    /**
     * Writes the record of {@code report} to the outbox of {@code endpoint} and returns at once; the background
     * publisher delivers it.
     *
     * @return whether the record is safely queued
     */
    static synchronized boolean enqueue(URI endpoint, String token, RunReport report) {
        return started(endpoint, token).enqueue(report);
    }

    /**
     * After a restart, resumes delivering what the global endpoint's outbox still holds, without waiting for the next
     * run to publish there. (A folder's endpoint resumes with the next run that publishes to it.)
     */
    @Initializer(after = InitMilestone.JOB_LOADED)
    public static synchronized void resumeGlobalEndpoint() {
        AmbientConfiguration config = AmbientConfiguration.get();
        if (config.getTrackingUrl() == null || config.getTrackingCredentialsId() == null) {
            return;
        }
        URI endpoint = URI.create(config.getTrackingUrl());
        if (!Files.isDirectory(outbox(endpoint))) {
            return;
        }
        StringCredentials credentials = CredentialsMatchers.firstOrNull(CredentialsProvider
                        .lookupCredentialsInItemGroup(StringCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(config.getTrackingCredentialsId()));
        if (credentials == null) {
            LOGGER.warning("Ambient tracking: credentials '" + config.getTrackingCredentialsId() + "' not found;"
                    + " queued run records for " + endpoint + " wait for the next run that publishes there");
            return;
        }
        started(endpoint, credentials.getSecret().getPlainText());
    }

    // The running publisher of endpoint, created (and started) when missing or when the token changed.
    private static Publisher started(URI endpoint, String token) {
        String key = key(endpoint.toString());
        byte[] tokenHash = sha256(token);
        Running running = PUBLISHERS.get(key);
        if (running == null || !MessageDigest.isEqual(running.tokenHash(), tokenHash)) {
            if (running != null) {
                running.publisher().close(); // the token was rotated: the queue stays, the sender is renewed
            }
            Publisher publisher = Publisher.create(TrackingConfig.of(endpoint, token)
                    .withOutbox(outbox(endpoint), Outbox.DEFAULT_MAX_RECORDS), new JenkinsLog());
            publisher.start();
            running = new Running(publisher, tokenHash);
            PUBLISHERS.put(key, running);
        }
        return running.publisher();
    }

    private static Path outbox(URI endpoint) {
        return Jenkins.get().getRootDir().toPath().resolve("ambient").resolve("outbox")
                .resolve(key(endpoint.toString()));
    }

    /** Gives queued records a last short chance, then stops every publisher; what is left stays in the outboxes. */
    @Terminator
    public static synchronized void stopAll() {
        for (Running running : PUBLISHERS.values()) {
            running.publisher().flush(LAST_FLUSH);
            running.publisher().close();
        }
        PUBLISHERS.clear();
    }

    // A readable, file-name-safe and collision-free directory name per endpoint: host plus a hash of the URL.
    private static String key(String endpoint) {
        String host = URI.create(endpoint).getHost().replaceAll("[^A-Za-z0-9.-]", "_");
        return host + "-" + HexFormat.of().formatHex(sha256(endpoint), 0, 8);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** Background delivery has no build log: its news goes to the Jenkins log. */
    private static final class JenkinsLog implements TrackingListener {
        @Override
        public void warning(String message) {
            LOGGER.log(Level.WARNING, message);
        }

        @Override
        public void info(String message) {
            LOGGER.log(Level.FINE, message);
        }
    }
}
