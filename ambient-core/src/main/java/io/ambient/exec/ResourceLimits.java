package io.ambient.exec;

import io.ambient.InvalidInputException;

import java.io.Serializable;
import java.util.Locale;

/**
 * Resource limits of one run, each one positive but the disk quota. A run without them gets its executor's defaults.
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
        if (tmpBytes < 1 || homeBytes < 1) {
            throw new InvalidInputException("invalid size of /tmp or of the agent home (" + tmpBytes + ", " + homeBytes
                    + " bytes): give a positive size such as 512m");
        }
        if (diskBytes < 0) {
            throw new InvalidInputException("invalid disk size of " + diskBytes + " bytes: give a positive size such "
                    + "as 10g, or none");
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
