package io.metaline.server.service;

import java.nio.file.Path;

/** The service contract on the embedded H2 file database (PostgreSQL mode). */
class H2ServiceTest extends ServiceContractTest {
    @Override
    ServerConfig freshConfig(Path dataDir) {
        return ServerConfig.embedded(dataDir);
    }
}
