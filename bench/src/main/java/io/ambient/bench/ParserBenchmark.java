package io.ambient.bench;

import io.ambient.agent.Agents;
import io.ambient.agent.AgentOutcome;
import io.ambient.agent.RecordedOutput;
import io.ambient.report.BoundedEventLog;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stream parsing throughput and heap, per agent adapter: a stream captured from the real CLI (or, for agents that
 * cannot run here, constructed from their documented format; see {@code streams/README*.md}) is stretched to
 * {@code --mb} megabytes by repeating its body between its first and last lines, generated on the fly, and parsed
 * exactly as a run parses it (line splitting, parsing, a bounded event log). Run it with {@code -Xmx64m}: finishing
 * proves the parser stays within that heap whatever the stream's length.
 * <p>
 * Usage: {@code java -Xmx64m -cp bench/target/ambient-bench.jar io.ambient.bench.ParserBenchmark [--mb 200]
 * [--streams ambient-core/src/test/resources/streams] [--rounds 3]}
 */
public final class ParserBenchmark {
    /** Agent name to the capture its stream is made of. */
    private static final Map<String, String> CAPTURES = new LinkedHashMap<>();

    static {
        CAPTURES.put("claude-code", "claude-success.jsonl");
        CAPTURES.put("codex", "codex-success.jsonl");
        CAPTURES.put("gemini", "gemini-success.jsonl");
        CAPTURES.put("warp", "warp-success.jsonl");
        CAPTURES.put("command", "claude-success.jsonl");
    }

    private ParserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args);
        long bytes = Long.parseLong(options.getOrDefault("--mb", "200")) * 1_000_000L;
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
        Path streams = Path.of(options.getOrDefault("--streams", "ambient-core/src/test/resources/streams"));
        System.out.printf(Locale.ROOT, "%d MB per stream, best of %d rounds; max heap %d MB%n%n", bytes / 1_000_000,
                rounds, Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.println("| agent | capture | MB/s | peak heap used MB | events | turns |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (Map.Entry<String, String> agent : CAPTURES.entrySet()) {
            Path capture = streams.resolve(agent.getValue());
            if (!Files.isRegularFile(capture) || !names().contains(agent.getKey())) {
                System.out.printf("| %s | %s | (no capture or no adapter) | | | |%n", agent.getKey(), agent.getValue());
                continue;
            }
            List<String> lines = Files.readAllLines(capture);
            double best = 0;
            long peak = 0;
            AgentOutcome outcome = null;
            long events = 0;
            for (int round = 0; round < rounds; round++) {
                System.gc();
                resetPeaks();
                BoundedEventLog log = new BoundedEventLog();
                long start = System.nanoTime();
                outcome = RecordedOutput.parse(Agents.named(agent.getKey()), new StretchedStream(lines, bytes), null, 0,
                        log::add);
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, bytes / 1e6 / seconds);
                peak = Math.max(peak, peakHeap());
                events = log.snapshot().total();
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.1f | %d | %d |%n", agent.getKey(), agent.getValue(), best,
                    peak / 1e6, events, outcome.turns());
        }
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        Agents.names().forEach(names::add);
        return names;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the reset: an upper bound of what was in use at once. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** The first line, then the lines between first and last over and over up to the size, then the last line. */
    private static final class StretchedStream extends InputStream {
        private final byte[] head;
        private final byte[] body;
        private final byte[] tail;
        private final long bodyBytes;
        private long produced;
        private byte[] current;
        private int position;
        private boolean tailDone;

        StretchedStream(List<String> lines, long size) {
            head = (lines.get(0) + "\n").getBytes();
            body = (String.join("\n", lines.subList(1, Math.max(1, lines.size() - 1))) + "\n").getBytes();
            tail = (lines.get(lines.size() - 1) + "\n").getBytes();
            bodyBytes = size - head.length - tail.length;
            current = head;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            while (position == current.length) {
                if (!next()) {
                    return -1;
                }
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, count);
            position += count;
            return count;
        }

        private boolean next() {
            position = 0;
            if (produced < bodyBytes && body.length > 1) {
                produced += body.length;
                current = body;
                return true;
            }
            if (!tailDone) {
                tailDone = true;
                current = tail;
                return true;
            }
            return false;
        }
    }
}
