package io.ambient.scm;

import java.util.List;

/**
 * Posts the changes of a patch as review comments with suggested changes on a change (GitHub pull request, GitLab
 * merge request), which its author can apply with one click.
 *
 * <p>The patch is the run's unified diff against the change's head checkout ({@code changes.patch}), already masked.
 * Each hunk of a modified file becomes one suggestion replacing the head's lines. Hosts accept review comments only
 * on lines the change's own diff shows: a hunk outside it, and every hunk past {@code maxInline}, is written into
 * the summary as a diff instead of being dropped. Added, deleted, renamed and binary files are listed in the
 * summary. Changes from forks are refused unless allowed ({@link CommentClientOptions#allowForks()}). Bodies are
 * never logged.
 */
public interface ReviewClient {

    /** The default cap on inline suggestions per call. */
    int DEFAULT_MAX_INLINE = 50;

    /**
     * Posts {@code patch} as suggestions on {@code change}. An empty patch posts nothing.
     *
     * @param summary   Markdown that opens the summary (GitHub: the review's body; GitLab: a note); may be empty
     * @param maxInline the most inline suggestions to post (at least 0)
     * @throws io.ambient.InvalidInputException when {@code patch} is not a unified diff (nothing is sent)
     */
    Result suggest(ChangeRef change, String patch, String summary, int maxInline);

    /** {@link #suggest(ChangeRef, String, String, int)} with at most {@link #DEFAULT_MAX_INLINE} inline. */
    default Result suggest(ChangeRef change, String patch, String summary) {
        return suggest(change, patch, summary, DEFAULT_MAX_INLINE);
    }

    /**
     * What {@link #suggest} posted.
     *
     * @param inline       suggestions posted on lines of the change
     * @param inSummary    hunks written into the summary: outside the change's diff, or past the cap
     * @param notSuggested files that cannot be suggestions, with the reason ({@code "logo.png: binary"})
     */
    record Result(int inline, int inSummary, List<String> notSuggested) {
        public Result {
            notSuggested = List.copyOf(notSuggested);
        }
    }
}
