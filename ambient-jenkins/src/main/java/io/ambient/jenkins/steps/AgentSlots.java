package io.ambient.jenkins.steps;

import hudson.Extension;
import hudson.ExtensionList;

/**
 * The controller's limit on agent runs at once ({@code maxConcurrentRuns} in the configuration). Never blocks: a
 * step that gets no slot says so and asks again from a timer, so no Pipeline thread waits. In memory, and one per
 * Jenkins instance (an extension, not static state): after a restart the runs that resume take their slots back
 * without asking, and nothing counted by the previous instance is left over.
 */
@Extension
public final class AgentSlots {
    private int running;

    /** The running Jenkins' slots. */
    static AgentSlots get() {
        return ExtensionList.lookupSingleton(AgentSlots.class);
    }

    /**
     * Takes {@code count} slots if they are free, or if nothing runs at all (a fan-out wider than the limit then
     * runs alone).
     *
     * @param max the limit; 0 or less for none
     */
    synchronized boolean tryAcquire(int count, int max) {
        if (max > 0 && running > 0 && running + count > max) {
            return false;
        }
        running += count;
        return true;
    }

    /** Takes slots back for a run that resumed after a restart. */
    synchronized void reclaim(int count) {
        running += count;
    }

    synchronized void release(int count) {
        running = Math.max(0, running - count);
    }

    synchronized int running() {
        return running;
    }
}
