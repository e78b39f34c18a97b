package io.ambient.cli;

import io.ambient.exec.DockerExecutor;
import io.ambient.exec.Executor;
import io.ambient.exec.ProcessExecutor;

import java.nio.file.Path;

/** Where agents run: {@code docker} (isolated, the default) or {@code process} (no isolation, explicit only). */
enum ExecutorChoice {
    docker,
    process;

    Executor open(Path stateDir) {
        return this == docker ? DockerExecutor.fromEnvironment() : new ProcessExecutor(stateDir.resolve("runs"));
    }
}
