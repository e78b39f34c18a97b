package io.ambient.scm;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.HttpUrl;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What opening a pull request and opening a merge request share: look for the open one of the source branch,
 * edit it or create one, never twice ({@link HttpCommentClient#createOnce}). Subclasses give the URLs, the
 * payloads and the names of the answer's fields.
 */
abstract class HttpPullRequestClient implements PullRequestClient {
    final HttpCommentClient http;

    HttpPullRequestClient(HttpCommentClient http) {
        this.http = http;
    }

    /** The list of open requests from {@code spec}'s source branch. */
    abstract HttpUrl openUrl(RepoRef repository, PullRequestSpec spec);

    abstract HttpUrl createUrl(RepoRef repository);

    abstract HttpUrl updateUrl(RepoRef repository, long number);

    abstract String createJson(PullRequestSpec spec);

    abstract String updateJson(PullRequestSpec spec);

    /** The answer's field with the number users see: {@code number} (GitHub) or {@code iid} (GitLab). */
    abstract String numberField();

    /** The answer's field with the web page: {@code html_url} (GitHub) or {@code web_url} (GitLab). */
    abstract String webUrlField();

    /** PATCH (GitHub) or PUT (GitLab). */
    abstract String updateMethod();

    /** The token permission or scope that allows opening and editing requests on {@code repository}. */
    abstract String needs(RepoRef repository);

    /** The one-line fix for a refusal {@link HttpCommentClient#standardHint} does not explain (409, 422, ...). */
    abstract String otherHint(int status, PullRequestSpec spec);

    private String hint(int status, RepoRef repository, PullRequestSpec spec) {
        String standard = http.standardHint(status, "open or edit " + noun() + "s", repository.project(),
                needs(repository), repository.apiBaseUrl());
        return standard != null ? standard : otherHint(status, spec);
    }

    /** {@code pull request} or {@code merge request}. */
    abstract String noun();

    @Override
    public Result openOrUpdate(RepoRef repository, PullRequestSpec spec) {
        http.check(repository);
        Objects.requireNonNull(spec, "spec");
        IntFunction<String> hint = status -> hint(status, repository, spec);
        String update = updateJson(spec);
        return http.createOnce(hint, () -> {
            JsonNode open = http.first(openUrl(repository, spec), hint, noun() + "s",
                    item -> item.hasNonNull(numberField()));
            if (open == null) {
                return null;
            }
            long number = open.get(numberField()).asLong();
            JsonNode edited = http.call(hint, updateMethod(), updateUrl(repository, number), update).json();
            return result(edited == null ? open : edited, repository, CommentClient.Action.UPDATED);
        }, createUrl(repository), createJson(spec),
                created -> result(created, repository, CommentClient.Action.CREATED));
    }

    private Result result(JsonNode answer, RepoRef repository, CommentClient.Action action) {
        if (answer == null || !answer.hasNonNull(numberField())) {
            throw new ScmException(http.kind().displayName() + " answered for a " + noun() + " on "
                    + repository.project() + " without its " + numberField(), 0);
        }
        return new Result(answer.get(numberField()).asLong(), answer.path(webUrlField()).asText(""), action);
    }
}
