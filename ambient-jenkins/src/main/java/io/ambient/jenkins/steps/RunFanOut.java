package io.ambient.jenkins.steps;

import hudson.model.TaskListener;
import io.ambient.AmbientException;
import io.ambient.Json;
import io.ambient.exec.Executor;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRunner;
import io.ambient.fanout.FanOutSpec;
import io.ambient.report.SecretMasker;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs a whole fan-out on the node with ambient-core's {@link FanOutRunner}: blocking, called from a background
 * thread on the controller. Lines go to the build log as they come, each prefixed with its run's name. While it runs,
 * {@link CancelFanOut} with the same token stops it.
 *
 * @param base     the runs' common request (its prompt is the fan-out's template)
 * @param listener the build log, masked on the controller side too
 */
record RunFanOut(RunSpec base, FanOutOptions options, AgentSecrets secrets, ExecutorSpec engine, String token,
                 TaskListener listener) implements ControllerToAgentCallable<FanOutOutput, IOException> {
    private static final long serialVersionUID = 1L;

    @Override
    public FanOutOutput call() throws IOException {
        Path workspace = Path.of(base.workspace());
        Path outDir = Path.of(base.outDir());
        try (Executor executor = engine.open()) {
            FanOutRunner runner = new FanOutRunner(executor);
            FanOutRegistry.register(token, runner);
            try {
                RunRequests requests = new RunRequests(base, secrets);
                FanOutSpec spec = FanOutSpec.builder(workspace, outDir, options.plan(workspace))
                        .prompt(requests.promptTemplate())
                        .vars(base.vars())
                        .maxParallel(options.maxParallel() == null ? 0 : options.maxParallel())
                        .failFast(options.failFast())
                        .verify(options.verify())
                        .pick(options.pickRule())
                        .budgetUsd(options.budgetUsd())
                        .build();
                // A model matrix entry's profile and model win over the step's agent and model.
                FanOutReport report = runner.run(spec, run -> requests.builder(
                                run.profile() != null ? run.profile() : base.agent(), run.model()),
                        new FanOutLog(listener.getLogger(), SecretMasker.of(secrets.values())));
                return new FanOutOutput(Json.MAPPER.writeValueAsString(report), outDir.toString());
            } finally {
                FanOutRegistry.remove(token);
            }
        } catch (AmbientException e) {
            throw CoreErrors.abort(e);
        }
    }
}
