package io.ambient.exec;

import io.ambient.InvalidInputException;

import java.io.Serializable;

/**
 * Resource limits of one run. A value of 0 means "no limit" for memory, CPU and processes; the log is always
 * limited, and 0 there (as in a handle persisted before the limit existed) means {@link #DEFAULT_LOG_BYTES}.
 *
 * @param memoryBytes memory limit; swap is limited to the same value, so the run cannot swap
 * @param cpus        CPU share, e.g. 1.5
 * @param pids        maximum number of processes/threads in the run
 * @param logBytes    most of the run's output the engine keeps on its disk (Docker's json-file log, in two files
 *                    of half this size); older output is discarded
 */
public record ResourceLimits(long memoryBytes, double cpus, long pids, long logBytes) implements Serializable {
    public static final long MIB = 1024L * 1024;
    /** The log limit when none is given: enough for any agent's event stream, re-read in seconds. */
    public static final long DEFAULT_LOG_BYTES = 64 * MIB;
    /** The smallest log limit: two files of 1 MiB. */
    public static final long MIN_LOG_BYTES = 2 * MIB;

    public ResourceLimits {
        if (memoryBytes < 0 || cpus < 0 || pids < 0 || logBytes < 0) {
            throw new IllegalArgumentException("resource limits cannot be negative");
        }
        if (memoryBytes != 0 && memoryBytes < 6 * MIB) {
            throw new IllegalArgumentException("memory limit below 6 MiB cannot start a container");
        }
        if (logBytes != 0 && logBytes < MIN_LOG_BYTES) {
            throw new InvalidInputException("log limit of " + logBytes + " bytes is below 2 MiB: give a log limit "
                    + "of at least 2m");
        }
        logBytes = logBytes == 0 ? DEFAULT_LOG_BYTES : logBytes;
    }

    /** Limits with the default log limit. */
    public ResourceLimits(long memoryBytes, double cpus, long pids) {
        this(memoryBytes, cpus, pids, DEFAULT_LOG_BYTES);
    }

    /** Defaults sized for an agent CLI on a CI node: 4 GiB, 2 CPUs, 1024 processes, a 64 MiB log. */
    public static ResourceLimits defaults() {
        return new ResourceLimits(4096 * MIB, 2.0, 1024, DEFAULT_LOG_BYTES);
    }

    public ResourceLimits withMemoryBytes(long bytes) {
        return new ResourceLimits(bytes, cpus, pids, logBytes);
    }

    public ResourceLimits withCpus(double value) {
        return new ResourceLimits(memoryBytes, value, pids, logBytes);
    }

    public ResourceLimits withPids(long value) {
        return new ResourceLimits(memoryBytes, cpus, value, logBytes);
    }

    public ResourceLimits withLogBytes(long bytes) {
        return new ResourceLimits(memoryBytes, cpus, pids, bytes);
    }
}
