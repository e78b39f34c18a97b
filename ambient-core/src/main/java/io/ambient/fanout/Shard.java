package io.ambient.fanout;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A part of the workspace one agent run is responsible for.
 *
 * @param name  the shard's name, unique within a fan-out (letters, digits, {@code . _ -})
 * @param paths workspace-relative paths ({@code /}-separated; a directory ends with {@code /}) the run may change
 */
public record Shard(String name, List<String> paths) implements Serializable {
    public Shard {
        Objects.requireNonNull(name, "name");
        paths = List.copyOf(paths);
    }

    /** Whether {@code path} (workspace-relative, {@code /}-separated) is inside this shard. */
    public boolean contains(String path) {
        for (String scope : paths) {
            String normalized = scope.endsWith("/") ? scope : scope + "/";
            if (path.equals(scope) || path.startsWith(normalized) || scope.equals("./") || scope.equals(".")) {
                return true;
            }
        }
        return false;
    }

    /** The paths joined by spaces, as the {@code SHARD_PATHS} template variable. */
    public String pathsText() {
        return String.join(" ", paths);
    }
}
