package io.ambient.run;

import io.ambient.AmbientException;
import io.ambient.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes an adapter's home files into a persistent agent home on this host. What is written belongs to the home's
 * owner, as the agent runs as that user and must be able to rewrite its own configuration.
 */
final class AgentHomes {
    private AgentHomes() {
    }

    static void write(Path home, Map<String, String> files) {
        try {
            FileTrees.writeOwned(home, files, (Integer) Files.getAttribute(home, "unix:uid"),
                    (Integer) Files.getAttribute(home, "unix:gid"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new AmbientException("cannot write the agent's configuration into " + home + ": " + e.getMessage(), e);
        }
    }
}
