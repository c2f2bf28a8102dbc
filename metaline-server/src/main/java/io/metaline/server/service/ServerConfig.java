package io.metaline.server.service;

import java.nio.file.Path;

/**
 * How to open the services: the JDBC URL of H2 or PostgreSQL with its credentials, a data directory for
 * temporary files, and the number of background training threads. Immutable.
 */
public record ServerConfig(String jdbcUrl, String dbUser, String dbPassword, Path dataDir, int trainingThreads) {
    public ServerConfig {
        if (jdbcUrl == null || jdbcUrl.isBlank()) throw new IllegalArgumentException("server config: a JDBC URL is required");
        if (dataDir == null) throw new IllegalArgumentException("server config: a data directory is required");
        if (trainingThreads < 1) throw new IllegalArgumentException("server config: trainingThreads must be >= 1, got " + trainingThreads);
    }

    /**
     * An embedded H2 file database {@code <dataDir>/metaline} in PostgreSQL mode, one training thread.
     * {@code WRITE_DELAY=0} makes H2 write each commit out before the commit returns (by default it may hold
     * commits in memory for up to half a second, which a killed process would lose).
     */
    public static ServerConfig embedded(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        return new ServerConfig("jdbc:h2:file:" + dir.resolve("metaline") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                "sa", "", dir, 1);
    }

    public ServerConfig withTrainingThreads(int n) {
        return new ServerConfig(jdbcUrl, dbUser, dbPassword, dataDir, n);
    }
}
