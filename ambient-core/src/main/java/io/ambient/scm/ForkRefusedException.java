package io.ambient.scm;

import io.ambient.AmbientException;

/**
 * Nothing was sent: the change comes from a fork and writing comments for forks was not explicitly allowed
 * ({@link CommentClientOptions#allowForks()}).
 */
public class ForkRefusedException extends AmbientException {
    private static final long serialVersionUID = 1L;

    public ForkRefusedException(String message) {
        super(message);
    }
}
