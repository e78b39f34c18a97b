package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.ambient.scm.ScmTestSupport.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * GitLab publishes no OpenAPI description of these endpoints: requests are checked here against the documented
 * shapes (REST API v4, {@code PRIVATE-TOKEN} authentication (https://docs.gitlab.com/api/rest/authentication/),
 * {@code :id} the URL-encoded project path (https://docs.gitlab.com/api/rest/#namespaced-paths), {@code page} and
 * {@code per_page} at most 100 (https://docs.gitlab.com/api/rest/#pagination)):
 * <ul>
 *   <li>https://docs.gitlab.com/api/merge_requests/: {@code GET /projects/:id/merge_requests} (filters
 *       {@code source_branch}, {@code target_branch}, {@code state} = opened|closed|locked|merged|all, plus
 *       pagination), {@code GET /projects/:id/merge_requests/:merge_request_iid},
 *       {@code GET /projects/:id/merge_requests/:merge_request_iid/diffs} ({@code page}, {@code per_page},
 *       {@code unidiff}), {@code POST /projects/:id/merge_requests} (required {@code source_branch},
 *       {@code target_branch}, {@code title}), {@code PUT /projects/:id/merge_requests/:merge_request_iid} (at
 *       least one attribute to change)</li>
 *   <li>https://docs.gitlab.com/api/discussions/#create-a-new-thread-in-the-merge-request-diff:
 *       {@code POST /projects/:id/merge_requests/:merge_request_iid/discussions} with required {@code body} and a
 *       {@code position}: {@code position_type} text, required {@code base_sha}, {@code start_sha},
 *       {@code head_sha}, and {@code old_path}, {@code new_path}, {@code new_line}, {@code old_line}</li>
 *   <li>https://docs.gitlab.com/api/notes/#merge-requests:
 *       {@code GET /projects/:id/merge_requests/:merge_request_iid/notes} ({@code sort} asc|desc,
 *       {@code order_by} created_at|updated_at, pagination), {@code POST .../notes} and
 *       {@code PUT .../notes/:note_id} with required {@code body}</li>
 * </ul>
 */
final class GitLabApiShapes {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> PAGINATION = Set.of("page", "per_page");
    private static final Set<String> POSITION_KEYS = Set.of("position_type", "base_sha", "start_sha", "head_sha",
            "old_path", "new_path", "new_line", "old_line");
    private static final Set<String> MR_CREATE_KEYS = Set.of("source_branch", "target_branch", "title",
            "description", "assignee_id", "assignee_ids", "reviewer_ids", "labels", "milestone_id",
            "remove_source_branch", "squash", "allow_collaboration", "target_project_id");
    private static final Set<String> MR_UPDATE_KEYS = Set.of("title", "description", "target_branch", "state_event",
            "assignee_id", "assignee_ids", "reviewer_ids", "labels", "milestone_id", "remove_source_branch",
            "squash", "discussion_locked", "allow_collaboration");

    private final String projectId;

    /** @param projectPath the project path the requests must name ({@code g/sub/p}) */
    GitLabApiShapes(String projectPath) {
        this.projectId = projectPath.replace("/", "%2F");
    }

    /** Checks one request; returns its documented operation as {@code "METHOD template"}. */
    String check(RecordedRequest r) throws IOException {
        assertThat(r.getHeader("PRIVATE-TOKEN")).isEqualTo(TOKEN);
        assertThat(r.getHeader("Authorization")).isNull();
        HttpUrl url = r.getRequestUrl();
        String path = url.encodedPath();
        String prefix = "/api/v4/projects/" + projectId + "/merge_requests";
        assertThat(path).as("request path").startsWith(prefix);
        String rest = path.substring(prefix.length());
        String body = r.getBody().clone().readUtf8();
        String op = r.getMethod() + " " + rest.replaceAll("^/\\d+", "/:iid")
                .replaceAll("/notes/\\d+$", "/notes/:note_id");
        switch (op) {
            case "GET " -> {
                query(url, Set.of("source_branch", "target_branch", "state"));
                assertThat(url.queryParameter("state")).isIn(null, "opened", "closed", "locked", "merged", "all");
                assertThat(body).isEmpty();
            }
            case "GET /:iid" -> {
                query(url, Set.of());
                assertThat(body).isEmpty();
            }
            case "GET /:iid/diffs" -> {
                query(url, Set.of("unidiff"));
                assertThat(body).isEmpty();
            }
            case "POST " -> {
                JsonNode json = object(r, body, MR_CREATE_KEYS);
                for (String required : List.of("source_branch", "target_branch", "title")) {
                    assertThat(json.path(required).isTextual()).as("required %s", required).isTrue();
                    assertThat(json.path(required).asText()).isNotBlank();
                }
                assertThat(json.path("description").isMissingNode() || json.path("description").isTextual())
                        .isTrue();
            }
            case "PUT /:iid" -> {
                JsonNode json = object(r, body, MR_UPDATE_KEYS);
                assertThat(json.size()).as("at least one attribute to change").isPositive();
                json.fields().forEachRemaining(f -> {
                    if (Set.of("title", "description", "target_branch").contains(f.getKey())) {
                        assertThat(f.getValue().isTextual()).as(f.getKey()).isTrue();
                    }
                });
            }
            case "POST /:iid/discussions" -> {
                JsonNode json = object(r, body, Set.of("body", "position", "commit_id", "created_at"));
                requiredBody(json);
                JsonNode position = json.path("position");
                assertThat(position.isObject()).as("position").isTrue();
                Set<String> keys = new HashSet<>();
                position.fieldNames().forEachRemaining(keys::add);
                assertThat(POSITION_KEYS).as("documented position attributes").containsAll(keys);
                assertThat(position.path("position_type").asText()).isEqualTo("text");
                for (String sha : List.of("base_sha", "start_sha", "head_sha")) {
                    assertThat(position.path(sha).asText()).as("required position[%s]", sha).matches("[0-9a-f]{40}");
                }
                assertThat(position.path("new_path").isTextual()).isTrue();
                assertThat(position.path("old_path").isTextual()).isTrue();
                assertThat(position.path("new_line").isInt() || position.path("old_line").isInt())
                        .as("a text position names a line").isTrue();
                assertThat(position.path("old_line").isMissingNode() || position.path("old_line").isInt()).isTrue();
            }
            case "GET /:iid/notes" -> {
                query(url, Set.of("sort", "order_by"));
                assertThat(url.queryParameter("sort")).isIn(null, "asc", "desc");
                assertThat(url.queryParameter("order_by")).isIn(null, "created_at", "updated_at");
                assertThat(body).isEmpty();
            }
            case "POST /:iid/notes" -> requiredBody(object(r, body, Set.of("body", "internal", "created_at",
                    "merge_request_diff_head_sha")));
            case "PUT /:iid/notes/:note_id" -> requiredBody(object(r, body, Set.of("body")));
            default -> fail("not a documented GitLab operation: " + r.getMethod() + " " + path);
        }
        return op.strip();
    }

    private static void query(HttpUrl url, Set<String> documented) {
        for (String name : url.queryParameterNames()) {
            assertThat(PAGINATION.contains(name) || documented.contains(name))
                    .as("documented query parameter %s", name).isTrue();
        }
        String perPage = url.queryParameter("per_page");
        assertThat(perPage == null || Integer.parseInt(perPage) <= 100).as("per_page at most 100").isTrue();
    }

    private static JsonNode object(RecordedRequest r, String body, Set<String> documented) throws IOException {
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        JsonNode json = MAPPER.readTree(body);
        assertThat(json.isObject()).isTrue();
        json.fieldNames().forEachRemaining(k -> assertThat(documented).as("documented attribute").contains(k));
        return json;
    }

    private static void requiredBody(JsonNode json) {
        assertThat(json.path("body").isTextual()).as("required 'body' string").isTrue();
        assertThat(json.path("body").asText()).isNotEmpty();
    }
}
