package io.ambient.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the command line keeps run tickets, process-run state and default report directories. */
final class StateOptions {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "State directory (run tickets, process runs, reports). Default: $AMBIENT_HOME or ~/.ambient.")
    Path stateDir;

    Path stateDir() {
        if (stateDir != null) {
            return stateDir.toAbsolutePath();
        }
        String home = System.getenv("AMBIENT_HOME");
        return home != null && !home.isBlank()
                ? Path.of(home).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".ambient");
    }

    TicketStore tickets() {
        return new TicketStore(stateDir().resolve("tickets"));
    }
}
