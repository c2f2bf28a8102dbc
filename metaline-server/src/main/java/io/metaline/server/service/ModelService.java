package io.metaline.server.service;

import static io.metaline.server.store.Database.instant;
import static io.metaline.server.store.Database.prepare;
import static io.metaline.server.store.Database.update;

import io.metaline.meta.Algorithms;
import io.metaline.meta.TrainingListener;
import io.metaline.meta.data.CsvTable;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Surrogate;
import io.metaline.optimize.transfer.History;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.optimize.transfer.MetaSurrogate;
import io.metaline.optimize.transfer.SourceTask;
import io.metaline.server.store.Database;
import io.metaline.server.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry and its training jobs.
 *
 * <p>{@link #train} validates the request against the dataset, commits a QUEUED row with the next version of
 * (site, dataset name) and hands the job to a fixed pool of {@code trainingThreads} threads. A job builds a search
 * space from the dataset (each input bounded by its minimum and maximum), groups the rows into source tasks by the
 * task column, meta-trains a {@link MetaPrior} with one worker thread (deterministic: same request and seed, same
 * bytes), writes progress and the learning curve at most twice a second, and commits SUCCEEDED with the artefact,
 * its SHA-256 and the held-out error table, or FAILED with the error. Jobs a crash or shutdown interrupted are
 * marked FAILED; none is left RUNNING.
 */
final class ModelService implements Models, StudyService.PriorSource {
    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);
    static final int DEFAULT_ITERATIONS = 2000;
    static final int MAX_ITERATIONS = 200_000;
    static final String INTERRUPTED = "interrupted by a server restart";
    static final String SHUT_DOWN = "interrupted by a server shutdown";
    /** Hidden widths, inner steps, inner rate, meta-batch and support of the served priors: small, so jobs take seconds. */
    static final List<Integer> HIDDEN = List.of(32, 32);
    static final int INNER_STEPS = 3, META_BATCH = 8, MAX_SUPPORT = 12;
    static final double INNER_LR = 0.05;
    private static final long PROGRESS_EVERY_MS = 500;

    /** What a model was trained with, stored as JSON. */
    record Config(List<String> inputs, List<String> outputs, String algorithm, long seed, int iterations, double[] lower,
                  double[] upper, String taskColumn, String objective, List<OutcomeConstraint> limits) {
        Config {
            limits = limits == null ? List.of() : List.copyOf(limits); // rows written before limits existed have none
        }
    }

    private final Database db;
    private final DatasetService datasets;
    private final Path tmpDir;
    private final ExecutorService pool;
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final Map<String, MetaPrior> priors = new ConcurrentHashMap<>();
    private volatile boolean closing;

    ModelService(Database db, DatasetService datasets, Path tmpDir, int threads) {
        this.db = db;
        this.datasets = datasets;
        this.tmpDir = tmpDir;
        int[] n = {0};
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "metaline-training-" + (++n[0]));
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1); // requests first
            return t;
        });
    }

    /** Marks jobs that a crash left QUEUED or RUNNING as FAILED; returns how many. Called once at startup. */
    int recoverInterrupted() {
        return db.inTransaction(c -> update(c, "update models set status = 'FAILED', error = ?, finished = ? where status in ('QUEUED', 'RUNNING')",
                INTERRUPTED, Database.now()));
    }

    // ---------------------------------------------------------------- requests

    @Override
    public ModelInfo train(Principal who, TrainRequest r) {
        if (r == null) throw new ServiceException.BadInput("request", "a training request is required");
        if (r.datasetId() == null || r.datasetId().isBlank()) throw new ServiceException.BadInput("datasetId", "is required");
        DatasetInfo ds = datasets.get(who, r.datasetId());
        if (r.inputs().isEmpty()) throw new ServiceException.BadInput("inputs", "at least one input column is required");
        if (r.outputs().isEmpty()) throw new ServiceException.BadInput("outputs", "at least one output column is required");
        checkColumns("inputs", r.inputs(), ds);
        checkColumns("outputs", r.outputs(), ds);
        for (String o : r.outputs()) {
            if (r.inputs().contains(o)) throw new ServiceException.BadInput("outputs", "'" + o + "' is also an input");
        }
        String algorithm = r.algorithm() == null || r.algorithm().isBlank() ? "maml" : r.algorithm().trim().toLowerCase(java.util.Locale.ROOT);
        if (!Algorithms.NAMES.contains(algorithm) || algorithm.equals("protonet")) {
            List<String> ok = Algorithms.NAMES.stream().filter(a -> !a.equals("protonet")).toList();
            throw new ServiceException.BadInput("algorithm", "unknown or unsuitable for regression: '" + r.algorithm() + "'; expected one of " + ok);
        }
        int iterations = r.iterations() == null ? DEFAULT_ITERATIONS : r.iterations();
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new ServiceException.BadInput("iterations", "must be between 1 and " + MAX_ITERATIONS + ", got " + iterations);
        }
        checkLimits(r);
        CsvTable table = DatasetService.parse(ds.taskColumn(), datasets.csv(who, ds.id())).table();
        double[] lower = new double[r.inputs().size()], upper = new double[r.inputs().size()];
        for (int k = 0; k < lower.length; k++) {
            double[] v = table.doubles(r.inputs().get(k));
            lower[k] = java.util.Arrays.stream(v).min().orElseThrow();
            upper[k] = java.util.Arrays.stream(v).max().orElseThrow();
            if (!(lower[k] < upper[k])) {
                throw new ServiceException.BadInput("inputs", "column '" + r.inputs().get(k) + "' is constant (" + lower[k]
                        + ") in the dataset; an input must vary");
            }
        }
        Map<String, Integer> runs = new LinkedHashMap<>();
        for (String t : table.strings(ds.taskColumn())) runs.merge(t, 1, Integer::sum);
        for (Map.Entry<String, Integer> e : runs.entrySet()) {
            if (e.getValue() < 2) {
                throw new ServiceException.BadInput("datasetId", "task '" + e.getKey() + "' has " + e.getValue()
                        + " run; every task needs at least 2 runs to train on");
            }
        }
        Config config = new Config(r.inputs(), r.outputs(), algorithm, r.seed(), iterations, lower, upper, ds.taskColumn(),
                r.objective(), r.limits());
        String id = Ids.next("m");
        Instant now = Database.now();
        int version = insert(who, ds, id, config, now);
        active.add(id);
        try {
            pool.execute(() -> run(id, ds.id(), who.site(), config));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            active.remove(id);
            markFailed(id, SHUT_DOWN);
            throw new ServiceException.Conflict("the server is shutting down; no training job was started");
        }
        return new ModelInfo(id, who.site(), ds.name(), version, ds.id(), config.inputs(), config.outputs(), config.objective(),
                config.limits(), algorithm, r.seed(),
                JobStatus.QUEUED, 0, Map.of(), List.of(), null, who.tokenId(), now, null, null);
    }

    /** Inserts the QUEUED row with the next version of (site, name); retries when a concurrent train took it. */
    private int insert(Principal who, DatasetInfo ds, String id, Config config, Instant now) {
        for (int attempt = 0; ; attempt++) {
            try {
                return db.inTransaction(c -> {
                    int version;
                    try (PreparedStatement ps = prepare(c, "select coalesce(max(version), 0) + 1 from models where site = ? and name = ?",
                            who.site(), ds.name()); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        version = rs.getInt(1);
                    }
                    update(c, "insert into models (id, site, name, version, dataset_id, config_json, status, progress, created_by, created)"
                                    + " values (?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?)", id, who.site(), ds.name(), version, ds.id(),
                            Json.write(config), who.tokenId(), now);
                    return version;
                });
            } catch (StoreException e) {
                if (attempt >= 5 || !Database.isUniqueViolation(e)) throw e;
            }
        }
    }

    /** An objective and limits, if given, name outputs: the objective one, each limit another. */
    private static void checkLimits(TrainRequest r) {
        if (r.objective() != null && !r.outputs().contains(r.objective())) {
            throw new ServiceException.BadInput("objective", "'" + r.objective() + "' is not one of the outputs " + r.outputs());
        }
        if (r.limits().isEmpty()) return;
        if (r.objective() == null) {
            throw new ServiceException.BadInput("objective", "is required with constraints: the output the limited ones bear on");
        }
        for (OutcomeConstraint c : r.limits()) {
            if (!r.outputs().contains(c.outcome()) || c.outcome().equals(r.objective())) {
                throw new ServiceException.BadInput("constraints", "a limit on '" + c.outcome() + "', which is not one of the outputs "
                        + r.outputs() + " other than the objective '" + r.objective() + "'");
            }
        }
    }

    private static void checkColumns(String field, List<String> names, DatasetInfo ds) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n == null || !ds.columns().contains(n)) {
                throw new ServiceException.BadInput(field, "no numeric column '" + n + "' in dataset " + ds.id() + "; its columns are " + ds.columns());
            }
            if (!seen.add(n)) throw new ServiceException.BadInput(field, "'" + n + "' is listed twice");
        }
    }

    @Override
    public ModelInfo get(Principal who, String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select " + COLUMNS + " from models where id = ? and site = ?", id, who.site());
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ServiceException.NotFound("model", id);
                return read(rs);
            }
        });
    }

    @Override
    public List<ModelInfo> list(Principal who) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select " + COLUMNS + " from models where site = ? order by created, id", who.site());
                 ResultSet rs = ps.executeQuery()) {
                List<ModelInfo> out = new ArrayList<>();
                while (rs.next()) out.add(read(rs));
                return out;
            }
        });
    }

    @Override
    public byte[] artefact(Principal who, String id) {
        return artefact(who.site(), id);
    }

    private byte[] artefact(String site, String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select status, artefact, checksum from models where id = ? and site = ?", id, site);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ServiceException.NotFound("model", id);
                if (!"SUCCEEDED".equals(rs.getString(1))) {
                    throw new ServiceException.Conflict("model " + id + " is " + rs.getString(1).toLowerCase(java.util.Locale.ROOT)
                            + "; only a model whose training succeeded can be used");
                }
                byte[] bytes = Base64.getDecoder().decode(rs.getString(2));
                if (!sha256(bytes).equals(rs.getString(3))) throw new IllegalStateException("model " + id + ": stored artefact fails its checksum");
                return bytes;
            }
        });
    }

    @Override
    public ModelInfo await(Principal who, String id, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            ModelInfo m = get(who, id);
            if (m.status() == JobStatus.SUCCEEDED || m.status() == JobStatus.FAILED || System.nanoTime() > end) return m;
            Thread.sleep(50);
        }
    }

    // ---------------------------------------------------------------- priors for studies

    @Override
    public Surrogate surrogate(String site, String modelId, StudySpec spec) {
        Config config = db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select config_json from models where id = ? and site = ?", modelId, site);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ServiceException.NotFound("model", modelId);
                return Json.read(rs.getString(1), Config.class);
            }
        });
        SearchSpace space = spec.space();
        // The model's inputs are the study's parameters followed by its context variables (product or material
        // properties the line reports), in the study's order: each is one coordinate of the encoded point.
        List<String> studyInputs = new ArrayList<>(space.names());
        space.context().forEach(c -> studyInputs.add(c.name()));
        if (!studyInputs.equals(config.inputs())) {
            throw new ServiceException.BadInput("parameters", "prior model " + modelId + " was trained on inputs " + config.inputs()
                    + "; the study's parameters and context variables are " + studyInputs
                    + " (the same names in the same order are required: parameters first, then context)");
        }
        for (ParameterSpec p : space.parameters()) {
            if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
                throw new ServiceException.BadInput("parameters", "parameter '" + p.name() + "' is categorical; a prior model takes numeric inputs only");
            }
        }
        for (String o : spec.outcomes()) {
            if (!config.outputs().contains(o)) {
                throw new ServiceException.BadInput("objective", "prior model " + modelId + " predicts " + config.outputs()
                        + " but the study needs outcome '" + o + "'");
            }
        }
        MetaPrior prior = priors.computeIfAbsent(modelId, id -> load(site, id));
        Surrogate meta = new MetaSurrogate(prior);
        int n = studyInputs.size(), params = space.size();
        double[] lo = new double[n], hi = new double[n];
        boolean same = true;
        for (int k = 0; k < n; k++) {
            lo[k] = k < params ? space.parameters().get(k).lower() : space.context().get(k - params).lower();
            hi[k] = k < params ? space.parameters().get(k).upper() : space.context().get(k - params).upper();
            same &= lo[k] == config.lower()[k] && hi[k] == config.upper()[k];
        }
        return same ? meta : new RescaledSurrogate(meta, lo, hi, config.lower(), config.upper());
    }

    private MetaPrior load(String site, String id) {
        byte[] bytes = artefact(site, id);
        try {
            Path f = Files.createTempFile(tmpDir, "prior-", ".mlt");
            try {
                Files.write(f, bytes);
                return MetaPrior.load(f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new IllegalStateException("model " + id + ": cannot read its artefact: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- the job

    private void run(String id, String datasetId, String site, Config config) {
        try {
            if (closing) return;
            db.inTransaction(c -> update(c, "update models set status = 'RUNNING' where id = ? and status = 'QUEUED'", id));
            long start = System.nanoTime();
            String csv = db.inTransaction(c -> {
                try (PreparedStatement ps = prepare(c, "select csv from datasets where id = ?", datasetId); ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("dataset " + datasetId + " is gone");
                    return rs.getString(1);
                }
            });
            CsvTable table = CsvTable.parse(csv);
            List<ParameterSpec> params = new ArrayList<>();
            for (int k = 0; k < config.inputs().size(); k++) {
                params.add(ParameterSpec.continuous(config.inputs().get(k), "", config.lower()[k], config.upper()[k], Double.POSITIVE_INFINITY));
            }
            List<SourceTask> sources = History.fromTable(table, config.taskColumn(), new SearchSpace(params, List.of()), config.outputs());
            MetaPrior.Config mc = new MetaPrior.Config(config.algorithm(), HIDDEN, INNER_STEPS, INNER_LR, config.iterations(),
                    META_BATCH, MAX_SUPPORT, 1);
            Progress progress = new Progress(id, config.iterations(), config.outputs().size() + (config.limits().isEmpty() ? 0 : 1));
            MetaPrior prior = MetaPrior.train(sources, config.outputs(), mc, config.seed(), progress);
            if (!config.limits().isEmpty()) {
                prior = prior.withObjectiveOverOutcomes(sources, config.objective(), config.limits(), config.seed(), progress);
            }
            Path f = Files.createTempFile(tmpDir, "model-", ".mlt");
            byte[] bytes;
            try {
                prior.save(f);
                bytes = Files.readAllBytes(f);
            } finally {
                Files.deleteIfExists(f);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String o : config.outputs()) {
                MetaPrior.OutcomePrior p = prior.outcome(o);
                for (int k : new int[] {1, 3, 5, 10}) if (k <= MAX_SUPPORT) metrics.put(o + ".heldout_rmse_k" + k, p.error(k));
                metrics.put(o + ".std", p.std());
            }
            if (prior.overOutcomes() != null) {
                MetaPrior.OutcomePrior p = prior.overOutcomes().prior().outcome(config.objective());
                metrics.put(config.objective() + ".over_limited_outputs.heldout_rmse", p.error(1));
            }
            metrics.put("source_tasks", (double) sources.size());
            metrics.put("train_seconds", (System.nanoTime() - start) / 1e9);
            String curve = Json.write(progress.curve());
            db.inTransaction(c -> update(c, "update models set status = 'SUCCEEDED', progress = 1, metrics_json = ?, curve_json = ?,"
                            + " artefact = ?, checksum = ?, finished = ?, error = null where id = ?", Json.write(metrics), curve,
                    Base64.getEncoder().encodeToString(bytes), sha256(bytes), Database.now(), id));
            LOG.info("model {} of site {} trained in {} s", id, site, String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        } catch (Shutdown e) {
            markFailed(id, SHUT_DOWN);
        } catch (Throwable e) {
            if (closing) {
                markFailed(id, SHUT_DOWN);
                return;
            }
            LOG.warn("training model {} failed", id, e);
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            markFailed(id, msg.startsWith("input: ") ? msg.substring(7) : msg);
        } finally {
            active.remove(id);
        }
    }

    private void markFailed(String id, String error) {
        try {
            db.inTransaction(c -> update(c, "update models set status = 'FAILED', error = ?, finished = ? where id = ? and status in ('QUEUED', 'RUNNING')",
                    error, Database.now(), id));
        } catch (RuntimeException e) {
            LOG.warn("could not mark model {} failed: {}", id, e.toString());
        }
    }

    /** Thrown from the training listener to stop a job when the server shuts down. */
    private static final class Shutdown extends RuntimeException {
        Shutdown() {
            super("server shutting down", null, false, false);
        }
    }

    /** Collects the learning curve and writes progress at most every {@value #PROGRESS_EVERY_MS} ms. */
    private final class Progress implements TrainingListener {
        private final String id;
        private final int perOutcome, outcomes, stride;
        private final List<double[]> curve = new ArrayList<>();
        private int outcome, last;
        private long lastWrite = System.nanoTime();

        Progress(String id, int perOutcome, int outcomes) {
            this.id = id;
            this.perOutcome = perOutcome;
            this.outcomes = outcomes;
            this.stride = Math.max(1, perOutcome * outcomes / 200);
        }

        @Override
        public void onIteration(int iteration, int total, double trainLoss) {
            if (closing) throw new Shutdown();
            if (iteration < last) outcome++; // the next outcome's network starts
            last = iteration;
            int global = outcome * perOutcome + iteration;
            if (global % stride == 0 || iteration == total) curve.add(new double[] {global, trainLoss});
            long now = System.nanoTime();
            if (now - lastWrite >= PROGRESS_EVERY_MS * 1_000_000L) {
                lastWrite = now;
                double p = Math.min(0.99, (double) global / ((double) perOutcome * outcomes));
                String json = Json.write(curve);
                db.inTransaction(c -> update(c, "update models set progress = ?, curve_json = ? where id = ? and status = 'RUNNING'", p, json, id));
            }
        }

        List<double[]> curve() {
            return curve;
        }
    }

    /** Stops accepting jobs, stops running ones at their next iteration and marks what did not finish FAILED. */
    void close() {
        closing = true;
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(20, TimeUnit.SECONDS)) LOG.warn("training threads did not stop within 20 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String id : active) markFailed(id, SHUT_DOWN);
    }

    // ---------------------------------------------------------------- rows

    private static final String COLUMNS = "id, site, name, version, dataset_id, config_json, status, progress, metrics_json, curve_json,"
            + " checksum, created_by, created, finished, error";

    private static ModelInfo read(ResultSet rs) throws SQLException {
        Config config = Json.read(rs.getString("config_json"), Config.class);
        String metrics = rs.getString("metrics_json"), curve = rs.getString("curve_json");
        Map<String, Double> m = metrics == null ? Map.of() : Json.read(metrics, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Double>>() {});
        List<double[]> lc = curve == null ? List.of() : List.of(Json.read(curve, double[][].class));
        return new ModelInfo(rs.getString("id"), rs.getString("site"), rs.getString("name"), rs.getInt("version"),
                rs.getString("dataset_id"), config.inputs(), config.outputs(), config.objective(), config.limits(),
                config.algorithm(), config.seed(),
                JobStatus.valueOf(rs.getString("status")), rs.getDouble("progress"), m, lc, rs.getString("checksum"),
                rs.getString("created_by"), instant(rs, "created"), instant(rs, "finished"), rs.getString("error"));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
