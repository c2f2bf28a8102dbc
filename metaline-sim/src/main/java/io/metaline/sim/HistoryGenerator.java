package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generates the historical data of a family: {@code sourceTasks} tasks with {@code runsPerTask} measured runs each,
 * and fresh target tasks for a benchmark.
 *
 * <p>Settings per task come from {@link Sampling#LATIN_HYPERCUBE} (a design of experiments over the whole box) or
 * {@link Sampling#HABITUAL} (how a line is really run: around an operator's habitual recipe, which is the family's
 * default shifted per task by {@code N(0, 0.1 range)}, each run scattered by {@code N(0, spread range)}, clipped to
 * the bounds; a categorical parameter keeps its default with probability 0.8, else a random level). With
 * {@code safeOnly}, settings that would break a hard limit (on the task as drifted at that run) are redrawn (up to 100 times, then the default, which is
 * safe): operators do not run past safety limits, so by default history has no hard-limit violations. With
 * {@code drift}, run {@code k} of a task is measured on {@code task.drifted(k)}.
 *
 * <p>Determinism: everything derives from {@code seed} through independent {@link Rng#split} streams for source
 * tasks, their settings, their noise, and target tasks; the same seed gives the same tasks and the same CSV bytes,
 * and target tasks never coincide with source tasks of the same seed.
 */
public final class HistoryGenerator {
    private static final long SOURCE_TASKS = 1;
    private static final long SETTINGS = 2;
    private static final long NOISE = 3;
    private static final long TARGET_TASKS = 4;

    /** How settings of historical runs are drawn. */
    public enum Sampling { LATIN_HYPERCUBE, HABITUAL }

    /**
     * @param sourceTasks    number of source tasks, >= 1
     * @param runsPerTask    runs per task, >= 1
     * @param sampling       how settings are drawn
     * @param habitualSpread run-to-run scatter around the habitual recipe, as a fraction of each range (HABITUAL)
     * @param safeOnly       redraw settings that break a hard limit
     * @param drift          measure run {@code k} on the task drifted by {@code k} runs
     */
    public record Config(int sourceTasks, int runsPerTask, Sampling sampling, double habitualSpread, boolean safeOnly,
                         boolean drift) {
        public Config {
            if (sourceTasks < 1) throw new IllegalArgumentException("sourceTasks must be >= 1, got " + sourceTasks);
            if (runsPerTask < 1) throw new IllegalArgumentException("runsPerTask must be >= 1, got " + runsPerTask);
            if (sampling == null) throw new IllegalArgumentException("sampling must not be null");
            if (!(habitualSpread > 0) || habitualSpread > 1) {
                throw new IllegalArgumentException("habitualSpread must be in (0, 1], got " + habitualSpread);
            }
        }

        /** Latin hypercube, spread 0.08 (unused), safe only, with drift. */
        public static Config of(int sourceTasks, int runsPerTask) {
            return new Config(sourceTasks, runsPerTask, Sampling.LATIN_HYPERCUBE, 0.08, true, true);
        }

        /** The same with another sampling. */
        public Config withSampling(Sampling s) {
            return new Config(sourceTasks, runsPerTask, s, habitualSpread, safeOnly, drift);
        }
    }

    private final Config config;

    public HistoryGenerator(Config config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.config = config;
    }

    /** The historical runs of {@code config.sourceTasks()} tasks of {@code family}. */
    public History generate(ProcessFamily family, long seed) {
        List<ProcessTask> tasks = sourceTasks(family, config.sourceTasks(), seed);
        Rng root = new Rng(seed);
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            ProcessTask task = tasks.get(i);
            Rng settingsRng = root.split(SETTINGS).split(i);
            Rng noiseRng = root.split(NOISE).split(i);
            List<double[]> design = design(family, task, settingsRng);
            for (int k = 0; k < design.size(); k++) {
                Map<String, Double> settings = Settings.toMap(family.parameters(), design.get(k));
                ProcessTask measured = config.drift() ? task.drifted(k) : task;
                rows.add(new HistoryRow(task.id(), task.context(), settings, measured.run(settings, noiseRng)));
            }
        }
        return new History(family, tasks, rows);
    }

    /** The source tasks that {@link #generate} uses for {@code seed}. */
    public static List<ProcessTask> sourceTasks(ProcessFamily family, int n, long seed) {
        return tasks(family, n, new Rng(seed).split(SOURCE_TASKS));
    }

    /** Fresh target tasks for {@code seed}, independent of the source tasks of the same seed. */
    public static List<ProcessTask> targetTasks(ProcessFamily family, int n, long seed) {
        return tasks(family, n, new Rng(seed).split(TARGET_TASKS));
    }

    private static List<ProcessTask> tasks(ProcessFamily family, int n, Rng stream) {
        if (n < 0) throw new IllegalArgumentException("number of tasks must be >= 0, got " + n);
        List<ProcessTask> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) tasks.add(family.sampleTask(stream.split(i)));
        return List.copyOf(tasks);
    }

    private List<double[]> design(ProcessFamily family, ProcessTask task, Rng rng) {
        List<Parameter> params = family.parameters();
        int m = config.runsPerTask();
        int dim = params.size();
        List<double[]> points = new ArrayList<>(m);
        if (config.sampling() == Sampling.LATIN_HYPERCUBE) {
            int[][] strata = new int[dim][];
            for (int j = 0; j < dim; j++) strata[j] = rng.permutation(m);
            for (int k = 0; k < m; k++) {
                double[] x = new double[dim];
                for (int j = 0; j < dim; j++) x[j] = fromUnit(params.get(j), (strata[j][k] + rng.nextDouble()) / m);
                points.add(x);
            }
        } else {
            double[] habit = new double[dim];
            for (int j = 0; j < dim; j++) {
                Parameter p = params.get(j);
                habit[j] = p.kind() == Parameter.Kind.CATEGORICAL ? p.defaultValue()
                        : p.nearest(p.defaultValue() + 0.1 * p.range() * rng.nextGaussian());
            }
            for (int k = 0; k < m; k++) points.add(habitual(params, habit, rng));
        }
        if (config.safeOnly()) {
            for (int k = 0; k < m; k++) {
                double[] x = points.get(k);
                int tries = 0;
                ProcessTask measured = config.drift() ? task.drifted(k) : task;
                while (measured.violatesHardLimit(Settings.toMap(params, x))) {
                    if (++tries > 100) {
                        x = params.stream().mapToDouble(Parameter::defaultValue).toArray();
                        break;
                    }
                    x = config.sampling() == Sampling.LATIN_HYPERCUBE ? uniform(params, rng)
                            : habitual(params, points.get(k), rng);
                }
                points.set(k, x);
            }
        }
        return points;
    }

    private double[] habitual(List<Parameter> params, double[] habit, Rng rng) {
        double[] x = new double[params.size()];
        for (int j = 0; j < x.length; j++) {
            Parameter p = params.get(j);
            if (p.kind() == Parameter.Kind.CATEGORICAL) {
                double u = rng.nextDouble();
                int level = rng.nextInt(p.levels().size());
                x[j] = u < 0.8 ? habit[j] : level;
            } else {
                x[j] = p.nearest(habit[j] + config.habitualSpread() * p.range() * rng.nextGaussian());
            }
        }
        return x;
    }

    private static double[] uniform(List<Parameter> params, Rng rng) {
        double[] x = new double[params.size()];
        for (int j = 0; j < x.length; j++) x[j] = fromUnit(params.get(j), rng.nextDouble());
        return x;
    }

    /** The value at fraction {@code u} of a parameter's range; levels and integers get equal shares. */
    private static double fromUnit(Parameter p, double u) {
        if (p.kind() == Parameter.Kind.CONTINUOUS) return p.lower() + u * p.range();
        int count = (int) Math.round(p.range()) + 1;
        return p.lower() + Math.min(count - 1, (int) Math.floor(u * count));
    }
}
