package io.ambient;

/**
 * Bad input detected before anything was started: nothing was created, nothing needs cleaning up.
 * The command line maps it to exit code 2.
 */
public class InvalidInputException extends AmbientException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
