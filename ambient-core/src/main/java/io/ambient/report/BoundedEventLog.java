package io.ambient.report;

import io.ambient.agent.AgentEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Collects a run's events in bounded memory: keeps the first {@code head} (how the agent started) and the last
 * {@code tail} (how it ended), and counts the rest. Thread-safe.
 */
public final class BoundedEventLog {
    public static final int DEFAULT_HEAD = 100;
    public static final int DEFAULT_TAIL = 900;

    private final int head;
    private final int tail;
    private final List<AgentEvent> first = new ArrayList<>();
    private final Deque<AgentEvent> last = new ArrayDeque<>();
    private long total;

    public BoundedEventLog() {
        this(DEFAULT_HEAD, DEFAULT_TAIL);
    }

    public BoundedEventLog(int head, int tail) {
        this.head = head;
        this.tail = tail;
    }

    public synchronized void add(AgentEvent event) {
        total++;
        if (first.size() < head) {
            first.add(event);
            return;
        }
        last.addLast(event);
        if (last.size() > tail) {
            last.removeFirst();
        }
    }

    /** What has been collected so far. */
    public synchronized EventLog snapshot() {
        List<AgentEvent> items = new ArrayList<>(first);
        items.addAll(last);
        return new EventLog(total, total - items.size(), items);
    }
}
