package io.ambient.jenkins.steps;

import io.ambient.fanout.FanOutRunner;
import jenkins.agents.ControllerToAgentCallable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One poll of a fan-out started by {@link RunFanOut}: the log's new lines after {@code offset} (at most
 * {@link #MAX_CHUNK} bytes, ending on a line boundary) and whether the fan-out runs, ended or was lost. Reads files
 * only, so it is quick and works from any connection to the node and any JVM on it, also a new one.
 *
 * @param outDir the fan-out's directory on the node
 * @param offset how far the log has been shown, in bytes
 */
record PollFanOut(String outDir, long offset)
        implements ControllerToAgentCallable<FanOutOutput, IOException> {
    private static final long serialVersionUID = 1L;
    /** The most log bytes one poll returns. */
    static final int MAX_CHUNK = 1 << 20;

    @Override
    public FanOutOutput call() throws IOException {
        Path dir = Path.of(outDir);
        // The lock first: the fan-out's thread writes the end marker before it lets go of the lock, so a fan-out
        // that has neither is really lost.
        boolean running = FanOutFiles.isRunning(dir);
        FanOutFiles.End end = running ? null : FanOutFiles.readEnd(dir);
        Path log = dir.resolve(FanOutFiles.LOG);
        long size = Files.exists(log) ? Files.size(log) : 0;
        byte[] chunk = readLog(log, size, !running);
        long next = offset + chunk.length;
        String text = new String(chunk, StandardCharsets.UTF_8);
        if (running || next < size) {
            return new FanOutOutput(text, next, FanOutOutput.State.RUNNING, null, null);
        }
        if (end == null) {
            return new FanOutOutput(text, next, FanOutOutput.State.LOST, null, null);
        }
        String fanOutJson = end.error() != null ? null
                : Files.readString(dir.resolve(FanOutRunner.REPORT_FILE), StandardCharsets.UTF_8);
        return new FanOutOutput(text, next, FanOutOutput.State.ENDED, fanOutJson, end.error());
    }

    /**
     * The log's bytes from {@code offset} to {@code size}, at most {@link #MAX_CHUNK}, cut after the last newline: a line still being
     * written waits for the next poll. Once nothing writes the log any more ({@code complete}), its end is taken as
     * it is; so is a single line longer than a whole chunk.
     */
    private byte[] readLog(Path log, long size, boolean complete) throws IOException {
        long available = size - offset;
        if (available <= 0) {
            return new byte[0];
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] chunk = new byte[(int) Math.min(MAX_CHUNK, available)];
            file.seek(offset);
            file.readFully(chunk);
            if (complete && chunk.length == available) {
                return chunk;
            }
            int end = chunk.length;
            while (end > 0 && chunk[end - 1] != '\n') {
                end--;
            }
            if (end == 0 && chunk.length == MAX_CHUNK) {
                return chunk;
            }
            return end == chunk.length ? chunk : Arrays.copyOf(chunk, end);
        }
    }
}
