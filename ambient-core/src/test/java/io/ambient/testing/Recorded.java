package io.ambient.testing;

import io.ambient.agent.AgentAdapter;
import io.ambient.agent.AgentEvent;
import io.ambient.agent.AgentOutcome;
import io.ambient.agent.RecordedOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams captured from the real agent CLIs (see {@code src/test/resources/streams/README.md}), replayed through an
 * adapter's parser.
 *
 * @param outcome what the parser concluded
 * @param events  every event it emitted
 */
public record Recorded(AgentOutcome outcome, List<AgentEvent> events) {

    /** Replays capture {@code name} ({@code name.jsonl}, {@code name.stderr.txt}, {@code name.exitcode}). */
    public static Recorded replay(AgentAdapter agent, String name) {
        List<AgentEvent> events = new ArrayList<>();
        try (InputStream out = resource(name + ".jsonl"); InputStream err = resource(name + ".stderr.txt");
             InputStream code = resource(name + ".exitcode")) {
            int exitCode = Integer.parseInt(new String(code.readAllBytes(), StandardCharsets.UTF_8).strip());
            return new Recorded(RecordedOutput.parse(agent, out, err, exitCode, events::add), events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of one type, in order. */
    public List<AgentEvent> ofType(AgentEvent.Type type) {
        return events.stream().filter(event -> event.type() == type).toList();
    }

    private static InputStream resource(String name) {
        InputStream in = Recorded.class.getResourceAsStream("/streams/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no recorded stream " + name);
        }
        return in;
    }
}
