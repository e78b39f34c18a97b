package io.ambient.run;

import io.ambient.AmbientException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
            Object uid = Files.getAttribute(home, "unix:uid");
            Object gid = Files.getAttribute(home, "unix:gid");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = home.resolve(file.getKey()).normalize();
                if (!target.startsWith(home)) {
                    throw new AmbientException("home file " + file.getKey() + " is outside the agent home");
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
                for (Path path = target; !path.equals(home); path = path.getParent()) {
                    if (!Files.getAttribute(path, "unix:uid").equals(uid)) {
                        Files.setAttribute(path, "unix:uid", uid);
                        Files.setAttribute(path, "unix:gid", gid);
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new AmbientException("cannot write the agent's configuration into " + home + ": " + e.getMessage(), e);
        }
    }
}
