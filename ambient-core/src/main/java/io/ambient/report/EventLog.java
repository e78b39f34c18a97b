package io.ambient.report;

import io.ambient.agent.AgentEvent;

import java.util.List;

/**
 * The events of a run as the report keeps them: the first and the last ones, with counts, so a report stays small
 * however long the agent ran.
 *
 * @param total   events the run produced
 * @param dropped events left out of {@code items} (between the head and the tail)
 * @param items   the events kept, in order
 */
public record EventLog(long total, long dropped, List<AgentEvent> items) {
    public static final EventLog EMPTY = new EventLog(0, 0, List.of());

    public EventLog {
        items = List.copyOf(items);
    }
}
