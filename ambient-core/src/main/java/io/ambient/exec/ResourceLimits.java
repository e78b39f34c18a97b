package io.ambient.exec;

import io.ambient.InvalidInputException;

import java.io.Serializable;
import java.util.Locale;

/**
 * Resource limits of one run, each one positive. A run without them gets its executor's defaults.
 *
 * @param memoryBytes memory limit; swap is limited to the same value, so the run cannot swap
 * @param cpus        CPU share, e.g. 1.5
 * @param pids        maximum number of processes/threads in the run
 */
public record ResourceLimits(long memoryBytes, double cpus, long pids) implements Serializable {
    public static final long MIB = 1024L * 1024;

    /** @throws InvalidInputException for a limit that is not positive, or memory too small to start a container */
    public ResourceLimits {
        if (memoryBytes < 6 * MIB) {
            throw new InvalidInputException("invalid memory limit of " + memoryBytes + " bytes: a container needs at "
                    + "least 6 MiB; give a size such as 512m or 4g");
        }
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "invalid CPU limit %s: give a positive number of CPUs such as 0.5 or 2", cpus));
        }
        if (pids < 1) {
            throw new InvalidInputException("invalid process limit " + pids
                    + ": give a positive number of processes such as 256");
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
