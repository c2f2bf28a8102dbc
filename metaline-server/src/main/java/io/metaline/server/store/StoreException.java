package io.metaline.server.store;

import java.sql.SQLException;

/** A database failure (connection lost, constraint violated, ...): a server error, never the caller's fault. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("database error: " + cause.getMessage(), cause);
    }

    public SQLException sqlException() {
        return (SQLException) getCause();
    }
}
