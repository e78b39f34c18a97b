package io.ambient.jenkins.steps;

import io.ambient.Json;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The files a fan-out keeps in its directory on the node, beside ambient-core's {@code fanout.json}, so that a poller
 * can follow it from the controller, also after a restart: its log, the runs it started, and an end marker that tells
 * "ended" from "still running" from "lost" (the node's JVM is gone, and the fan-out with it).
 */
final class FanOutFiles {
    /** The fan-out's output as the build log shows it: prefixed, masked, appended and flushed line by line. */
    static final String LOG = "fanout.log";
    /** The id of every run the fan-out starts, one a line, written before the run starts. */
    static final String STARTED_RUNS = "started-runs.txt";
    /** Written atomically and last, when the fan-out's thread has finished: {@code fanout.json} is final then. */
    static final String END = "fanout-end.json";

    private FanOutFiles() {
    }

    /**
     * How the fan-out's thread ended.
     *
     * @param error why it failed (one line, secrets masked), or {@code null} when {@code fanout.json} was written
     */
    record End(String error) {
    }

    static void writeEnd(Path dir, String error) throws IOException {
        Json.writeAtomically(new End(error), dir.resolve(END));
    }

    /** The end marker, or {@code null} while there is none. */
    static End readEnd(Path dir) throws IOException {
        Path file = dir.resolve(END);
        return file.toFile().isFile() ? Json.MAPPER.readValue(file.toFile(), End.class) : null;
    }
}
