package io.ambient.jenkins.publish;

import hudson.init.Terminator;
import io.ambient.report.RunReport;
import io.ambient.tracking.Outbox;
import io.ambient.tracking.Publisher;
import io.ambient.tracking.TrackingConfig;
import io.ambient.tracking.TrackingListener;
import jenkins.model.Jenkins;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller's tracking publishers: one core {@link Publisher} per endpoint, started when the first run is
 * published to it and stopped when Jenkins shuts down. Each endpoint has its own durable outbox under
 * {@code $JENKINS_HOME/ambient/outbox/}, so a record always goes to the endpoint (and with the token) it was queued
 * for, and nothing is lost across restarts: the next publisher for that endpoint delivers what is left.
 */
final class TrackingPublishers {
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
        String key = key(endpoint.toString());
        byte[] tokenHash = sha256(token);
        Running running = PUBLISHERS.get(key);
        if (running == null || !MessageDigest.isEqual(running.tokenHash(), tokenHash)) {
            if (running != null) {
                running.publisher().close(); // the token was rotated: the queue stays, the sender is renewed
            }
            Path outbox = Jenkins.get().getRootDir().toPath().resolve("ambient").resolve("outbox").resolve(key);
            Publisher publisher = Publisher.create(TrackingConfig.of(endpoint, token)
                    .withOutbox(outbox, Outbox.DEFAULT_MAX_RECORDS), new JenkinsLog());
            publisher.start();
            running = new Running(publisher, tokenHash);
            PUBLISHERS.put(key, running);
        }
        return running.publisher().enqueue(report);
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
