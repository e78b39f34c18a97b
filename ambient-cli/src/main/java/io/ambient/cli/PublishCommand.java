package io.ambient.cli;

import io.ambient.tracking.Publisher;
import io.ambient.tracking.TrackingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ambient publish}: sends the run records that {@code --publish} left in the outbox. */
@Command(name = "publish", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Sends the run records waiting in <state-dir>/outbox (left there by run or fanout --publish "
                + "when the endpoint was down) to the tracking endpoint, now, for at most 60 s.",
                "Parked records (refused by the endpoint, e.g. for a wrong token) are sent only with --retry-parked."},
        footer = {"", "Exit codes: 0 the outbox is empty, 1 records are left in it, 2 bad input."})
final class PublishCommand implements Callable<Integer> {
    static final Duration MAX = Duration.ofSeconds(60);

    @Option(names = "--endpoint", required = true, paramLabel = "URL",
            description = "The tracking endpoint; records go to URL/runs/<run-id>.")
    String endpoint;

    @Option(names = "--publish-token-env", defaultValue = Tracking.DEFAULT_TOKEN_ENV, paramLabel = "NAME",
            description = "Variable holding the bearer token (default: ${DEFAULT-VALUE}).")
    String tokenEnv;

    @Option(names = "--retry-parked", description = "Send parked records again too (after fixing the cause).")
    boolean retryParked;

    @Mixin
    StateOptions state;

    @Override
    public Integer call() throws IOException {
        TrackingConfig config = Tracking.config("--endpoint", endpoint, tokenEnv, state.stateDir());
        try (Publisher publisher = Publisher.create(config,
                Tracking.listener(message -> System.err.println("ambient: " + message)))) {
            if (retryParked) {
                int unparked = publisher.retryParked();
                System.err.println("ambient: " + unparked + " parked record(s) to send again");
            }
            publisher.retryWaitingNow(); // asked to publish now: no waiting for backoff
            Publisher.FlushResult result = publisher.flush(MAX);
            System.out.println("delivered " + result.delivered() + ", retrying " + result.retrying() + ", parked "
                    + result.parked() + ", pending " + result.pending());
            if (result.pending() != 0) {
                System.err.println("ambient: " + (result.pending() < 0 ? "cannot read the outbox "
                        : result.pending() + " record(s) left in ") + config.outbox());
            }
            return result.pending() == 0 ? 0 : AmbientCommand.EXIT_FAILED;
        }
    }
}
