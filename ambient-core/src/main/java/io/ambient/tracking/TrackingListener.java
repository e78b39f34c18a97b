package io.ambient.tracking;

/**
 * Where the tracking publisher reports what it does. Deliberately tiny and framework-free so that the CLI can
 * print it, a Jenkins build can write it to its log, and tests can record it.
 *
 * <p>Messages never contain the bearer token.
 */
public interface TrackingListener {

    /** Discards everything; for callers that do not care. */
    TrackingListener NONE = new TrackingListener() {
        @Override
        public void warning(String message) {
        }
    };

    /** Something a person should act on: a record was dropped, or the endpoint rejected one. */
    void warning(String message);

    /** Routine progress: a record was delivered or will be retried. Ignored unless overridden. */
    default void info(String message) {
    }

    /** Prints warnings to standard error, prefixed so they stand out in a build log. */
    static TrackingListener stderr() {
        return new TrackingListener() {
            @Override
            public void warning(String message) {
                System.err.println("WARNING: [ambient tracking] " + message);
            }
        };
    }
}
