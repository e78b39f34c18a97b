package io.ambient.scm;

import io.ambient.InvalidInputException;

import java.util.Objects;

/**
 * The pull/merge request to open for a pushed branch, or to bring up to date when one is already open.
 *
 * @param sourceBranch the pushed branch with the changes (GitHub {@code head}, GitLab {@code source_branch}),
 *                     in the same repository
 * @param targetBranch the branch to merge into (GitHub {@code base}, GitLab {@code target_branch})
 * @param title        the title; not blank
 * @param body         the description (Markdown); may be empty
 * @throws InvalidInputException for a blank branch or title, or a branch merged into itself
 */
public record PullRequestSpec(String sourceBranch, String targetBranch, String title, String body) {

    public PullRequestSpec {
        sourceBranch = required(sourceBranch, "source branch", "the branch the changes were pushed to");
        targetBranch = required(targetBranch, "target branch", "the branch to merge into, for example main");
        title = required(title, "pull request title", "a one-line summary of the change");
        body = Objects.requireNonNullElse(body, "");
        if (sourceBranch.equals(targetBranch)) {
            throw new InvalidInputException("the source and target branch are both '" + sourceBranch
                    + "': push the changes to a new branch and open the pull request from it");
        }
    }

    private static String required(String value, String what, String fix) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("the " + what + " is empty: give " + fix);
        }
        return value.strip();
    }
}
