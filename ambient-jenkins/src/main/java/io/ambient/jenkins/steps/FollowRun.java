package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.Json;
import io.ambient.exec.Executor;
import io.ambient.exec.LogCursor;
import io.ambient.exec.OutputLine;
import io.ambient.report.SecretMasker;
import io.ambient.run.AgentRunner;
import io.ambient.run.FollowStep;
import io.ambient.run.RunListener;
import io.ambient.run.RunTicket;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a started run on the node for at most {@code maxWait} and {@link #MAX_LINES}: its new output lines (masked)
 * and, when it ended, its report. The container is left running otherwise; calling again with the returned cursor
 * continues with the next line, also after a controller restart.
 */
record FollowRun(String ticketJson, LogCursor shown, AgentSecrets secrets, ExecutorSpec engine, Duration maxWait)
        implements ControllerToAgentCallable<FollowOutput, IOException> {
    private static final long serialVersionUID = 1L;
    /** Lines one call hands over at most: an agent that writes fast is followed in several calls, not one huge one. */
    static final int MAX_LINES = 20_000;

    @Override
    public FollowOutput call() throws IOException {
        RunTicket ticket = Json.MAPPER.readValue(ticketJson, RunTicket.class);
        List<String> lines = new ArrayList<>();
        RunListener collect = new RunListener() {
            @Override
            public void onLine(OutputLine line) {
                lines.add(line.text());
            }
        };
        try (Executor executor = engine.open()) {
            FollowStep step = new AgentRunner(executor).follow(ticket, shown, collect, SecretMasker.of(secrets.values()),
                    maxWait, MAX_LINES);
            LogCursor cursor = step.cursor();
            if (!step.ended()) {
                return new FollowOutput(lines, cursor.stdoutLines(), cursor.stderrLines(), null, null);
            }
            return new FollowOutput(lines, cursor.stdoutLines(), cursor.stderrLines(),
                    Files.readString(step.result().reportFile()), step.result().reportFile().getParent().toString());
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }
}
