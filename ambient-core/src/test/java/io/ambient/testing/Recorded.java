package io.ambient.testing;

import io.ambient.agent.AgentAdapter;
import io.ambient.agent.AgentEvent;
import io.ambient.agent.AgentOutcome;
import io.ambient.agent.OutputParser;
import io.ambient.agent.RecordedOutput;
import io.ambient.exec.OutputLine;
import io.ambient.exec.StdStream;

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

    /**
     * A parser of {@code agent} that has read capture {@code name}, not finished: for what a parser tells while the
     * run goes on ({@link OutputParser#connectionFailures()}...).
     */
    public static OutputParser fed(AgentAdapter agent, String name) {
        try (InputStream out = resource(name + ".jsonl"); InputStream err = resource(name + ".stderr.txt")) {
            return fed(agent, new String(out.readAllBytes(), StandardCharsets.UTF_8),
                    new String(err.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A parser of {@code agent} that has read {@code stdout} and then {@code stderr}, not finished. */
    public static OutputParser fed(AgentAdapter agent, String stdout, String stderr) {
        OutputParser parser = agent.newParser(event -> { });
        feed(parser, StdStream.STDOUT, stdout);
        feed(parser, StdStream.STDERR, stderr);
        return parser;
    }

    private static void feed(OutputParser parser, StdStream stream, String text) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            parser.accept(new OutputLine(stream, i, lines.get(i)));
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
