package io.ambient.run;

import io.ambient.InvalidInputException;
import io.ambient.exec.Executor;
import io.ambient.exec.ProcessExecutor;
import io.ambient.exec.ResourceLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentRunnerProcessTest extends AgentRunnerContract {

    @Override
    Executor newExecutor() {
        return new ProcessExecutor(tmp.resolve("state"));
    }

    @Override
    RunRequest.Builder request() {
        return RunRequest.builder();
    }

    @Test
    void resourceLimitsAreRefusedBecauseNothingHereCouldEnforceThem() {
        assertThatThrownBy(() -> runner.run(command("Tidy", "true")
                .limits(new ResourceLimits(512 * ResourceLimits.MIB, 1, 64)).build(), RunListener.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limits need the docker executor");
        assertThat(out).doesNotExist();
    }
}
