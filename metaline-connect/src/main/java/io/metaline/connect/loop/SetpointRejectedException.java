package io.metaline.connect.loop;

/**
 * The line refused setpoints (out of its range, wrong type, not writable): writing them again will not help, so the
 * agent fails the trial with this message.
 */
public class SetpointRejectedException extends Exception {
    public SetpointRejectedException(String message) {
        super(message);
    }
}
