package io.ambient.scm;

import io.ambient.report.RunReport;
import io.ambient.report.render.Formats;
import io.ambient.workspace.WorkspaceChanges;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the command line and the Jenkins step agree on when they turn a run into a pull request: its title, the
 * branch it merges into and the remote it is pushed to, from the run's report and the build's environment.
 */
public final class AgentPullRequest {
    /** Longest title, ellipsis included. */
    public static final int TITLE_CHARS = 72;

    private AgentPullRequest() {
    }

    /** {@code ambient: } and the prompt's first line, shortened: the commit's and the pull request's title. */
    public static String title(RunReport report) {
        String line = report.prompt() == null ? "" : report.prompt().strip().lines().findFirst().orElse("").strip();
        String title = "ambient: " + (line.isEmpty() ? "agent changes" : line);
        return title.length() <= TITLE_CHARS ? title : Formats.head(title, TITLE_CHARS - 1) + "…";
    }

    /**
     * The branch the pull request merges into, as Jenkins tells it: {@code CHANGE_TARGET} (a pull request's build),
     * else {@code BRANCH_NAME} (a multibranch job), else {@code GIT_BRANCH} without its remote; {@code null} for none.
     */
    public static String baseBranch(Map<String, String> env) {
        for (String name : new String[] {"CHANGE_TARGET", "BRANCH_NAME", "GIT_BRANCH"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return name.equals("GIT_BRANCH") ? value.strip().replaceFirst("^(refs/remotes/)?[^/]+/", "")
                        : value.strip();
            }
        }
        return null;
    }

    /** The URL of the workspace's {@code origin} remote, or {@code null} when it has none. */
    public static String originUrl(Path workspace) throws IOException {
        try (Repository repository = WorkspaceChanges.open(workspace.toAbsolutePath().normalize())) {
            return repository.getConfig().getString("remote", "origin", "url");
        }
    }
}
