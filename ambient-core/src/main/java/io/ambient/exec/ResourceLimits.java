package io.ambient.exec;

import java.io.Serializable;

/**
 * Resource limits of one run. A value of 0 means "no limit" for that resource.
 *
 * @param memoryBytes memory limit; swap is limited to the same value, so the run cannot swap
 * @param cpus        CPU share, e.g. 1.5
 * @param pids        maximum number of processes/threads in the run
 */
public record ResourceLimits(long memoryBytes, double cpus, long pids) implements Serializable {
    public static final long MIB = 1024L * 1024;

    public ResourceLimits {
        if (memoryBytes < 0 || cpus < 0 || pids < 0) {
            throw new IllegalArgumentException("resource limits cannot be negative");
        }
        if (memoryBytes != 0 && memoryBytes < 6 * MIB) {
            throw new IllegalArgumentException("memory limit below 6 MiB cannot start a container");
        }
    }

    /** Defaults sized for an agent CLI on a CI node: 4 GiB, 2 CPUs, 1024 processes. */
    public static ResourceLimits defaults() {
        return new ResourceLimits(4096 * MIB, 2.0, 1024);
    }

    public ResourceLimits withMemoryBytes(long bytes) {
        return new ResourceLimits(bytes, cpus, pids);
    }

    public ResourceLimits withCpus(double value) {
        return new ResourceLimits(memoryBytes, value, pids);
    }

    public ResourceLimits withPids(long value) {
        return new ResourceLimits(memoryBytes, cpus, value);
    }
}
