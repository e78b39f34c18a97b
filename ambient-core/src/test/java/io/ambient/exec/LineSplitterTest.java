package io.ambient.exec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LineSplitterTest {
    private final List<OutputLine> lines = new ArrayList<>();

    @Test
    void linesSplitAcrossChunksArriveWholeAndNumbered() {
        LineSplitter splitter = new LineSplitter(StdStream.STDOUT, 0, lines::add);
        write(splitter, "first li");
        write(splitter, "ne\nsecond\r\nthi");
        write(splitter, "rd");
        splitter.finish();

        assertThat(lines).extracting(OutputLine::stream, OutputLine::index, OutputLine::text, OutputLine::continues)
                .containsExactly(tuple(StdStream.STDOUT, 0L, "first line", false), tuple(StdStream.STDOUT, 1L, "second", false),
                        tuple(StdStream.STDOUT, 2L, "third", false));
    }

    @Test
    void aLineTakesTheTimeOfTheBytesThatEndIt() {
        LineSplitter splitter = new LineSplitter(StdStream.STDOUT, 0, lines::add);
        Instant first = Instant.parse("2026-01-02T03:04:05.123456789Z");
        Instant second = first.plusSeconds(1);
        splitter.write("one\ntw".getBytes(StandardCharsets.UTF_8), 0, 6, first);
        splitter.write("o\n".getBytes(StandardCharsets.UTF_8), 0, 2, second);

        assertThat(lines).extracting(OutputLine::text, OutputLine::time)
                .containsExactly(tuple("one", first), tuple("two", second));
    }

    @Test
    void linesBeforeTheCursorAreCountedButNotDelivered() {
        LineSplitter splitter = new LineSplitter(StdStream.STDERR, 2, lines::add);
        write(splitter, "a\nb\nc\nd\n");
        splitter.finish();

        assertThat(lines).extracting(OutputLine::text).containsExactly("c", "d");
        assertThat(lines).extracting(OutputLine::index).containsExactly(2L, 3L);
        assertThat(splitter.lineCount()).isEqualTo(4);
    }

    @Test
    void multiByteCharactersSplitBetweenChunksAreKept() {
        byte[] bytes = "grüße ✓\n".getBytes(StandardCharsets.UTF_8);
        LineSplitter splitter = new LineSplitter(StdStream.STDOUT, 0, lines::add);
        for (byte b : bytes) {
            splitter.write(new byte[] {b});
        }
        assertThat(lines).extracting(OutputLine::text).containsExactly("grüße ✓");
    }

    @Test
    void overlongLinesArriveInBoundedPiecesWithoutBreakingCharacters() {
        String line = "é".repeat(OutputLine.MAX_LENGTH);
        LineSplitter splitter = new LineSplitter(StdStream.STDOUT, 0, lines::add);
        write(splitter, line + "\n");

        assertThat(lines).allSatisfy(piece -> assertThat(piece.text().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(OutputLine.MAX_LENGTH));
        assertThat(lines).extracting(OutputLine::text).allSatisfy(text -> assertThat(text).matches("é+"));
        assertThat(String.join("", lines.stream().map(OutputLine::text).toList())).isEqualTo(line);
        assertThat(lines).extracting(OutputLine::continues).last().isEqualTo(false);
        assertThat(lines.subList(0, lines.size() - 1)).extracting(OutputLine::continues).containsOnly(true);
    }

    @Test
    void anEmptyStreamHasNoLines() {
        LineSplitter splitter = new LineSplitter(StdStream.STDOUT, 0, lines::add);
        splitter.finish();
        assertThat(lines).isEmpty();
    }

    private static void write(LineSplitter splitter, String text) {
        splitter.write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLineOfExactlyTheMaximumLengthArrivesWhole() {
        String line = "x".repeat(OutputLine.MAX_LENGTH);
        LineSplitter splitter = new LineSplitter(StdStream.STDOUT, 0, lines::add);
        write(splitter, line + "\nnext\n");

        assertThat(lines).extracting(OutputLine::text).containsExactly(line, "next");
        assertThat(lines).extracting(OutputLine::continues).containsOnly(false);
    }
}
