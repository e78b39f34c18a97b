package io.ambient.jenkins.steps;

import java.io.Serializable;

/**
 * What one poll of a fan-out saw on the node, as plain data for the controller.
 *
 * @param text       the log's new whole lines (prefixed, secrets masked), possibly empty
 * @param offset     the log's byte offset after {@code text}: where the next poll starts
 * @param state      where the fan-out is; {@link State#RUNNING} too while the log has more to read
 * @param fanOutJson its {@code fanout.json} once it {@link State#ENDED} without an error, else {@code null}
 * @param error      why it failed, once it ended with an error, else {@code null}
 */
record FanOutOutput(String text, long offset, State state, String fanOutJson, String error) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A fan-out as its node sees it. */
    enum State {
        /** Its thread runs in the node's JVM, or its log has more to read. */
        RUNNING,
        /** Its thread finished: the end marker is there. */
        ENDED,
        /** Neither: the JVM that ran it is gone (the node's agent process restarted, or the controller's). */
        LOST
    }
}
