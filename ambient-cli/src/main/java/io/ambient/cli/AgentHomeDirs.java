package io.ambient.cli;

import io.ambient.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Persistent agent homes given with {@code --agent-home}. */
final class AgentHomeDirs {
    private AgentHomeDirs() {
    }

    /**
     * Creates {@code dir} if it is missing and gives a new one to the workspace's owner, the user the agent runs as:
     * the agent writes its sessions there.
     */
    static Path prepare(Path dir, Path workspace) {
        Path home = dir.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(home)) {
                Files.createDirectories(home);
                if (Files.isDirectory(workspace)) {
                    Object uid = Files.getAttribute(workspace, "unix:uid");
                    if (!uid.equals(Files.getAttribute(home, "unix:uid"))) {
                        Files.setAttribute(home, "unix:uid", uid);
                        Files.setAttribute(home, "unix:gid", Files.getAttribute(workspace, "unix:gid"));
                    }
                }
            }
            return home;
        } catch (IOException | UnsupportedOperationException e) {
            throw new InvalidInputException("cannot prepare agent home " + home + ": " + e.getMessage()
                    + ": create it yourself, owned by the user the agent runs as");
        }
    }
}
