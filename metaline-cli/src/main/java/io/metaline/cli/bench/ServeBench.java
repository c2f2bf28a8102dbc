package io.metaline.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.cli.optimize.SimStudies;
import io.metaline.engine.Rng;
import io.metaline.optimize.StudySpec;
import io.metaline.server.http.ApiJson;
import io.metaline.server.http.MetaLineHttpServer;
import io.metaline.server.http.StudySpecJson;
import io.metaline.server.service.Role;
import io.metaline.server.service.ServerConfig;
import io.metaline.sim.Families;
import io.metaline.sim.HistoryGenerator;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Load on the server over real HTTP: an embedded server on a loopback port, {@code studies} studies of a
 * simulated process (Gaussian process, expected improvement, hyperparameters on the GP surrogate's refit schedule), driven by
 * {@code clients} concurrent clients that ask, run the settings on the study's simulated task and tell the
 * outcomes, until every study has {@code trials} completed trials. Measures the latency of every ask and tell and
 * the overall request rate; counts every non-2xx answer or failed call as an error, and afterwards checks that
 * every study stored every result told.
 */
public final class ServeBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Unmeasured studies run first, and their trials. */
    public static final int WARM_UP_STUDIES = 4, WARM_UP_TRIALS = 15;

    /**
     * @param family   simulated process family of the studies
     * @param initial  random trials before the model takes over
     * @param runMillis how long on average the line takes to run a suggestion before its client tells the result
     *                  (each run uniform between half and one and a half times it, as lines are not in step); 0 for
     *                  none, so the clients ask again at once and keep the server saturated
     */
    public record Settings(int studies, int trials, int clients, String family, int initial, long seed, long runMillis) {
        public Settings {
            if (studies < 1 || trials < 1 || clients < 1) {
                throw new IllegalArgumentException("bench serve: --studies, --trials and --clients must be >= 1");
            }
            if (runMillis < 0) throw new IllegalArgumentException("bench serve: --run-ms must be >= 0, got " + runMillis);
            if (initial < 0 || initial > trials) throw new IllegalArgumentException("bench serve: initial trials must be in 0..trials");
            Families.byName(family);
        }
    }

    /** What one backend measured; {@code skipped} is the reason when it did not run (then the rest is empty). */
    /**
     * @param cpuMsPerRequest CPU time of the whole process (server, clients and simulated processes together) per
     *                        request while the clients ran: what latency under load is made of, as clients queue for
     *                        the cores
     */
    public record Result(String backend, String skipped, long asks, long tells, int errors, List<String> errorSamples,
                         double seconds, double askP50, double askP99, double tellP50, double tellP99, double requestsPerSecond,
                         double cpuMsPerRequest) {
        public static Result skipped(String backend, String why) {
            return new Result(backend, why, 0, 0, 0, List.of(), 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
    }

    private final Settings settings;

    public ServeBench(Settings settings) {
        this.settings = settings;
    }

    /** Runs the load against a server on {@code jdbcUrl} (null: embedded H2 in a temporary folder). */
    public Result run(String backend, String jdbcUrl, String user, String password, PhaseProgress progress) throws Exception {
        Path dir = Files.createTempDirectory("metaline-bench-serve");
        ServerConfig config = jdbcUrl == null ? ServerConfig.embedded(dir) : new ServerConfig(jdbcUrl, user, password, dir, 1);
        MetaLineHttpServer server = MetaLineHttpServer.start(config, "127.0.0.1", 0);
        try {
            // A fresh site per run keeps a shared database's earlier runs out of the way.
            String site = "bench-" + Long.toHexString(System.nanoTime());
            String token = server.services().tokens().issue(Role.ADMIN, site, "bench serve").secret();
            return drive(backend, server.uri(), token, progress);
        } finally {
            server.stop();
            deleteTree(dir);
        }
    }

    private Result drive(String backend, URI base, String token, PhaseProgress progress) throws Exception {
        ProcessFamily family = Families.byName(settings.family());
        List<ProcessTask> tasks = HistoryGenerator.targetTasks(family, settings.studies(), settings.seed());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Client client = new Client(http, base, token);

        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errorCount = new AtomicInteger();
        Map<String, Map<Integer, Double>> told = new java.util.concurrent.ConcurrentHashMap<>();
        warmUp(client, family, errors, errorCount, told, backend, progress);

        List<String> ids = new ArrayList<>();
        List<StudySpec> specs = new ArrayList<>();
        for (int i = 0; i < settings.studies(); i++) {
            StudySpec spec = SimStudies.studySpec(family, "bench " + (i + 1), false, settings.initial(), List.of(), settings.seed() + i);
            ids.add(create(client, spec));
            specs.add(spec);
        }

        progress.phase(backend, (long) settings.studies() * settings.trials());
        List<Double> askMs = Collections.synchronizedList(new ArrayList<>());
        List<Double> tellMs = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(settings.clients());
        long start = System.nanoTime();
        double cpuStart = processCpuNanos();
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                int first = c;
                runs.add(pool.submit(() -> {
                    for (int s = first; s < settings.studies(); s += settings.clients()) {
                        driveStudy(client, ids.get(s), specs.get(s), tasks.get(s), settings.trials(), settings.runMillis(),
                                new Rng(settings.seed()).split(1000 + s), new Rng(settings.seed()).split(2000 + s), askMs,
                                tellMs, errors, errorCount, told, progress);
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) f.get();
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMs = (processCpuNanos() - cpuStart) / 1e6;

        // Nothing told may be lost: every study holds exactly the results its client told.
        for (int s = 0; s < ids.size(); s++) {
            HttpResponse<String> r = client.call("GET", "/api/v1/studies/" + ids.get(s), null);
            JsonNode view = JSON.readTree(r.body());
            Map<Integer, Double> mine = told.getOrDefault(ids.get(s), Map.of());
            int stored = 0;
            String objective = specs.get(s).objective().outcome();
            for (JsonNode t : view.get("trialList")) {
                Double expected = mine.get(t.get("id").asInt());
                if (expected == null) continue;
                stored++;
                if (!"completed".equals(t.get("status").asText()) || t.get("outcomes").get(objective).asDouble() != expected) {
                    errorCount.incrementAndGet();
                    errors.add("study " + ids.get(s) + " trial " + t.get("id") + " does not hold the result told");
                }
            }
            if (stored != mine.size()) {
                errorCount.incrementAndGet();
                errors.add("study " + ids.get(s) + " holds " + stored + " of " + mine.size() + " results told");
            }
        }
        double[] asks = sorted(askMs), tells = sorted(tellMs);
        return new Result(backend, null, asks.length, tells.length, errorCount.get(), errors.stream().limit(5).toList(), seconds,
                percentile(asks, 50), percentile(asks, 99), percentile(tells, 50), percentile(tells, 99), (asks.length + tells.length) / seconds,
                cpuMs / Math.max(1, asks.length + tells.length));
    }

    private static String create(Client client, StudySpec spec) throws IOException, InterruptedException {
        HttpResponse<String> r = client.call("POST", "/api/v1/studies", ApiJson.write(StudySpecJson.write(spec)));
        if (r.statusCode() != 201) throw new IllegalStateException("could not create a study: " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    /**
     * Drives {@value #WARM_UP_STUDIES} throwaway studies for {@value #WARM_UP_TRIALS} trials each, unmeasured (their
     * errors count): a server that has been running has compiled its hot paths, whereas a fresh JVM interprets its
     * first requests, which would otherwise make the measured tail.
     */
    private void warmUp(Client client, ProcessFamily family, List<String> errors, AtomicInteger errorCount,
                        Map<String, Map<Integer, Double>> told, String backend, PhaseProgress progress) throws Exception {
        progress.phase(backend + " warm-up", (long) WARM_UP_STUDIES * WARM_UP_TRIALS);
        List<ProcessTask> tasks = HistoryGenerator.targetTasks(family, WARM_UP_STUDIES, settings.seed() + 1);
        ExecutorService pool = Executors.newFixedThreadPool(WARM_UP_STUDIES);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < WARM_UP_STUDIES; i++) {
                StudySpec spec = SimStudies.studySpec(family, "warm-up " + (i + 1), false, settings.initial(), List.of(),
                        settings.seed() + 10_000 + i);
                String id = create(client, spec);
                ProcessTask task = tasks.get(i);
                Rng noise = new Rng(settings.seed()).split(3000 + i);
                List<Double> unmeasured = Collections.synchronizedList(new ArrayList<>());
                runs.add(pool.submit(() -> {
                    driveStudy(client, id, spec, task, WARM_UP_TRIALS, 0, noise, null, unmeasured, unmeasured, errors, errorCount,
                            told, progress);
                    return null;
                }));
            }
            for (Future<?> f : runs) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private void driveStudy(Client client, String id, StudySpec spec, ProcessTask task, int trials, long runMillis,
                            Rng noise, Rng runTimes, List<Double> askMs,
                            List<Double> tellMs, List<String> errors, AtomicInteger errorCount,
                            Map<String, Map<Integer, Double>> told, PhaseProgress progress) {
        Map<String, Double> context = task.context();
        String askBody = ApiJson.write(Map.of("count", 1, "context", context));
        Map<Integer, Double> results = told.computeIfAbsent(id, k -> new java.util.concurrent.ConcurrentHashMap<>());
        int completed = 0, attempts = 0;
        while (completed < trials && attempts++ < 2 * trials) {
            try {
                long t0 = System.nanoTime();
                HttpResponse<String> ask = client.call("POST", "/api/v1/studies/" + id + "/ask", askBody);
                askMs.add((System.nanoTime() - t0) / 1e6);
                if (ask.statusCode() != 200) {
                    error(errors, errorCount, "ask " + ask.statusCode() + " " + ask.body());
                    continue;
                }
                JsonNode suggestion = JSON.readTree(ask.body()).get("suggestions").get(0);
                int trial = suggestion.get("trialId").asInt();
                Map<String, Double> settingsMap = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = suggestion.get("parameters").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    settingsMap.put(e.getKey(), e.getValue().asDouble());
                }
                Map<String, Double> outcomes = SimStudies.declared(spec, task.run(settingsMap, noise));
                if (runMillis > 0) Thread.sleep(Math.round(runMillis * runTimes.uniform(0.5, 1.5)));
                long t1 = System.nanoTime();
                HttpResponse<String> tell = client.call("POST", "/api/v1/studies/" + id + "/trials/" + trial,
                        ApiJson.write(Map.of("outcomes", outcomes)));
                tellMs.add((System.nanoTime() - t1) / 1e6);
                if (tell.statusCode() != 200) {
                    error(errors, errorCount, "tell " + tell.statusCode() + " " + tell.body());
                    continue;
                }
                results.put(trial, outcomes.get(spec.objective().outcome()));
                completed++;
                progress.step();
            } catch (IOException | RuntimeException e) {
                error(errors, errorCount, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void error(List<String> errors, AtomicInteger count, String what) {
        count.incrementAndGet();
        if (errors.size() < 20) errors.add(what);
    }

    /** CPU time of this process so far, or NaN where the JVM does not report it. */
    private static double processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : Double.NaN;
    }

    /** Nearest-rank percentile of sorted values (NaN when there are none). */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double[] sorted(List<Double> values) {
        double[] v;
        synchronized (values) {
            v = values.stream().mapToDouble(Double::doubleValue).toArray();
        }
        Arrays.sort(v);
        return v;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }

    /** A bearer-token JSON client of one server. */
    private record Client(HttpClient http, URI base, String token) {
        HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + token)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) b.header("Content-Type", "application/json");
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
