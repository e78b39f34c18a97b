package io.ambient.scm;

import io.ambient.workspace.ChangedFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to commit and where to push it: the agent's changed files in a workspace, as one commit on top of the
 * workspace's {@code HEAD}, pushed to a branch.
 *
 * @param workspace    the top of the git work tree the agent ran in
 * @param changedFiles the run's changed files ({@code RunReport.changedFiles()}); each path is taken as it is in the
 *                     work tree now, deleted ones are removed. Renames are a deletion plus an addition
 * @param branch       short branch name on the remote ({@code ambient/fix-typos}, not {@code refs/heads/...})
 * @param message      the commit message
 * @param author       the commit's author
 * @param committer    the commit's committer
 * @param force        whether the branch may be moved to a commit that does not contain its current tip
 */
public record AgentBranchRequest(Path workspace, List<ChangedFile> changedFiles, String branch, String message,
                                 Identity author, Identity committer, boolean force) {

    public AgentBranchRequest {
        Objects.requireNonNull(workspace, "workspace");
        changedFiles = List.copyOf(changedFiles);
    }

    /** The same request with the same identity as author and committer, not forced. */
    public AgentBranchRequest(Path workspace, List<ChangedFile> changedFiles, String branch, String message,
                              Identity author) {
        this(workspace, changedFiles, branch, message, author, author, false);
    }

    /** This request with {@link #force} set. */
    public AgentBranchRequest withForce(boolean force) {
        return new AgentBranchRequest(workspace, changedFiles, branch, message, author, committer, force);
    }

    /**
     * A person as git records them.
     *
     * @param name  display name
     * @param email e-mail address, without angle brackets
     */
    public record Identity(String name, String email) {
    }
}
