package io.ambient.jenkins.steps;

import io.ambient.exec.OutputLine;
import io.ambient.fanout.FanOutListener;
import io.ambient.fanout.FanOutReport;
import io.ambient.fanout.FanOutRun;
import io.ambient.fanout.PlannedRun;
import io.ambient.report.SecretMasker;
import io.ambient.run.RunListener;

import java.io.PrintStream;

/**
 * A fan-out's progress on the node, written to its log file ({@link FanOutFiles#LOG}) that the step copies into the
 * build log: every line prefixed with its run's name, secrets masked.
 */
final class FanOutLog implements FanOutListener {
    private final PrintStream log;
    private final SecretMasker masker;

    FanOutLog(PrintStream log, SecretMasker masker) {
        this.log = log;
        this.masker = masker;
    }

    @Override
    public RunListener run(PlannedRun run) {
        return new RunListener() {
            @Override
            public void onLine(OutputLine line) {
                print("[" + run.name() + "] " + masker.mask(line.text()));
            }
        };
    }

    @Override
    public void onRunFinished(FanOutRun run) {
        print("[" + run.name() + "] " + (run.report() == null ? "not started" : run.report().status().toString())
                + (run.verify() == null ? "" : run.verify().passed() ? ", verify passed" : ", verify failed"));
    }

    @Override
    public void onStopping(FanOutReport.StopReason reason, String detail) {
        print("ambient: stopping the fan-out: " + masker.mask(detail));
    }

    /** Whole lines from several runs' threads: never interleaved within a line. */
    private synchronized void print(String line) {
        log.println(line);
    }
}
