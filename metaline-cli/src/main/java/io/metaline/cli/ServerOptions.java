package io.metaline.cli;

import io.metaline.server.service.ServerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the server keeps its state, shared by {@code serve} and {@code token}: a data directory and, unless
 * {@code --db} names another database, an embedded H2 file database inside it. The embedded database is opened
 * with H2's automatic mixed mode, so that {@code metaline token ...} can run while {@code metaline serve} holds it.
 */
final class ServerOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Server data directory (default: .metaline/server under the MetaLine home).")
    Path dataDir;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Database, e.g. jdbc:postgresql://127.0.0.1:5432/metaline (default: embedded H2 in the data directory).")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (with --db).")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:METALINE_DB_PASSWORD}",
            description = "Database password (with --db; default: the METALINE_DB_PASSWORD environment variable).")
    String dbPassword;

    @Option(names = "--training-threads", paramLabel = "N", defaultValue = "1",
            description = "Background model-training threads (default: ${DEFAULT-VALUE}).")
    int trainingThreads;

    Path dataDirectory() {
        return (dataDir != null ? dataDir : ProjectHome.get().resolve(".metaline/server")).toAbsolutePath().normalize();
    }

    ServerConfig config() {
        if (trainingThreads < 1) throw new IllegalArgumentException("--training-threads must be >= 1, got " + trainingThreads);
        Path dir = dataDirectory();
        if (db == null || db.isBlank()) {
            ServerConfig embedded = ServerConfig.embedded(dir);
            return new ServerConfig(embedded.jdbcUrl() + ";AUTO_SERVER=TRUE", embedded.dbUser(), embedded.dbPassword(), dir, trainingThreads);
        }
        if (!db.startsWith("jdbc:")) throw new IllegalArgumentException("--db: expected a JDBC URL (jdbc:postgresql://... or jdbc:h2:...), got '" + db + "'");
        return new ServerConfig(db, dbUser, dbPassword == null ? "" : dbPassword, dir, trainingThreads);
    }

    /** The database for people: the embedded file, or the URL (which carries no password). */
    String describeDatabase() {
        return db == null || db.isBlank() ? "embedded H2 in " + dataDirectory() : db;
    }
}
