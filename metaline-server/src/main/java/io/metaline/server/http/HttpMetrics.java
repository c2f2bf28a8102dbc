package io.metaline.server.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.metaline.server.service.JobStatus;
import io.metaline.server.service.MetaLineServices;
import io.metaline.server.service.ModelInfo;
import io.metaline.server.service.Principal;
import io.metaline.server.service.Role;
import io.metaline.server.service.StudyEvent;
import io.metaline.server.service.TokenInfo;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's Prometheus metrics: {@code http_server_requests_seconds} (a latency histogram by method, route
 * template and status), {@code metaline_study_events_total} by kind (asked, told, failed, ... as committed by
 * the services, whoever called them), and, refreshed at each scrape, {@code metaline_training_jobs} by status and
 * {@code metaline_studies}, over every site. Thread-safe.
 */
final class HttpMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpMetrics.class);

    /** Upper bounds of the latency histogram's buckets. */
    private static final Duration[] BUCKETS = java.util.stream.LongStream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MetaLineServices services;
    private final Map<JobStatus, AtomicLong> jobs = new EnumMap<>(JobStatus.class);
    private final AtomicLong studies = new AtomicLong();
    private final AutoCloseable subscription;

    HttpMetrics(MetaLineServices services) {
        this.services = services;
        for (JobStatus s : JobStatus.values()) {
            AtomicLong n = new AtomicLong();
            jobs.put(s, n);
            Gauge.builder("metaline.training.jobs", n, AtomicLong::get).description("Training jobs by status")
                    .tag("status", ApiJson.lower(s)).register(registry);
        }
        Gauge.builder("metaline.studies", studies, AtomicLong::get).description("Studies on the server").register(registry);
        for (String kind : new String[] {"created", "asked", "told", "failed", "approved", "rejected"}) events(kind);
        this.subscription = services.studies().subscribe(this::count);
    }

    private Counter events(String kind) {
        return Counter.builder("metaline.study.events").description("Committed study changes by kind (asked = one suggestion)")
                .tag("kind", kind).register(registry);
    }

    private void count(StudyEvent e) {
        events(e.kind()).increment();
    }

    /** Records one finished request (Javalin's request logger calls this with the handling time). */
    void record(Context ctx, float millis) {
        String route;
        Endpoint endpoint = null;
        try {
            endpoint = ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException e) {
            // no endpoint matched (static file or 404)
        }
        if (endpoint != null) route = endpoint.path;
        else route = ctx.statusCode() == 404 ? "unmatched" : "static";
        Timer.builder("http.server.requests").description("HTTP requests by route template and status")
                .tags("method", ctx.method().name(), "route", route, "status", Integer.toString(ctx.statusCode()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition, after refreshing the gauges from the services. */
    String scrape() {
        refresh();
        return registry.scrape();
    }

    private void refresh() {
        try {
            Set<String> sites = new TreeSet<>();
            for (TokenInfo t : services.tokens().list(null)) sites.add(t.site());
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            long studyCount = 0;
            for (String site : sites) {
                Principal reader = new Principal("metrics", site, Role.VIEWER);
                for (ModelInfo m : services.models().list(reader)) counts.merge(m.status(), 1L, Long::sum);
                studyCount += services.studies().list(reader).size();
            }
            for (JobStatus s : JobStatus.values()) jobs.get(s).set(counts.getOrDefault(s, 0L));
            studies.set(studyCount);
        } catch (RuntimeException e) {
            LOG.warn("could not refresh the metrics gauges: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("could not unsubscribe the metrics listener: {}", e.toString());
        }
        registry.close();
    }
}
