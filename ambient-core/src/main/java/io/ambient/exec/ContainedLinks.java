package io.ambient.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where the links of a tree copied out of a container lead, resolved the way the kernel would, but inside the copy: a
 * link is contained when neither it nor any link it passes through climbs above the tree's root or names an absolute
 * path (which means one thing in the container and another on this host).
 */
final class ContainedLinks {
    /** As many links as Linux follows in one lookup before it gives up (ELOOP). */
    private static final int MAX_HOPS = 40;

    private ContainedLinks() {
    }

    /** Whether the link at {@code link}, inside the tree {@code root}, leads to a place inside the tree. */
    static boolean staysInside(Path root, Path link) throws IOException {
        List<String> at = new ArrayList<>();
        root.relativize(link.getParent()).forEach(part -> at.add(part.toString()));
        at.removeIf(String::isEmpty);
        Deque<String> pending = new ArrayDeque<>();
        if (!prepend(pending, Files.readSymbolicLink(link))) {
            return false;
        }
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (at.isEmpty()) {
                    return false;
                }
                at.remove(at.size() - 1);
                continue;
            }
            at.add(part);
            Path here = root.resolve(String.join("/", at));
            if (Files.isSymbolicLink(here)) {
                at.remove(at.size() - 1);
                if (++hops > MAX_HOPS || !prepend(pending, Files.readSymbolicLink(here))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Puts a link's target in front of what is still to resolve; false for an absolute one. */
    private static boolean prepend(Deque<String> pending, Path target) {
        if (target.isAbsolute()) {
            return false;
        }
        List<String> parts = new ArrayList<>();
        target.forEach(part -> parts.add(part.toString()));
        for (int i = parts.size() - 1; i >= 0; i--) {
            pending.push(parts.get(i));
        }
        return true;
    }
}
