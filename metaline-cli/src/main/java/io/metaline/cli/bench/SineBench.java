package io.metaline.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.nn.Mlp;
import io.metaline.meta.Algorithms;
import io.metaline.meta.Evaluator;
import io.metaline.meta.GradOrder;
import io.metaline.meta.MetaLearner;
import io.metaline.meta.MetaTrainer;
import io.metaline.meta.Stat;
import io.metaline.meta.Task;
import io.metaline.meta.TaskLoss;
import io.metaline.meta.TaskRunner;
import io.metaline.meta.TrainerConfig;
import io.metaline.meta.TrainingListener;
import io.metaline.meta.tasks.SineTasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BENCHMARKS.md section 2, the MAML paper's sine-regression protocol: for each K, meta-train one model per
 * algorithm (net 1-40-40-1 ReLU, inner SGD alpha 0.01 with one step, Adam 1e-3, 25 tasks per batch, K support and
 * K query points per training task), then adapt to 600 new tasks from K points and report the MSE on 100 query
 * points after 1 and 10 steps, mean +/- 1.96 sd / sqrt(600), diverged tasks counted apart.
 */
public final class SineBench {
    public static final List<String> ALGORITHMS = List.of("maml", "fomaml", "reptile", "metasgd", "anil", "pretrained");
    static final double INNER_LR = 0.01;
    static final int EVAL_TASKS = 600, EVAL_QUERY = 100;
    static final long EVAL_SEED = 20_170_301L;

    /**
     * Settings of a run.
     *
     * @param cells folder keeping each finished (algorithm, K) result, so an interrupted run continues where it
     *              stopped; null to keep nothing
     */
    public record Settings(List<Integer> ks, List<String> algorithms, int iterations, int threads, long seed, Path cells) {
        public Settings(List<Integer> ks, List<String> algorithms, int iterations, int threads, long seed) {
            this(ks, algorithms, iterations, threads, seed, null);
        }
    }

    /** Figures for one algorithm at one K. */
    public record Cell(Stat step1, Stat step10, double trainSeconds, GradOrder order) {}

    /** Per-algorithm, per-K training progress, for a progress bar. */
    public interface Progress {
        void start(String algorithm, int k, int iterations);

        void step();
    }

    private final Settings settings;

    public SineBench(Settings settings) {
        for (String a : settings.algorithms()) {
            if (!ALGORITHMS.contains(a)) {
                throw new IllegalArgumentException("bench sine: unknown algorithm '" + a + "'; known: " + ALGORITHMS);
            }
        }
        this.settings = settings;
    }

    /** The 600 evaluation tasks for K: K support points and 100 query points each, the same for every algorithm. */
    static List<Task> evaluationTasks(int k) {
        Rng rng = new Rng(EVAL_SEED).split(k);
        List<Task> tasks = new ArrayList<>(EVAL_TASKS);
        for (int i = 0; i < EVAL_TASKS; i++) {
            double amplitude = rng.uniform(SineTasks.MIN_AMPLITUDE, SineTasks.MAX_AMPLITUDE);
            double phase = rng.uniform(0.0, SineTasks.MAX_PHASE);
            tasks.add(new Task("eval " + i, SineTasks.points(rng, amplitude, phase, k),
                    SineTasks.points(rng, amplitude, phase, EVAL_QUERY)));
        }
        return tasks;
    }

    /**
     * Reptile takes {@value #REPTILE_STEPS} inner steps: with one step its update is the joint-training gradient
     * (Nichol et al. 2018, section 5), which would make it the pretrained baseline again.
     */
    static final int REPTILE_STEPS = 5;

