package io.ambient.jenkins.publish;

import io.ambient.InvalidInputException;

import java.util.Locale;

/** How a run reports on its pull/merge request: not at all, a new comment each time, or one comment kept updated. */
public enum CommentMode {
    /** No comment. */
    NONE,
    /** A new comment per run. */
    NEW,
    /** One comment per job, stage and run name, edited in place by later runs. */
    STICKY;

    /**
     * The mode a step parameter names; null or blank is {@link #NONE}.
     *
     * @throws InvalidInputException for any other word
     */
    public static CommentMode of(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid comment mode '" + value + "': use none, new or sticky");
        }
    }
}
