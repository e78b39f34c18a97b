package io.ambient.jenkins.steps;

import io.ambient.fanout.FanOutRunner;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fan-outs running in this JVM (the node's), by the token their step gave them: a fan-out is here from its start
 * until its thread has written its end marker. Gone with the JVM: a fan-out neither here nor marked ended was lost.
 */
final class FanOutRegistry {
    private static final Map<String, FanOutRunner> RUNNING = new ConcurrentHashMap<>();

    private FanOutRegistry() {
    }

    static void register(String token, FanOutRunner runner) {
        RUNNING.put(token, runner);
    }

    static void remove(String token) {
        RUNNING.remove(token);
    }

    static boolean isRunning(String token) {
        return RUNNING.containsKey(token);
    }

    /** Cancels the fan-out if it still runs here; {@code false} when it does not. */
    static boolean cancel(String token) {
        FanOutRunner runner = RUNNING.get(token);
        if (runner == null) {
            return false;
        }
        runner.cancel();
        return true;
    }
}
