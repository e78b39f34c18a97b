package io.ambient.exec;

/** Receives output lines as the agent writes them, in order within each stream. Called from one thread at a time. */
@FunctionalInterface
public interface OutputSink {
    void accept(OutputLine line);

    /** A sink that drops everything. */
    static OutputSink discard() {
        return line -> { };
    }
}
