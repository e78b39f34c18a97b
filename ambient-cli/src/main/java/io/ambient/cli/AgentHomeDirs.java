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
     * Creates {@code dir} if it is missing. The engine gives it to the user the agent runs as when the run starts,
     * which only the executor knows (the container's user is not always the workspace's owner).
     */
    static Path prepare(Path dir) {
        Path home = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(home);
            return home;
        } catch (IOException e) {
            throw new InvalidInputException("cannot create agent home " + home + ": " + e.getMessage()
                    + ": create it yourself, or choose another --agent-home");
        }
    }
}
