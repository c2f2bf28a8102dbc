package io.metaline.cli;

import io.metaline.server.http.HttpLimits;
import io.metaline.server.http.MetaLineHttpServer;
import io.metaline.server.service.ServerConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metaline serve}: the MetaLine server (REST API, dashboard, metrics) until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the MetaLine server: REST API, dashboard, metrics, until Ctrl-C.",
            "Serves /api/v1 (bearer tokens: create one with `metaline token create`), the",
            "dashboard at /, API documentation at /docs, /health and Prometheus /metrics.",
            "State lives in an embedded H2 database in the data directory, or in PostgreSQL",
            "with --db. Listens on 127.0.0.1 unless --host says otherwise."})
public final class ServeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", order = 1,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", order = 2,
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--max-upload-mib", defaultValue = "50", paramLabel = "MIB", order = 3,
            description = "Largest CSV upload in MiB (default: ${DEFAULT-VALUE}; JSON bodies: 1 MiB).")
    int maxUploadMib;

    @Mixin ServerOptions server;

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, this::run);
    }

    private Integer run() throws Exception {
        MetaLineHttpServer running = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.stop();
            stopped.countDown();
        }, "metaline-serve-shutdown"));
        stopped.await();
        return 0;
    }

    /** Starts the server and prints where it is; the caller stops it. */
    MetaLineHttpServer start() {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
        if (maxUploadMib < 1) throw new IllegalArgumentException("--max-upload-mib must be >= 1, got " + maxUploadMib);
        ServerConfig config = server.config();
        MetaLineHttpServer running = MetaLineHttpServer.start(config,
                new HttpLimits(HttpLimits.DEFAULT.jsonBytes(), maxUploadMib * HttpLimits.MIB), host, port);
        PrintWriter out = spec.commandLine().getOut();
        out.println("MetaLine server at " + running.uri() + "  (API docs: " + running.uri() + "/docs, health: /health, metrics: /metrics)");
        out.println("Database: " + server.describeDatabase());
        if (running.services().tokens().list(null).stream().noneMatch(t -> t.revoked() == null)) {
            out.println("No tokens yet: create one with `metaline token create --role admin --site SITE`"
                    + (server.dataDir != null ? " --data-dir " + server.dataDirectory() : ""));
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        return running;
    }
}
