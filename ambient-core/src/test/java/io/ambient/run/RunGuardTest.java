package io.ambient.run;

import io.ambient.agent.AgentOutcome;
import io.ambient.agent.OutputParser;
import io.ambient.exec.ExecResult;
import io.ambient.exec.OutputLine;
import io.ambient.report.StopCause;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RunGuardTest {
    private static final UnreachableLimit LIMIT = new UnreachableLimit(3, Duration.ofSeconds(20));
    private int stops;

    @Test
    void aModelThatKeepsFailingToConnectPastTheLimitStopsTheRunOnce() {
        RunGuard guard = guard(Instant.now().minusSeconds(25));

        guard.check(failing(3), true);
        guard.check(failing(4), true);

        assertThat(guard.tripped()).isEqualTo(StopCause.UNREACHABLE);
        assertThat(stops).isEqualTo(1);
    }

    @Test
    void failuresSoonAfterTheStartDoNotStopTheRun() {
        RunGuard guard = guard(Instant.now().minusSeconds(5));

        guard.check(failing(5), true);

        assertThat(guard.tripped()).isNull();
    }

    @Test
    void tooFewFailuresInARowDoNotStopTheRun() {
        RunGuard guard = guard(Instant.now().minusSeconds(60));

        guard.check(failing(2), true);

        assertThat(guard.tripped()).isNull();
    }

    @Test
    void failuresOfAnEarlierFollowParsedAgainDoNotStopTheRun() {
        // A later line of the run may be the model's answer: only new lines tell that it still fails now.
        RunGuard guard = guard(Instant.now().minusSeconds(600));

        guard.check(failing(5), false);

        assertThat(guard.tripped()).isNull();
        assertThat(stops).isZero();
    }

    private RunGuard guard(Instant startedAt) {
        return new RunGuard(null, null, new CostMeter(null, null), LIMIT, startedAt, () -> stops++);
    }

    /** A parser that has seen {@code failures} failed connection attempts in a row. */
    private static OutputParser failing(int failures) {
        return new OutputParser() {
            @Override
            public void accept(OutputLine line) {
            }

            @Override
            public int connectionFailures() {
                return failures;
            }

            @Override
            public AgentOutcome finish(ExecResult result) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
