package io.ambient.scm;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes Markdown comments on a change (GitHub pull request, GitLab merge request).
 *
 * <p>A <em>sticky</em> comment carries a hidden marker {@code <!-- ambient:sticky:KEY -->} on its first line; a
 * later {@link #upsertSticky} with the same key finds it by listing the change's comments and edits it in place
 * instead of adding another one. Creating is never blindly retried: after a failed create the comments are listed
 * again first, so a create that reached the host before the error is found and not duplicated.
 */
public interface CommentClient {

    /** Adds a new comment. Retried on 429/5xx; prefer {@link #upsertSticky} where a duplicate would hurt. */
    Result post(ChangeRef change, String markdown);

    /**
     * Creates the comment marked with {@code key}, or replaces the body of the one that exists.
     *
     * @param key a key from {@link #stickyKey}, or any text (it is sanitised the same way)
     */
    Result upsertSticky(ChangeRef change, String key, String markdown);

    /** What a call did. */
    record Result(long commentId, Action action) {
    }

    /** Whether something (a comment, a pull request) was created or an existing one edited. */
    enum Action {
        CREATED, UPDATED
    }

    /** The longest sanitised key; longer keys are cut. */
    int MAX_KEY_LENGTH = 200;

    /**
     * The sticky key of a job, stage and run name (for example {@code stickyKey("team/app/PR-12", "review", "lint")}).
     * Blank parts are skipped; each part is {@linkplain #sanitiseKey sanitised}; parts are joined with {@code /}.
     */
    static String stickyKey(String... parts) {
        String joined = Arrays.stream(parts).filter(Objects::nonNull).map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.joining("/"));
        return sanitiseKey(joined);
    }

    /**
     * Keeps letters, digits and {@code . _ / : +}; every other run of characters (spaces, {@code -}, {@code >},
     * non-ASCII ...) becomes one {@code _}, so the key can never end the HTML comment ({@code -->}) or contain
     * {@code --}. Case is kept. An empty result is refused.
     */
    static String sanitiseKey(String key) {
        Objects.requireNonNull(key, "key");
        String clean = key.strip().replaceAll("[^A-Za-z0-9._/:+]+", "_");
        if (clean.length() > MAX_KEY_LENGTH) {
            clean = clean.substring(0, MAX_KEY_LENGTH);
        }
        if (clean.isEmpty() || clean.chars().allMatch(c -> c == '_')) {
            throw new IllegalArgumentException("sticky key is empty after sanitising: '" + key + "'");
        }
        return clean;
    }

    /** The hidden marker of {@code key} (sanitised): {@code <!-- ambient:sticky:KEY -->}. */
    static String marker(String key) {
        return "<!-- ambient:sticky:" + sanitiseKey(key) + " -->";
    }

    /** The body of a sticky comment: the marker on its own line, then the Markdown. */
    static String stickyBody(String key, String markdown) {
        return marker(key) + "\n" + Objects.requireNonNull(markdown, "markdown");
    }

    /** Whether {@code body} carries the marker of {@code key}. */
    static boolean hasMarker(String body, String key) {
        return body != null && body.contains(marker(key));
    }
}
