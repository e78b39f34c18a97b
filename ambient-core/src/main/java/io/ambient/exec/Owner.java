package io.ambient.exec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * Identifies the process that owns a run, as {@code host:pid:startMillis}. The start time guards against a
 * recycled pid. The reaper removes a run only when its owner is on this host and provably gone.
 */
public final class Owner {
    private Owner() {
    }

    /** The owner label of this process. */
    public static String current() {
        ProcessHandle self = ProcessHandle.current();
        return hostName() + ":" + self.pid() + ":" + startMillis(self);
    }

    /**
     * Whether the owner named by {@code label} is gone: it ran on this host and no process with its pid and start
     * time exists now. Owners on other hosts, and malformed labels, are never considered gone.
     */
    public static boolean isGone(String label) {
        if (label == null) {
            return false;
        }
        String[] parts = label.split(":");
        if (parts.length != 3 || !parts[0].equals(hostName())) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long start = Long.parseLong(parts[2]);
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isEmpty() || !process.get().isAlive() || startMillis(process.get()) != start;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
