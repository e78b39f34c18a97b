package io.ambient.exec;

/** The two output streams of an agent process, kept apart end to end. */
public enum StdStream {
    STDOUT,
    STDERR
}
