package io.ambient.jenkins.steps;

import io.ambient.AmbientException;
import io.ambient.Json;
import io.ambient.exec.Executor;
import io.ambient.fanout.Verifier;
import io.ambient.fanout.VerifyResult;
import io.ambient.run.RunRequest;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs {@code verify} on a finished run's workspace, on the node, with ambient-core's {@link Verifier}: in the run's
 * image, user, limits and network, without the agent's secrets.
 *
 * @param specJson the run's {@link RunSpec} as JSON (as the step persisted it)
 * @param command  the shell command
 */
record VerifyRun(String specJson, ExecutorSpec engine, String command)
        implements ControllerToAgentCallable<VerifyOutput, IOException> {
    private static final long serialVersionUID = 1L;
    /** As long as a fan-out's verify may take. */
    static final Duration TIMEOUT = Duration.ofMinutes(30);

    @Override
    public VerifyOutput call() throws IOException {
        RunSpec spec = Json.MAPPER.readValue(specJson, RunSpec.class);
        try (Executor executor = engine.open()) {
            RunRequest run = new RunRequests(spec, AgentSecrets.NONE).builder(spec.agent(), null)
                    .runId(spec.runId()).build();
            VerifyResult result = new Verifier(executor, command, TIMEOUT).verify(spec.runId(), run,
                    Path.of(spec.workspace()));
            return new VerifyOutput(result.passed(), result.exitCode(), result.timedOut(), result.outputTail());
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }
}
