package io.ambient.exec;

import java.io.Serializable;

/**
 * Resource limits of one run. A value of 0 means "no limit" for that resource.
 *
 * @param memoryBytes memory limit; swap is limited to the same value, so the run cannot swap
 * @param cpus        CPU share, e.g. 1.5
 * @param pids        maximum number of processes/threads in the run
 * @param tmpBytes    size of the run's {@code /tmp} (Docker: a tmpfs, counted in the memory limit; the root file
 *                    system is read-only)
 * @param homeBytes   size of a per-run agent home (Docker: a tmpfs, counted in the memory limit); a persistent agent
 *                    home is the user's directory and not bounded
 * @param diskBytes   the engine's storage quota on the container's own writable layer, where its storage driver has
 *                    one (Docker's {@code storage-opt size}); 0 for none, the default: the root file system is read-only
 */
public record ResourceLimits(long memoryBytes, double cpus, long pids, long tmpBytes, long homeBytes, long diskBytes)
        implements Serializable {
    public static final long MIB = 1024L * 1024;
    /** The default size of {@code /tmp} and of a per-run home. */
    public static final long DEFAULT_SCRATCH_BYTES = 512 * MIB;

    public ResourceLimits {
        if (memoryBytes < 0 || cpus < 0 || pids < 0 || tmpBytes < 0 || homeBytes < 0 || diskBytes < 0) {
            throw new IllegalArgumentException("resource limits cannot be negative");
        }
        if (memoryBytes != 0 && memoryBytes < 6 * MIB) {
            throw new IllegalArgumentException("memory limit below 6 MiB cannot start a container");
        }
    }

    /** Memory, CPU and process limits with the default storage limits. */
    public ResourceLimits(long memoryBytes, double cpus, long pids) {
        this(memoryBytes, cpus, pids, DEFAULT_SCRATCH_BYTES, DEFAULT_SCRATCH_BYTES, 0);
    }

    /** Defaults sized for an agent CLI on a CI node: 4 GiB, 2 CPUs, 1024 processes, 512 MiB of /tmp and of home. */
    public static ResourceLimits defaults() {
        return new ResourceLimits(4096 * MIB, 2.0, 1024);
    }

    public ResourceLimits withMemoryBytes(long bytes) {
        return new ResourceLimits(bytes, cpus, pids, tmpBytes, homeBytes, diskBytes);
    }

    public ResourceLimits withCpus(double value) {
        return new ResourceLimits(memoryBytes, value, pids, tmpBytes, homeBytes, diskBytes);
    }

    public ResourceLimits withPids(long value) {
        return new ResourceLimits(memoryBytes, cpus, value, tmpBytes, homeBytes, diskBytes);
    }

    public ResourceLimits withTmpBytes(long bytes) {
        return new ResourceLimits(memoryBytes, cpus, pids, bytes, homeBytes, diskBytes);
    }

    public ResourceLimits withHomeBytes(long bytes) {
        return new ResourceLimits(memoryBytes, cpus, pids, tmpBytes, bytes, diskBytes);
    }

    public ResourceLimits withDiskBytes(long bytes) {
        return new ResourceLimits(memoryBytes, cpus, pids, tmpBytes, homeBytes, bytes);
    }
}
