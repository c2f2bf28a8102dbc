package io.metaline.server.service;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * The service contract on PostgreSQL: {@code METALINE_TEST_PG_URL}, {@code METALINE_TEST_PG_USER},
 * {@code METALINE_TEST_PG_PASSWORD} (defaults: jdbc:postgresql://127.0.0.1:5432/metaline_test, metaline, metaline).
 * Each test runs in a new schema, dropped afterwards. Skipped, with the reason, when the database cannot be reached.
 */
class PostgresServiceTest extends ServiceContractTest {
    static final String URL = env("METALINE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/metaline_test");
    static final String USER = env("METALINE_TEST_PG_USER", "metaline");
    static final String PASSWORD = env("METALINE_TEST_PG_PASSWORD", "metaline");
    private String schema;

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    ServerConfig freshConfig(Path dataDir) {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("create schema " + name);
            schema = name; // dropped after the test
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL is not reachable at " + URL + " as " + USER + " (" + e.getMessage()
                    + "); set METALINE_TEST_PG_URL/USER/PASSWORD or start it (.ci/run does) to run these tests");
        }
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
        return new ServerConfig(url, USER, PASSWORD, dataDir, 1);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema == null) return;
        if (services != null) services.close();
        services = null;
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
