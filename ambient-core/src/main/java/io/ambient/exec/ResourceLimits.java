package io.ambient.exec;

import io.ambient.InvalidInputException;

import java.io.Serializable;
import java.util.Locale;

/**
 * Resource limits of one run: memory, CPUs and processes positive, the storage sizes 0 for none of their own. A run
 * without them gets its executor's defaults.
 *
 * @param memoryBytes memory limit; swap is limited to the same value, so the run cannot swap
 * @param cpus        CPU share, e.g. 1.5
 * @param pids        maximum number of processes/threads in the run
 * @param tmpBytes    size of the run's {@code /tmp} (Docker: a tmpfs, counted in the memory limit; the root file
 *                    system is read-only); 0 for only the memory limit
 * @param homeBytes   size of a per-run agent home (Docker: a tmpfs, counted in the memory limit); a persistent agent
 *                    home is the user's directory and not bounded; 0 for only the memory limit
 * @param diskBytes   the engine's storage quota on the container's own writable layer, where its storage driver has
 *                    one (Docker's {@code storage-opt size}); 0 for none, the default: the root file system is read-only
 * @param logBytes    most of the run's output the engine keeps on its disk (Docker's json-file log, in two files
 *                    of half this size); older output is discarded. 0 (as in a handle persisted before the limit
 *                    existed) means {@link #DEFAULT_LOG_BYTES}
 */
public record ResourceLimits(long memoryBytes, double cpus, long pids, long tmpBytes, long homeBytes, long diskBytes,
                             long logBytes) implements Serializable {
    public static final long MIB = 1024L * 1024;
    /** The default size of {@code /tmp} and of a per-run home. */
    public static final long DEFAULT_SCRATCH_BYTES = 512 * MIB;
    /** The log limit when none is given: enough for any agent's event stream, re-read in seconds. */
    public static final long DEFAULT_LOG_BYTES = 64 * MIB;
    /** The smallest log limit: two files of 1 MiB. */
    public static final long MIN_LOG_BYTES = 2 * MIB;

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
        if (tmpBytes < 0 || homeBytes < 0 || diskBytes < 0) {
            throw new InvalidInputException("invalid size of /tmp, of the agent home or of the disk (" + tmpBytes
                    + ", " + homeBytes + ", " + diskBytes + " bytes): give a size such as 512m, or 0 for none of its own");
        }
        if (logBytes != 0 && logBytes < MIN_LOG_BYTES) {
            throw new InvalidInputException("log limit of " + logBytes + " bytes is below 2 MiB: give a log limit "
                    + "of at least 2m");
        }
        logBytes = logBytes == 0 ? DEFAULT_LOG_BYTES : logBytes;
    }

    /** Memory, CPU and process limits with the default storage limits. */
    public ResourceLimits(long memoryBytes, double cpus, long pids) {
        this(memoryBytes, cpus, pids, DEFAULT_SCRATCH_BYTES, DEFAULT_SCRATCH_BYTES, 0, DEFAULT_LOG_BYTES);
    }

    /**
     * Defaults sized for an agent CLI on a CI node: 4 GiB, 2 CPUs, 1024 processes, 512 MiB of /tmp and of home, a
     * 64 MiB log.
     */
    public static ResourceLimits defaults() {
        return new ResourceLimits(4096 * MIB, 2.0, 1024);
    }

    public ResourceLimits withMemoryBytes(long bytes) {
        return new ResourceLimits(bytes, cpus, pids, tmpBytes, homeBytes, diskBytes, logBytes);
    }

    public ResourceLimits withCpus(double value) {
        return new ResourceLimits(memoryBytes, value, pids, tmpBytes, homeBytes, diskBytes, logBytes);
    }

    public ResourceLimits withPids(long value) {
        return new ResourceLimits(memoryBytes, cpus, value, tmpBytes, homeBytes, diskBytes, logBytes);
    }

    public ResourceLimits withTmpBytes(long bytes) {
        return new ResourceLimits(memoryBytes, cpus, pids, bytes, homeBytes, diskBytes, logBytes);
    }

    public ResourceLimits withHomeBytes(long bytes) {
        return new ResourceLimits(memoryBytes, cpus, pids, tmpBytes, bytes, diskBytes, logBytes);
    }

    public ResourceLimits withDiskBytes(long bytes) {
        return new ResourceLimits(memoryBytes, cpus, pids, tmpBytes, homeBytes, bytes, logBytes);
    }

    public ResourceLimits withLogBytes(long bytes) {
        return new ResourceLimits(memoryBytes, cpus, pids, tmpBytes, homeBytes, diskBytes, bytes);
    }
}
