package io.ambient.jenkins.steps;

/**
 * The controller's limit on agent runs at once ({@code maxConcurrentRuns} in the configuration). Never blocks: a
 * step that gets no slot says so and asks again from a timer, so no Pipeline thread waits. In memory: after a
 * restart the runs that resume take their slots back without asking.
 */
final class AgentSlots {
    private static int running;

    private AgentSlots() {
    }

    /**
     * Takes {@code count} slots if they are free, or if nothing runs at all (a fan-out wider than the limit then
     * runs alone).
     *
     * @param max the limit; 0 or less for none
     */
    static synchronized boolean tryAcquire(int count, int max) {
        if (max > 0 && running > 0 && running + count > max) {
            return false;
        }
        running += count;
        return true;
    }

    /** Takes slots back for a run that resumed after a restart. */
    static synchronized void reclaim(int count) {
        running += count;
    }

    static synchronized void release(int count) {
        running = Math.max(0, running - count);
    }

    static synchronized int running() {
        return running;
    }
}
