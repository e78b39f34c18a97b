package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Suggested changes on a GitLab merge request, one diff thread each (https://docs.gitlab.com/api/discussions/):
 * <ul>
 *   <li>{@code GET /projects/:id/merge_requests/:merge_request_iid}: {@code diff_refs} (base, start and head
 *       commit) for the positions</li>
 *   <li>{@code GET /projects/:id/merge_requests/:merge_request_iid/diffs} (all pages): each file's {@code diff},
 *       the lines a thread can be on</li>
 *   <li>{@code POST /projects/:id/merge_requests/:merge_request_iid/discussions} {@code {body, position:
 *       {position_type: text, base_sha, start_sha, head_sha, old_path, new_path, new_line[, old_line]}}} (old_path
 *       as the diff lists it: another one for a renamed file), the body
 *       a {@code suggestion:-0+N} block covering the line and the N below it; {@code old_line} too when the line
 *       is unchanged context in the merge request's diff</li>
 *   <li>the summary as a note ({@link GitLabClient#post})</li>
 * </ul>
 * A thread GitLab refuses with 400 (a position it does not accept) goes into the summary instead.
 */
final class GitLabReviews extends HttpReviewClient {

    GitLabReviews(GitLabClient http) {
        super(http);
    }

    @Override
    Result post(ChangeRef change, PatchSuggestions.Parsed parsed, String summary, int maxInline) {
        IntFunction<String> hint = status -> http.hint(status, change);
        HttpUrl mr = GitLabClient.project(change.repository()).addPathSegment("merge_requests")
                .addPathSegment(Long.toString(change.number())).build();
        JsonNode answer = http.call(hint, "GET", mr, null).json();
        JsonNode refs = answer == null ? null : answer.get("diff_refs");
        if (refs == null || !refs.hasNonNull("head_sha") || !refs.hasNonNull("base_sha")
                || !refs.hasNonNull("start_sha")) {
            throw new ScmException("GitLab has no diff_refs for " + change.display() + " (its diff is still being"
                    + " prepared?): try again in a moment", 0);
        }
        ChangeDiff diff = new ChangeDiff();
        // A position names the file's path before the merge request too: another one when it renamed the file.
        Map<String, String> oldPaths = new HashMap<>();
        // No per_page: some GitLab versions answer 500 to it on this endpoint; pages are followed either way.
        for (JsonNode file : http.all(mr.newBuilder().addPathSegment("diffs").build(), hint, "diffs")) {
            String path = file.path("new_path").asText();
            diff.add(path, file.path("diff").asText(null));
            oldPaths.put(path, file.path("old_path").asText(path));
        }
        ReviewPlan plan = ReviewPlan.of(parsed, diff, maxInline);
        HttpUrl discussions = mr.newBuilder().addPathSegment("discussions").build();
        List<PatchSuggestions.Suggestion> refused = new ArrayList<>();
        for (PatchSuggestions.Suggestion s : plan.inline()) {
            try {
                http.call(hint, "POST", discussions,
                        threadJson(refs, s, oldPaths.getOrDefault(s.path(), s.path()), diff));
            } catch (ScmException e) {
                if (e.status() != 400) {
                    throw e;
                }
                refused.add(s);
            }
        }
        plan = plan.without(refused);
        http.post(change, plan.summary(summary));
        return plan.result();
    }

    private static String threadJson(JsonNode refs, PatchSuggestions.Suggestion s, String oldPath, ChangeDiff diff) {
        ObjectNode thread = HttpCommentClient.MAPPER.createObjectNode()
                .put("body", ReviewPlan.suggestionBody("suggestion:-0+" + (s.lineCount() - 1), s));
        ObjectNode position = thread.putObject("position").put("position_type", "text")
                .put("base_sha", refs.get("base_sha").asText()).put("start_sha", refs.get("start_sha").asText())
                .put("head_sha", refs.get("head_sha").asText())
                .put("old_path", oldPath).put("new_path", s.path()).put("new_line", s.startLine());
        diff.oldLineOfContext(s.path(), s.startLine()).ifPresent(old -> position.put("old_line", old));
        return thread.toString();
    }
}
