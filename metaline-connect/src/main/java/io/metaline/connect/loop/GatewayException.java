package io.metaline.connect.loop;

/**
 * A study call that failed. {@link #retryable()} is true when the request may not have reached the study (a
 * connection failure) and repeating it is safe; false when the study refused it (bad input, unknown trial, a
 * conflicting result), which repeating would not change.
 */
public class GatewayException extends RuntimeException {
    private final int status;
    private final boolean retryable;

    public GatewayException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** The HTTP status of the answer, or 0 when there was none (connection failure, in-process call). */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
