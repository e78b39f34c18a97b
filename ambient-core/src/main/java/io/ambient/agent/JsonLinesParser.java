package io.ambient.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ambient.Json;
import io.ambient.exec.OutputLine;
import io.ambient.exec.StdStream;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the parsers for CLIs that print one JSON event per line on stdout. It joins lines the executor split
 * (up to {@link #MAX_EVENT_CHARS}), parses them, and hands each JSON object to {@link #handle(JsonNode)}. What is not
 * a JSON object, or is one {@code handle} cannot make sense of, becomes a {@link AgentEvent.Type#RAW} event: a junk
 * line never stops the parsing. Stderr lines become {@link AgentEvent.Type#OUTPUT} events and the last few are kept
 * for error messages. Event texts are capped at {@link #MAX_TEXT} characters, so memory stays bounded.
 */
public abstract class JsonLinesParser implements OutputParser {
    /** Longest event line read; a longer one is dropped with a note (a tool result of many megabytes). */
    public static final int MAX_EVENT_CHARS = 8 * 1024 * 1024;
    /** Longest text kept in one event. */
    public static final int MAX_TEXT = 4000;
    private static final int STDERR_TAIL = 10;
    private static final ObjectReader TREE_READER = Json.MAPPER.reader();

    private final EventSink events;
    private final StringBuilder pending = new StringBuilder();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private boolean overlong;
    private long seq;
    /** When the line being parsed was written; events take it, those of the end the last line's. */
    private Instant lineTime;

    protected JsonLinesParser(EventSink events) {
        this.events = events;
    }

    @Override
    public final void accept(OutputLine line) {
        lineTime = line.time();
        if (line.stream() == StdStream.STDERR) {
            stderr(line.text());
            return;
        }
        if (line.continues() || !pending.isEmpty() || overlong) {
            if (!overlong && pending.length() + line.text().length() <= MAX_EVENT_CHARS) {
                pending.append(line.text());
            } else {
                overlong = true;
                pending.setLength(0);
            }
            if (line.continues()) {
                return;
            }
            if (overlong) {
                overlong = false;
                emit(AgentEvent.Type.RAW, "an event line longer than " + MAX_EVENT_CHARS + " characters was skipped",
                        Map.of());
                return;
            }
            String whole = pending.toString();
            pending.setLength(0);
            parse(whole);
        } else {
            parse(line.text());
        }
    }

    private void parse(String text) {
        if (text.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = TREE_READER.readTree(text);
        } catch (JsonProcessingException e) {
            emit(AgentEvent.Type.RAW, text, Map.of());
            return;
        }
        if (node == null || !node.isObject()) {
            emit(AgentEvent.Type.RAW, text, Map.of());
            return;
        }
        try {
            handle(node);
        } catch (RuntimeException e) {
            // An event of a shape this parser does not expect: keep it as it came.
            emit(AgentEvent.Type.RAW, text, Map.of());
        }
    }

    /** Handles one JSON object from stdout. Throwing keeps the line as a raw event. */
    protected abstract void handle(JsonNode event);

    /** A stderr line: kept as an output event and in the tail. */
    protected void stderr(String text) {
        emit(AgentEvent.Type.OUTPUT, text, Map.of("stream", "stderr"));
        if (!text.isBlank()) {
            stderrTail.addLast(text);
            if (stderrTail.size() > STDERR_TAIL) {
                stderrTail.removeFirst();
            }
        }
    }

    /** The last non-blank stderr lines, joined, for an error message when the agent said nothing else. */
    protected String stderrTail() {
        return String.join("\n", stderrTail);
    }

    /** Emits an event; {@code data} entries with {@code null} values are left out. */
    protected void emit(AgentEvent.Type type, String text, Map<String, String> data) {
        Map<String, String> kept = Map.of();
        if (!data.isEmpty()) {
            kept = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : data.entrySet()) {
                if (entry.getValue() != null) {
                    kept.put(entry.getKey(), cap(entry.getValue()));
                }
            }
        }
        events.accept(new AgentEvent(seq++, lineTime == null ? Instant.now() : lineTime, type,
                text == null ? null : cap(text), kept));
    }

    /** {@code text} cut to {@link #MAX_TEXT} characters. */
    protected static String cap(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "… (" + text.length() + " chars)";
    }

    /** The text of a field, or {@code null} when it is absent or JSON null. */
    protected static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }

    /** A whole number field, or {@code null}. */
    protected static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.asLong() : null;
    }
}
