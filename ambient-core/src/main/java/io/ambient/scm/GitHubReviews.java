package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;

import java.util.function.IntFunction;

/**
 * Suggested changes on a GitHub pull request, as one review:
 * <ul>
 *   <li>{@code GET /repos/{owner}/{repo}/pulls/{pull_number}}: {@code head.sha}, the commit the review is on</li>
 *   <li>{@code GET /repos/{owner}/{repo}/pulls/{pull_number}/files?per_page=100} (all pages): each file's
 *       {@code patch}, the lines GitHub accepts review comments on</li>
 *   <li>{@code POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews} {@code {commit_id, event: COMMENT, body,
 *       comments: [{path, start_line, start_side, line, side, body}]}}, each comment body a
 *       {@code suggestion} block</li>
 * </ul>
 * Should GitHub still answer 422 (the head moved since the files were listed), the review is posted again with
 * every suggestion in its body.
 */
final class GitHubReviews extends HttpReviewClient {

    GitHubReviews(GitHubClient http) {
        super(http);
    }

    @Override
    Result post(ChangeRef change, PatchSuggestions.Parsed parsed, String summary, int maxInline) {
        IntFunction<String> hint = status -> hint(status, change);
        HttpUrl pull = GitHubClient.repo(change.repository()).addPathSegment("pulls")
                .addPathSegment(Long.toString(change.number())).build();
        JsonNode pr = http.call(hint, "GET", pull, null).json();
        String head = pr == null ? null : pr.path("head").path("sha").asText(null);
        if (head == null) {
            throw new ScmException("GitHub answered GET " + HttpCommentClient.path(pull) + " without head.sha", 0);
        }
        ChangeDiff diff = new ChangeDiff();
        HttpUrl files = pull.newBuilder().addPathSegment("files")
                .addQueryParameter("per_page", Integer.toString(HttpCommentClient.PER_PAGE)).build();
        for (JsonNode file : http.all(files, hint, "files")) {
            diff.add(file.path("filename").asText(), file.path("patch").asText(null));
        }
        ReviewPlan plan = ReviewPlan.of(parsed, diff, maxInline);
        HttpUrl reviews = pull.newBuilder().addPathSegment("reviews").build();
        try {
            http.call(hint, "POST", reviews, reviewJson(head, plan, summary));
        } catch (ScmException e) {
            if (e.status() != 422 || plan.inline().isEmpty()) {
                throw e;
            }
            // A 422 created nothing; GitHub disagreed about the lines, so nothing goes inline this time.
            plan = plan.without(plan.inline());
            http.call(hint, "POST", reviews, reviewJson(head, plan, summary));
        }
        return plan.result();
    }

    private static String reviewJson(String head, ReviewPlan plan, String summary) {
        ObjectNode review = HttpCommentClient.MAPPER.createObjectNode().put("commit_id", head)
                .put("event", "COMMENT").put("body", plan.summary(summary));
        ArrayNode comments = review.putArray("comments");
        for (PatchSuggestions.Suggestion s : plan.inline()) {
            ObjectNode comment = comments.addObject().put("path", s.path());
            if (s.lineCount() > 1) {
                comment.put("start_line", s.startLine()).put("start_side", "RIGHT");
            }
            comment.put("line", s.endLine()).put("side", "RIGHT")
                    .put("body", ReviewPlan.suggestionBody("suggestion", s));
        }
        return review.toString();
    }

    private String hint(int status, ChangeRef change) {
        String standard = http.standardHint(status, "write review comments", change.display(),
                GitHubClient.pullRequestsWrite(change.repository()), change.apiBaseUrl());
        if (standard != null) {
            return standard;
        }
        return status == 422 ? "GitHub rejected the review (body longer than 65536 characters?)"
                : "GitHub refused the request";
    }
}