    /** The evaluation tasks of each K as plain arrays: {@code {"10": [{"xs": [...], "ys": [...], "xq": [...], "yq": [...]}, ...]}}. */
    public static Map<String, List<Map<String, double[]>>> evaluationTasksJson(List<Integer> ks) {
        Map<String, List<Map<String, double[]>>> out = new LinkedHashMap<>();
        for (int k : ks) {
            List<Map<String, double[]>> tasks = new ArrayList<>();
            for (Task t : evaluationTasks(k)) {
                tasks.add(Map.of("xs", t.support().x().toArray(), "ys", t.support().y().toArray(),
                        "xq", t.query().x().toArray(), "yq", t.query().y().toArray()));
            }
            out.put(Integer.toString(k), tasks);
        }
        return out;
    }

    static MetaLearner learner(String algorithm) {
        int steps = algorithm.equals("reptile") ? REPTILE_STEPS : 1;
        return Algorithms.create(algorithm, Mlp.of(1, 40, 40, 1), TaskLoss.MSE, INNER_LR, steps);
    }

    static TrainerConfig config(String algorithm, int iterations, int threads) {
        return TrainerConfig.defaults(iterations).withThreads(threads).withOrder(Algorithms.defaultOrder(algorithm));
    }

    /** Results keyed by algorithm, then by K. */
    public Map<String, Map<Integer, Cell>> run(Progress progress) {
        Map<String, Map<Integer, Cell>> out = new LinkedHashMap<>();
        try (TaskRunner runner = new TaskRunner(settings.threads())) {
            for (int k : settings.ks()) {
                List<Task> eval = evaluationTasks(k);
                for (String algorithm : settings.algorithms()) {
                    Path kept = keptCell(settings.cells(), algorithm, k, settings.iterations(), settings.seed());
                    if (kept != null && Files.exists(kept)) {
                        out.computeIfAbsent(algorithm, a -> new LinkedHashMap<>()).put(k, readCell(kept));
                        progress.start(algorithm, k, settings.iterations());
                        for (int i = 0; i < settings.iterations(); i++) progress.step();
                        continue;
                    }
                    MetaLearner learner = learner(algorithm);
                    TrainerConfig cfg = config(algorithm, settings.iterations(), settings.threads());
                    progress.start(algorithm, k, settings.iterations());
                    MetaTrainer.Result r = new MetaTrainer(learner, new SineTasks(k, k), List.of(), cfg)
                            .train(settings.seed(), new TrainingListener() {
                                @Override
                                public void onIteration(int iteration, int total, double loss) {
                                    progress.step();
                                }
                            });
                    Map<Integer, Stat> stats = Evaluator.queryLoss(learner, r.meta(), eval, new int[] {1, 10}, runner);
                    Cell cell = new Cell(stats.get(1), stats.get(10), r.seconds(), r.state().order());
                    out.computeIfAbsent(algorithm, a -> new LinkedHashMap<>()).put(k, cell);
                    if (kept != null) writeCell(kept, cell);
                    lastModels.put(algorithm + "@" + k, r.meta());
                }
            }
        }
        return out;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a finished model's figures are kept in {@code cells}, or null when {@code cells} is null. */
    public static Path keptCell(Path cells, String name, int k, int iterations, long seed) {
        return cells == null ? null : cells.resolve(String.format(Locale.ROOT, "%s-k%d-it%d-seed%d.json", name, k, iterations, seed));
    }

    /** Written to a temporary file and moved into place, so a run killed mid-write leaves no half cell. */
    public static void writeCell(Path file, Cell cell) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), cell);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("bench sine: cannot keep the result in " + file + ": " + e.getMessage(), e);
        }
    }

    public static Cell readCell(Path file) {
        try {
            return JSON.readValue(file.toFile(), Cell.class);
        } catch (IOException e) {
            throw new UncheckedIOException("bench sine: " + file + " is not a kept result (" + e.getMessage()
                    + "); delete it to rerun that model", e);
        }
    }

    private final Map<String, Params> lastModels = new LinkedHashMap<>();

    /** The trained meta-parameters of the last run, keyed "algorithm@K". */
    public Map<String, Params> models() {
        return lastModels;
    }
}
