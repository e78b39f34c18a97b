package io.ambient.agent;

import io.ambient.exec.ExecResult;
import io.ambient.exec.LineSplitter;
import io.ambient.exec.LogCursor;
import io.ambient.exec.StdStream;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Replays an agent's recorded output through its adapter's parser, as if the agent were running: for debugging a
 * stream ({@code ambient parse}), for tests against captured streams, and for measuring parser throughput.
 */
public final class RecordedOutput {
    private static final int CHUNK = 64 * 1024;

    private RecordedOutput() {
    }

    /**
     * Parses {@code stdout} (and {@code stderr}, which may be {@code null}), split into lines exactly as an executor
     * splits a live stream, and finishes as if the process had exited with {@code exitCode}.
     */
    public static AgentOutcome parse(AgentAdapter agent, InputStream stdout, InputStream stderr, int exitCode,
                                     EventSink events) throws IOException {
        OutputParser parser = agent.newParser(events);
        LineSplitter out = new LineSplitter(StdStream.STDOUT, 0, parser::accept);
        LineSplitter err = new LineSplitter(StdStream.STDERR, 0, parser::accept);
        feed(stdout, out);
        if (stderr != null) {
            feed(stderr, err);
        }
        Instant now = Instant.now();
        return parser.finish(new ExecResult("recorded", exitCode, false, false, false, now, now,
                new LogCursor(out.lineCount(), err.lineCount()), false));
    }

    private static void feed(InputStream in, LineSplitter splitter) throws IOException {
        byte[] buffer = new byte[CHUNK];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            splitter.write(buffer, 0, read);
        }
        splitter.finish();
    }
}
