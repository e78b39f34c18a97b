package io.ambient.cli;

import io.ambient.InvalidInputException;
import io.ambient.Json;
import io.ambient.agent.AgentOutcome;
import io.ambient.agent.Agents;
import io.ambient.agent.RecordedOutput;
import io.ambient.report.BoundedEventLog;
import io.ambient.report.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ambient parse}: what an adapter makes of a recorded output stream, as JSON. */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Reads an agent's recorded output (e.g. claude -p --output-format stream-json) and prints the "
                + "normalised outcome and events as JSON: for debugging an agent's output and for tests.",
                "Events are bounded as in a report: the first 100 and the last 900."})
final class ParseCommand implements Callable<Integer> {

    @Option(names = "--agent", required = true, paramLabel = "NAME", description = "The agent that printed the stream.")
    String agent;

    @Option(names = "--stderr", paramLabel = "FILE", description = "The agent's recorded stderr, if any.")
    Path stderr;

    @Option(names = "--exit-code", defaultValue = "0", paramLabel = "N",
            description = "The agent's exit code (default: ${DEFAULT-VALUE}).")
    int exitCode;

    @Parameters(paramLabel = "FILE", description = "The recorded stdout; '-' reads standard input.")
    String file;

    /**
     * The JSON printed.
     *
     * @param agent   the agent
     * @param outcome what the adapter concluded
     * @param events  the events, bounded
     */
    record Parsed(String agent, AgentOutcome outcome, EventLog events) {
    }

    @Override
    public Integer call() throws IOException {
        BoundedEventLog events = new BoundedEventLog();
        AgentOutcome outcome;
        try (InputStream out = open(file); InputStream err = stderr == null ? null : open(stderr.toString())) {
            outcome = RecordedOutput.parse(Agents.named(agent), out, err, exitCode, events::add);
        }
        Json.MAPPER.writeValue(System.out, new Parsed(agent, outcome, events.snapshot()));
        System.out.println();
        return 0;
    }

    private static InputStream open(String name) throws IOException {
        if (name.equals("-")) {
            return System.in;
        }
        try {
            return Files.newInputStream(Path.of(name));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such file " + name + ": give the recorded output, or - for stdin");
        }
    }
}
