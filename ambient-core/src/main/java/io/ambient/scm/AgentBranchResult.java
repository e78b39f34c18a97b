package io.ambient.scm;

/**
 * The pushed agent branch.
 *
 * @param branch    the branch name on the remote
 * @param remote    the remote URL (it never carries credentials)
 * @param commitId  the new commit
 * @param parentId  its parent: the workspace's {@code HEAD}
 * @param files     how many changed files the commit carries (deletions included)
 * @param update    what happened to the remote branch
 */
public record AgentBranchResult(String branch, String remote, String commitId, String parentId, int files,
                                Update update) {

    /** What the push did to the remote branch. */
    public enum Update {
        /** The branch did not exist and was created. */
        CREATED,
        /** The branch existed and the new commit descends from its tip. */
        FAST_FORWARD,
        /** The branch existed and was moved to a commit that does not contain its old tip (asked for). */
        FORCED,
        /** The branch already pointed at an identical commit. */
        UP_TO_DATE
    }
}
