package io.metaline.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and migrations of one database. {@link #open} migrates the schema to the latest version.
 *
 * <p>Thread-safe. Every {@link #inTransaction} call runs on its own connection and commits before it returns
 * (H2 is opened with {@code WRITE_DELAY=0}, so a commit has been written out when the call returns and survives a
 * killed process); on an exception it rolls back and rethrows.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final boolean postgres;

    private Database(HikariDataSource pool, boolean postgres) {
        this.pool = pool;
        this.postgres = postgres;
    }

    /**
     * Opens a pool on {@code jdbcUrl} and runs the migrations. An H2 URL without a WRITE_DELAY setting gets
     * {@code WRITE_DELAY=0}: H2's default holds commits in memory for up to 500 ms, and a killed process then
     * loses results it had acknowledged (the crash test shows it).
     */
    public static Database open(String jdbcUrl, String user, String password, int maxConnections) {
        jdbcUrl = durable(jdbcUrl);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(maxConnections);
        hc.setMinimumIdle(1);
        hc.setPoolName("metaline-db");
        hc.setAutoCommit(true);
        hc.setConnectionTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, jdbcUrl.startsWith("jdbc:postgresql:"));
    }

    /** {@code jdbcUrl}, with {@code ;WRITE_DELAY=0} appended for an H2 database that does not set it. */
    public static String durable(String jdbcUrl) {
        boolean h2 = jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:");
        return h2 && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY") ? jdbcUrl + ";WRITE_DELAY=0" : jdbcUrl;
    }

    public DataSource dataSource() {
        return pool;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Work done in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction and commits it; rolls back and rethrows on any exception. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** True when the database answers {@code select 1} within {@code seconds}. */
    public boolean ping(int seconds) {
        try (Connection c = pool.getConnection()) {
            return c.isValid(seconds);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---------------------------------------------------------------- small JDBC helpers

    public static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            else ps.setObject(i + 1, a);
        }
        return ps;
    }

    /** Executes an update and returns the row count. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Whether {@code e} (or a cause) is a unique-key violation (SQLState 23505 in H2 and PostgreSQL). */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) return true;
        }
        return false;
    }

    /** Now, truncated to microseconds so that it reads back unchanged from either database. */
    public static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
