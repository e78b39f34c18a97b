package io.ambient.cli;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.report.RunReport;
import io.ambient.report.RunStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/** {@code ambient}: runs AI coding agents in hardened containers, for teams that bring their own orchestrator. */
@Command(name = "ambient",
        mixinStandardHelpOptions = true,
        versionProvider = AmbientCommand.Version.class,
        description = "Runs AI coding agents in hardened containers and reports what they did.",
        subcommands = {RunCommand.class, FanOutCommand.class, AttachCommand.class, ReapCommand.class, ParseCommand.class, ReportCommand.class, PublishCommand.class, CommentCommand.class, OpenPrCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 the agent succeeded, 1 it did not (failed, timed out, cancelled, error), 2 bad input, "
                + "3 it succeeded but is suspect (it did nothing, or tool calls were denied; --allow-suspect gives 0)."})
public final class AmbientCommand {
    /** Exit code of a run that did not succeed. */
    static final int EXIT_FAILED = 1;
    /** Exit code for bad input (picocli uses it for usage errors too). */
    static final int EXIT_BAD_INPUT = 2;
    /** Exit code of a run that succeeded but is suspect: "green but did nothing" must not pass a CI step. */
    static final int EXIT_SUSPECT = 3;

    /** The exit code for runs that ended: 1 when one did not succeed, else 3 when one is suspect (unless allowed). */
    static int exitCode(List<RunReport> reports, boolean allowSuspect) {
        if (reports.stream().anyMatch(report -> report.status() != RunStatus.SUCCEEDED)) {
            return EXIT_FAILED;
        }
        return !allowSuspect && reports.stream().anyMatch(RunReport::suspect) ? EXIT_SUSPECT : 0;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new AmbientCommand());
        commandLine.setExecutionExceptionHandler(AmbientCommand::handle);
        return commandLine;
    }

    /** One line, naming the fix; no stack trace for errors the user can act on. */
    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof InvalidInputException) {
            err.println("ambient: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (e instanceof AmbientException) {
            err.println("ambient: " + e.getMessage());
            return EXIT_FAILED;
        }
        err.println("ambient: unexpected error: " + e);
        e.printStackTrace(err);
        return EXIT_FAILED;
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = AmbientCommand.class.getResourceAsStream("/ambient-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"ambient " + properties.getProperty("version", "unknown"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
