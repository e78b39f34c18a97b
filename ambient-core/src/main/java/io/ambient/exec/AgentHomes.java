package io.ambient.exec;

import io.ambient.AmbientException;
import io.ambient.FileTrees;

import java.io.IOException;
import java.nio.file.Files;

/** Prepares a run's persistent agent home on this host, for the user the run executes as. */
final class AgentHomes {
    private AgentHomes() {
    }

    /**
     * Writes {@code spec}'s home files into its agent home and gives the home, and what was written, to
     * {@code uid:gid}: the agent rewrites its configuration and saves its sessions there, so a home someone else owns
     * (root's, made by a CI that runs as root) would lose every session. Does nothing for a run without one.
     */
    static void prepare(ExecSpec spec, int uid, int gid) {
        if (spec.agentHome() != null) {
            try {
                FileTrees.writeOwned(spec.agentHome(), spec.homeFiles(), uid, gid);
            } catch (IOException | UnsupportedOperationException e) {
                throw new AmbientException("cannot give the agent home " + spec.agentHome() + " to " + uid + ":" + gid
                        + ", the user the agent runs as (" + e.getMessage() + "): chown -R " + uid + ":" + gid + " "
                        + spec.agentHome() + ", or run as its owner", e);
            }
        }
    }

    /** Like {@link #prepare(ExecSpec, int, int)} for the home's owner: an agent that runs as this process's user. */
    static void prepareForOwner(ExecSpec spec) {
        if (spec.agentHome() != null) {
            try {
                prepare(spec, (Integer) Files.getAttribute(spec.agentHome(), "unix:uid"),
                        (Integer) Files.getAttribute(spec.agentHome(), "unix:gid"));
            } catch (IOException | UnsupportedOperationException e) {
                throw new AmbientException("cannot read the owner of the agent home " + spec.agentHome() + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
