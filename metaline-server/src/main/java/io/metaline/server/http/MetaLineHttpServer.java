package io.metaline.server.http;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.metaline.server.service.MetaLineServices;
import io.metaline.server.service.ServerConfig;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MetaLine HTTP server: the REST API under {@code /api/v1}, {@code /health}, {@code /metrics},
 * {@code /openapi.json}, {@code /docs}, the event stream, webjars, and the dashboard's static files from the
 * classpath folder {@code dashboard} (served at {@code /} when present).
 *
 * <p>Lifecycle: {@link #start} opens (or takes) the services and listens; {@link #stop} ends event streams, stops
 * listening and closes the services if it opened them. Port 0 picks a free port ({@link #port()} tells which).
 * Thread-safe.
 */
public final class MetaLineHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetaLineHttpServer.class);
    /** Comment interval of the event stream, so that gone clients are noticed. */
    static final long HEARTBEAT_MILLIS = 10_000;
    /**
     * How long a connection may sit without I/O. Jetty's default (30 s) cut off asks that took longer on a
     * saturated machine (the model is refitted on every ask), so the client saw the connection close without answer.
     */
    static final long IDLE_TIMEOUT_MILLIS = 300_000;

    private final Javalin app;
    private final MetaLineServices services;
    private final boolean ownsServices;
    private final HttpMetrics metrics;
    private final EventStream events;
    private final String host;
    private volatile boolean stopped;

    private MetaLineHttpServer(Javalin app, MetaLineServices services, boolean ownsServices, HttpMetrics metrics,
                               EventStream events, String host) {
        this.app = app;
        this.services = services;
        this.ownsServices = ownsServices;
        this.metrics = metrics;
        this.events = events;
        this.host = host;
    }

    /** Opens the services of {@code config} (running migrations) and serves them on host:port; stop closes them. */
    public static MetaLineHttpServer start(ServerConfig config, String host, int port) {
        return start(config, HttpLimits.DEFAULT, host, port);
    }

    public static MetaLineHttpServer start(ServerConfig config, HttpLimits limits, String host, int port) {
        MetaLineServices services = MetaLineServices.open(config);
        try {
            return start(services, true, limits, host, port);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** Serves services the caller opened and will close. */
    public static MetaLineHttpServer start(MetaLineServices services, HttpLimits limits, String host, int port) {
        return start(services, false, limits, host, port);
    }

    private static MetaLineHttpServer start(MetaLineServices services, boolean owns, HttpLimits limits, String host, int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        HttpMetrics metrics = new HttpMetrics(services);
        EventStream events = new EventStream(services.studies(), HEARTBEAT_MILLIS);
        ApiRoutes routes = new ApiRoutes(services, limits, metrics, events);
        Authentication auth = new Authentication(services.tokens());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = Math.max(limits.jsonBytes(), limits.csvBytes());
            config.jsonMapper(new ApiJson());
            config.staticFiles.enableWebjars();
            if (MetaLineHttpServer.class.getClassLoader().getResource("dashboard") != null) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = "/dashboard";
                    files.location = Location.CLASSPATH;
                });
            }
            config.requestLogger.http(metrics::record);
            config.routes.beforeMatched(auth::check);
            routes.register(config.routes);
            ErrorMapping.register(config.routes);
        });
        try {
            app.start(host, port);
            for (org.eclipse.jetty.server.Connector c : app.jettyServer().server().getConnectors()) {
                if (c instanceof org.eclipse.jetty.server.AbstractConnector connector) connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
            }
        } catch (RuntimeException e) {
            events.close();
            metrics.close();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + t.getMessage()
                            + "); choose another port, or 0 for a free one", e);
                }
            }
            throw e;
        }
        MetaLineHttpServer server = new MetaLineHttpServer(app, services, owns, metrics, events, host);
        LOG.info("MetaLine server listening on {}", server.uri());
        return server;
    }

    /** The port actually listened on. */
    public int port() {
        return app.port();
    }

    public String host() {
        return host;
    }

    /** {@code http://host:port} (IPv6 hosts in brackets). */
    public URI uri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port());
    }

    /** The idle timeout of the listening connectors, in milliseconds. */
    long idleTimeoutMillis() {
        long min = Long.MAX_VALUE;
        for (org.eclipse.jetty.server.Connector c : app.jettyServer().server().getConnectors()) min = Math.min(min, c.getIdleTimeout());
        return min;
    }

    public MetaLineServices services() {
        return services;
    }

    /** Stops listening and releases everything; harmless to call twice. */
    public synchronized void stop() {
        if (stopped) return;
        stopped = true;
        events.close();
        app.stop();
        metrics.close();
        if (ownsServices) services.close();
        LOG.info("MetaLine server stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
