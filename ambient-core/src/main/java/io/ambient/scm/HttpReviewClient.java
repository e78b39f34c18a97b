package io.ambient.scm;

import java.util.List;
import java.util.Objects;

/**
 * What the GitHub and GitLab review clients share: everything that is checked before anything is sent (the cap,
 * the host kind, the fork policy, the patch). Subclasses post the suggestions.
 */
abstract class HttpReviewClient implements ReviewClient {
    final HttpCommentClient http;

    HttpReviewClient(HttpCommentClient http) {
        this.http = http;
    }

    /** Posts {@code parsed} (not empty) on {@code change}. */
    abstract Result post(ChangeRef change, PatchSuggestions.Parsed parsed, String summary, int maxInline);

    @Override
    public final Result suggest(ChangeRef change, String patch, String summary, int maxInline) {
        if (maxInline < 0) {
            throw new IllegalArgumentException("maxInline must not be negative, got " + maxInline);
        }
        http.check(change);
        PatchSuggestions.Parsed parsed = PatchSuggestions.parse(patch);
        if (parsed.isEmpty()) {
            return new Result(0, 0, List.of());
        }
        return post(change, parsed, Objects.requireNonNullElse(summary, ""), maxInline);
    }
}
