package io.metaline.server.service;

import io.metaline.server.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's services wired from one {@link ServerConfig}.
 *
 * <p>Lifecycle: {@link #open} creates the data directory, opens the connection pool, runs the database migrations
 * and marks training jobs a crash left QUEUED or RUNNING as FAILED ("interrupted by a server restart"); studies
 * are loaded lazily on first use. {@link #close} stops the training pool (unfinished jobs are marked FAILED) and
 * closes the pool; the services must not be used afterwards.
 *
 * <p>Thread-safe: the services may be called from any number of threads. Durability: every mutation is committed
 * before its method returns.
 *
 * <pre>{@code
 * try (MetaLineServices s = MetaLineServices.open(ServerConfig.embedded(Path.of("data")))) {
 *     IssuedToken admin = s.tokens().issue(Role.ADMIN, "plant-1", "first admin");
 *     Principal who = s.tokens().authenticate(admin.secret()).orElseThrow();
 *     StudyInfo st = s.studies().create(who, spec, null);
 * }
 * }</pre>
 */
public final class MetaLineServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetaLineServices.class);

    private final ServerConfig config;
    private final Database db;
    private final TokenService tokens;
    private final DatasetService datasets;
    private final ModelService models;
    private final StudyService studies;
    private final LineService lines;

    private MetaLineServices(ServerConfig config, Database db) {
        this.config = config;
        this.db = db;
        this.tokens = new TokenService(db);
        this.datasets = new DatasetService(db);
        this.models = new ModelService(db, datasets, config.dataDir().resolve("tmp"), config.trainingThreads());
        this.studies = new StudyService(db, models);
        this.lines = new LineService(db);
    }

    /** Opens the services: migrates the database and recovers interrupted training jobs. */
    public static MetaLineServices open(ServerConfig config) {
        try {
            Files.createDirectories(config.dataDir().resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir() + ": " + e.getMessage(), e);
        }
        Database db = Database.open(config.jdbcUrl(), config.dbUser(), config.dbPassword(), 10);
        MetaLineServices s = new MetaLineServices(config, db);
        int failed = s.models.recoverInterrupted();
        if (failed > 0) LOG.warn("{} training job(s) interrupted by the last shutdown were marked failed", failed);
        return s;
    }

    public ServerConfig config() {
        return config;
    }

    public Tokens tokens() {
        return tokens;
    }

    public Datasets datasets() {
        return datasets;
    }

    public Models models() {
        return models;
    }

    public Studies studies() {
        return studies;
    }

    public Lines lines() {
        return lines;
    }

    /** True when the database answers within a second. */
    public boolean healthy() {
        return db.ping(1);
    }

    @Override
    public void close() {
        try {
            studies.close();
            models.close();
        } finally {
            db.close();
        }
    }
}
