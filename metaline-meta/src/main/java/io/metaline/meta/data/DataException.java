package io.metaline.meta.data;

/**
 * A problem with input data (a file that cannot be read, a malformed row, an unknown column, too few tasks...). The
 * message is written for the user and says what is wrong and where: file, column, 1-based data row and file line.
 * It is an {@link IllegalArgumentException} so that callers treating bad arguments generally need nothing extra.
 */
public class DataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
