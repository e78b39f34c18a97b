package io.ambient.jenkins.steps;

import hudson.FilePath;
import org.jenkinsci.plugins.workflow.FilePathUtils;

import java.io.Serializable;

/**
 * The build's workspace, persisted the way durable tasks persist it: the node's name and the path, with the live
 * handle transient. After a controller restart (or an agent reconnect) the handle is found again by name.
 */
final class NodeWorkspace implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String node;
    private final String remote;
    private transient FilePath live;

    NodeWorkspace(FilePath workspace) {
        this.node = FilePathUtils.getNodeName(workspace);
        this.remote = workspace.getRemote();
        this.live = workspace;
    }

    /** The workspace, or {@code null} while its node is offline. */
    FilePath get() {
        if (live == null) {
            live = FilePathUtils.find(node, remote);
        }
        return live;
    }

    /** Forgets the handle, e.g. after a call failed because the node went away. */
    void forget() {
        live = null;
    }

    /** A path on the same node. */
    FilePath sibling(String path) {
        FilePath workspace = get();
        return workspace == null ? null : new FilePath(workspace.getChannel(), path);
    }

    @Override
    public String toString() {
        return remote + " on " + (node.isEmpty() ? "the built-in node" : node);
    }
}
