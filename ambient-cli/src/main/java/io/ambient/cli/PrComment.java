package io.ambient.cli;

import io.ambient.AmbientException;
import io.ambient.InvalidInputException;
import io.ambient.scm.ChangeRef;
import io.ambient.scm.CommentClient;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A pull-request comment to write once a run or fan-out ends: a new one, or the sticky one of its key updated in
 * place. Prepared before anything starts, so a missing token or an unknown change is bad input, not a lost comment.
 */
final class PrComment {
    private final ChangeRef change;
    private final CommentClient client;
    private final String stickyKey;

    private PrComment(ChangeRef change, CommentClient client, String stickyKey) {
        this.change = change;
        this.client = client;
        this.stickyKey = stickyKey;
    }

    /**
     * The comment {@code mode} ({@code none}, {@code new} or {@code sticky}) asks for, or {@code null} for none.
     *
     * @param key  the sticky key, or {@code null} for {@link #defaultKey}
     * @param fork whether the change comes from a fork, or {@code null} for {@code $CHANGE_FORK}
     * @throws InvalidInputException for an unknown mode, no change to write on, or no token
     */
    static PrComment prepare(String mode, String key, ChangeOptions options, Boolean fork, Map<String, String> env,
            String name) {
        String normalised = mode == null ? "none" : mode.strip().toLowerCase(Locale.ROOT);
        switch (normalised) {
            case "none" -> {
                if (options.given()) {
                    throw new InvalidInputException("pull-request options were given without --comment: add "
                            + "--comment sticky or --comment new");
                }
                return null;
            }
            case "new", "sticky" -> {
                ChangeRef change = options.change(env, fork);
                CommentClient client = options.client(change, env);
                String sticky = normalised.equals("new") ? null : key != null ? CommentClient.sanitiseKey(key)
                        : defaultKey(env, name);
                return new PrComment(change, client, sticky);
            }
            default -> throw new InvalidInputException("invalid --comment '" + mode + "': give none, new or sticky");
        }
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

    /**
     * Writes {@code markdown} and says what it did, or why not, in one message. Never throws: a run's result stands.
     *
     * @return whether the comment was written
     */
    boolean write(String markdown, Consumer<String> messages) {
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
}
