package io.ambient.agent;

/** Receives normalised events as a parser finds them. */
@FunctionalInterface
public interface EventSink {
    void accept(AgentEvent event);
}
