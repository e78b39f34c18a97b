package io.ambient.scm;

import io.ambient.AmbientException;

/**
 * A comment, review, pull request or push did not go through: the host refused it (bad token, missing permission,
 * unknown change) or kept failing until the attempts ran out. The message is one line, names the fix, and never contains the token.
 */
public class ScmException extends AmbientException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** @param status the last HTTP status, or 0 when there was no answer */
    public ScmException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The last HTTP status seen, or 0 when there was no HTTP answer at all. */
    public int status() {
        return status;
    }
}
