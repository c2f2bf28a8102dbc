package io.metaline.connect.loop;

/** The line could not be reached (connection down, timeout); the call may be repeated once it is back. */
public class LineConnectionException extends Exception {
    public LineConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
