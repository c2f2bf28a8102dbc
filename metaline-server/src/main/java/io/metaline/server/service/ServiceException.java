package io.metaline.server.service;

/**
 * Errors of the service layer, unchecked. The HTTP layer maps them once: {@link NotFound} to 404, {@link BadInput}
 * to 400, {@link Conflict} to 409, {@link Forbidden} to 403. Anything else is a bug (500) and never the answer to
 * bad input.
 */
public class ServiceException extends RuntimeException {
    ServiceException(String message) {
        super(message);
    }

    ServiceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The thing does not exist, or belongs to another site (which must not be revealed). */
    public static final class NotFound extends ServiceException {
        private final String what;
        private final String id;

        public NotFound(String what, String id) {
            super(what + " '" + id + "' not found");
            this.what = what;
            this.id = id;
        }

        public String what() {
            return what;
        }

        public String id() {
            return id;
        }
    }

    /** A value of the request is wrong; {@link #field()} names it (e.g. "csv row 7, column 'temp'"). */
    public static final class BadInput extends ServiceException {
        private final String field;

        public BadInput(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }

        /** The message without the field prefix. */
        public String detail() {
            String m = getMessage();
            return m.substring(field.length() + 2);
        }
    }

    /** The request contradicts the stored state (e.g. a different result for an already completed trial). */
    public static final class Conflict extends ServiceException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** The caller may not do this. */
    public static final class Forbidden extends ServiceException {
        public Forbidden(String message) {
            super(message);
        }
    }
}
