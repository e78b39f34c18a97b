package io.ambient.cli;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.report.ReportFiles;
import io.ambient.scm.ChangeRef;
import io.ambient.scm.CommentClient;
import io.ambient.scm.ReviewClient;
import io.ambient.scm.ScmClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a run or fan-out writes on its pull request once it ends: a comment (a new one, or the sticky one of its key
 * updated in place) and, where asked, the agent's patch as review suggestions. Prepared before anything starts, so
 * a missing token or an unknown change is bad input, not a lost comment.
 */
final class PrComment {
    private final ChangeRef change;
    private final ScmClient client;
    private final String mode;
    private final String stickyKey;
    private final boolean suggest;

    private PrComment(ChangeRef change, ScmClient client, String mode, String stickyKey, boolean suggest) {
        this.change = change;
        this.client = client;
        this.mode = mode;
        this.stickyKey = stickyKey;
        this.suggest = suggest;
    }

    /**
     * What {@code mode} ({@code none}, {@code new} or {@code sticky}) and {@code suggest} ask for, or {@code null}
     * for nothing.
     *
     * @param key  the sticky key, or {@code null} for {@link #defaultKey}
     * @param fork whether the change comes from a fork, or {@code null} for {@code $CHANGE_FORK}
     * @throws InvalidInputException for an unknown mode, no change to write on, or no token
     */
    static PrComment prepare(String mode, String key, boolean suggest, ChangeOptions options, Boolean fork,
            Map<String, String> env, String name) {
        String normalised = mode == null ? "none" : mode.strip().toLowerCase(Locale.ROOT);
        if (!normalised.equals("none") && !normalised.equals("new") && !normalised.equals("sticky")) {
            throw new InvalidInputException("invalid --comment '" + mode + "': give none, new or sticky");
        }
        if (normalised.equals("none") && !suggest) {
            if (options.given()) {
                throw new InvalidInputException("pull-request options were given without --comment or --suggest: "
                        + "add --comment sticky, --comment new or --suggest");
            }
            return null;
        }
        ChangeRef change = options.change(env, fork);
        String sticky = !normalised.equals("sticky") ? null
                : key != null ? CommentClient.sanitiseKey(key) : defaultKey(env, name);
        return new PrComment(change, options.client(change.host(), env), normalised, sticky, suggest);
    }

    /** The sticky key of a job's stage: {@code $JOB_NAME/$STAGE_NAME/name}, blank parts left out. */
    static String defaultKey(Map<String, String> env, String name) {
        return CommentClient.stickyKey(env.get("JOB_NAME"), env.get("STAGE_NAME"), name);
    }

    /** A link back to the build when Jenkins runs this ({@code $BUILD_URL}). */
    static Map<String, String> buildLinks(Map<String, String> env) {
        Map<String, String> links = new LinkedHashMap<>();
        String build = env.get("BUILD_URL");
        if (build != null && !build.isBlank()) {
            links.put("Build", build.strip());
        }
        return links;
    }

    /** Whether the patch is to be posted as suggestions. */
    boolean suggests() {
        return suggest;
    }

    /**
     * Writes the comment, then the suggestions of {@code patchFile} ({@code null}: the run had no workspace, so no
     * patch; a file that is gone fails the suggestions), and says what it did, or why not, one message each. Never
     * throws: a run's result stands.
     *
     * @return whether everything asked for was written
     */
    boolean write(String markdown, Path patchFile, Consumer<String> messages) {
        try (client) {
            boolean written = mode.equals("none") || comment(markdown, messages);
            return (!suggest || suggestions(patchFile, messages)) && written;
        }
    }

    private boolean comment(String markdown, Consumer<String> messages) {
        try {
            CommentClient.Result result = stickyKey == null ? client.post(change, markdown)
                    : client.upsertSticky(change, stickyKey, markdown);
            messages.accept((result.action() == CommentClient.Action.CREATED ? "commented on "
                    : "updated the comment on ") + change.display());
            return true;
        } catch (AmbientException e) {
            messages.accept("comment on " + change.display() + " not written: " + e.getMessage());
            return false;
        }
    }

    private boolean suggestions(Path patchFile, Consumer<String> messages) {
        try {
            if (patchFile != null && !Files.isRegularFile(patchFile)) {
                messages.accept("suggestions on " + change.display() + " not written: the run's patch " + patchFile
                        + " is missing: keep " + ReportFiles.PATCH_FILE + " beside the report");
                return false;
            }
            String patch = patchFile == null ? "" : Files.readString(patchFile, StandardCharsets.UTF_8);
            if (patch.isBlank()) {
                messages.accept("no suggestions for " + change.display() + ": the agent changed nothing");
                return true;
            }
            ReviewClient.Result result = client.reviews().suggest(change, patch,
                    "Suggested changes from an ambient agent run.");
            messages.accept("suggested " + result.inline() + " change(s) inline on " + change.display()
                    + (result.inSummary() > 0 ? ", " + result.inSummary() + " in the review's summary" : "")
                    + (result.notSuggested().isEmpty() ? "" : "; listed only: " + String.join(", ",
                    result.notSuggested())));
            return true;
        } catch (IOException | AmbientException e) {
            messages.accept("suggestions on " + change.display() + " not written: " + e.getMessage());
            return false;
        }
    }
}
