package io.metaline.server.service;

/**
 * The server's services wired from one {@link ServerConfig}. {@link #open} runs the database migrations, marks
 * training jobs a crash interrupted as FAILED and loads nothing else eagerly (studies are loaded on first use).
 * Thread-safe; {@link #close} stops the training pool (running jobs are marked FAILED) and the connection pool.
 */
public final class MetaLineServices implements AutoCloseable {
    private MetaLineServices() {}

    public static MetaLineServices open(ServerConfig config) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Tokens tokens() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Datasets datasets() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Models models() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Studies studies() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Lines lines() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** True when the database answers a trivial query within a second. */
    public boolean healthy() {
        return false;
    }

    @Override
    public void close() {}
}
