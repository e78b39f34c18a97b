package io.ambient.run;

import io.ambient.exec.Executor;
import io.ambient.exec.ProcessExecutor;

class AgentRunnerProcessTest extends AgentRunnerContract {

    @Override
    Executor newExecutor() {
        return new ProcessExecutor(tmp.resolve("state"));
    }

    @Override
    RunRequest.Builder request() {
        return RunRequest.builder();
    }
}
