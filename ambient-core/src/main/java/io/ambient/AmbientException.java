package io.ambient;

/**
 * A failure the user can act on. The message is one line and names the fix
 * (for example "Docker engine not reachable at unix:///var/run/docker.sock: start it, or use --executor process").
 */
public class AmbientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AmbientException(String message) {
        super(message);
    }

    public AmbientException(String message, Throwable cause) {
        super(message, cause);
    }
}
