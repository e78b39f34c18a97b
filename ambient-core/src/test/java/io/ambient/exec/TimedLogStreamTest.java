package io.ambient.exec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class TimedLogStreamTest {
    private static final Instant T1 = Instant.parse("2026-12-07T15:50:41.862454989Z");
    private static final Instant T2 = Instant.parse("2026-12-07T15:50:42.000000001Z");
    private static final Instant T3 = Instant.parse("2026-12-07T15:50:43.500000000Z");

    private static final String LONG = "x".repeat(TimedLogStream.ENTRY_MAX - 32) + " 2026-01-01T00:00:00.000000000Z ";
    /**
     * Entries as the engine frames them: a line, a line longer than the engine's buffer in a full entry and a last
     * one, and a line that prints times of its own.
     */
    private static final List<String> FRAMES = List.of(
            "2026-12-07T15:50:41.862454989Z one\n",
            "2026-12-07T15:50:42.000000001Z " + LONG,
            "2026-12-07T15:50:43.500000000Z and its last\n",
            "2026-12-07T15:50:43.500000000Z 2026-01-01T00:00:00.000000000Z is the agent's 2026-01-01T00:00:00Z text\n");

    @Test
    void everyLineGetsItsEntrysTimeHoweverTheFramesArriveInPieces() {
        for (int frame = 0; frame < FRAMES.size(); frame++) {
            byte[] bytes = FRAMES.get(frame).getBytes(StandardCharsets.UTF_8);
            for (int cut = 1; cut < bytes.length; cut += cut < 80 || cut > bytes.length - 80 ? 1 : 997) {
                List<OutputLine> lines = new ArrayList<>();
                TimedLogStream stream = new TimedLogStream(new LineSplitter(StdStream.STDOUT, 0, lines::add));
                for (int each = 0; each < FRAMES.size(); each++) {
                    byte[] whole = FRAMES.get(each).getBytes(StandardCharsets.UTF_8);
                    if (each == frame) {
                        stream.write(Arrays.copyOfRange(whole, 0, cut));
                        stream.write(Arrays.copyOfRange(whole, cut, whole.length));
                    } else {
                        stream.write(whole);
                    }
                }
                stream.finish();

                assertThat(lines).as("frame %d cut at %d", frame, cut).extracting(OutputLine::text, OutputLine::time)
                        .containsExactly(tuple("one", T1), tuple(LONG + "and its last", T3),
                                tuple("2026-01-01T00:00:00.000000000Z is the agent's 2026-01-01T00:00:00Z text", T3));
            }
        }
    }

    @Test
    void aStartWithoutATimeIsTheAgentsTextReadNow() {
        List<OutputLine> lines = new ArrayList<>();
        TimedLogStream stream = new TimedLogStream(new LineSplitter(StdStream.STDERR, 0, lines::add));
        Instant before = Instant.now();
        stream.write("no time here\n".getBytes(StandardCharsets.UTF_8));
        stream.finish();

        assertThat(lines).extracting(OutputLine::text).containsExactly("no time here");
        assertThat(lines.get(0).time()).isAfterOrEqualTo(before);
    }
}
