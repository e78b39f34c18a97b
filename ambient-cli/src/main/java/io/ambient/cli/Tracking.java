package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.report.RunReport;
import io.ambient.tracking.Outbox;
import io.ambient.tracking.OutboxEntry;
import io.ambient.tracking.Publisher;
import io.ambient.tracking.TrackingConfig;
import io.ambient.tracking.TrackingListener;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** What {@code run}, {@code fanout} and {@code publish} share to publish run records; see docs/tracking.md. */
final class Tracking {
    static final String DEFAULT_TOKEN_ENV = "AMBIENT_TRACKING_TOKEN";
    /** How long a run or fan-out waits for the endpoint at its end. */
    static final Duration AFTER_RUN = Duration.ofSeconds(10);

    private Tracking() {
    }

    /** The outbox of a state directory. */
    static Path outbox(Path stateDir) {
        return stateDir.resolve("outbox");
    }

    /**
     * The configuration for {@code endpoint}, with the token from the variable {@code tokenEnv}, or {@code null}
     * when {@code endpoint} is {@code null}.
     *
     * @throws InvalidInputException for an invalid URL or a token variable that is not set
     */
    static TrackingConfig config(String option, String endpoint, String tokenEnv, Path stateDir) {
        if (endpoint == null) {
            return null;
        }
        String token = System.getenv(tokenEnv);
        if (token == null || token.isBlank()) {
            throw new InvalidInputException(option + ": the tracking token variable " + tokenEnv + " is not set; "
                    + "export it, or name another with --publish-token-env");
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
            return TrackingConfig.of(uri, token).withOutbox(outbox(stateDir), Outbox.DEFAULT_MAX_RECORDS);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid " + option + " '" + endpoint + "': " + e.getMessage());
        }
    }

    /** A listener that prints warnings as command-line messages. */
    static TrackingListener listener(Consumer<String> messages) {
        return message -> messages.accept("tracking: " + message);
    }

    /**
     * Enqueues the reports and flushes for at most {@link #AFTER_RUN}, then says in one message whether they were
     * delivered. Never throws: tracking does not fail a run.
     */
    static void publish(TrackingConfig config, List<RunReport> reports, Consumer<String> messages) {
        if (config == null || reports.isEmpty()) {
            return;
        }
        try (Publisher publisher = Publisher.create(config, listener(messages))) {
            int enqueued = 0;
            for (RunReport report : reports) {
                if (publisher.enqueue(report)) {
                    enqueued++;
                }
            }
            if (enqueued == 0) {
                return; // the warning said why
            }
            publisher.flush(AFTER_RUN);
            Set<String> ours = reports.stream().map(RunReport::runId).collect(Collectors.toSet());
            long left = publisher.outbox().entries().stream().map(OutboxEntry::runId).filter(ours::contains).count();
            String runs = reports.size() == 1 ? "run " + reports.get(0).runId() : reports.size() + " runs";
            if (left == 0) {
                messages.accept("tracking: " + runs + " delivered to " + config.endpoint());
            } else {
                messages.accept("tracking: " + (reports.size() == 1 ? runs : left + " of " + runs)
                        + " not delivered to " + config.endpoint() + ": kept in the outbox, will be retried by "
                        + "'ambient publish' (" + config.outbox() + ")");
            }
        } catch (Exception e) {
            messages.accept("tracking: could not publish: " + e);
        }
    }
}
