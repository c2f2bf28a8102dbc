package io.metaline.meta;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.optim.GradClip;
import io.metaline.engine.optim.LrSchedule;
import io.metaline.engine.optim.Optimizer;
import io.metaline.meta.Checkpoint.CurvePoint;
import io.metaline.meta.MetaLearner.TaskUpdate;
import io.metaline.meta.MetaLearner.TrainingStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Meta-trains a {@link MetaLearner}: each iteration samples a batch of tasks, asks the learner for each task's
 * update in parallel, averages them in task order and lets the outer optimiser take a step. Along the way it
 * validates on held-out tasks (mean and 95% CI), stops early when validation stops improving, writes checkpoints
 * from which {@link #resume} continues bit for bit, and guards second-order runs against running out of memory.
 *
 * <p>Determinism: tasks come from one generator seeded by the caller; per-task work is independent and reduced in
 * task order, so the result is the same for any number of threads.
 */
public final class MetaTrainer {
    /** Streams of the seed: initial parameters, task sampling, memory probes. */
    private static final long INIT_STREAM = 1, TASK_STREAM = 2, PROBE_STREAM = 3;
    /** The backward pass holds about as much again as the graph it differentiates, plus slack. */
    private static final double GRAPH_OVERHEAD = 3.0;
    /** A validation loss counts as better only if it improves on the best by this fraction (noise is not progress). */
    private static final double MIN_IMPROVEMENT = 1e-4;

    private final MetaLearner learner;
    private final TaskDistribution tasks;
    private final List<Task> validation;
    private final TrainerConfig config;
    private final long memoryBudget;
    private final Map<String, String> tags;

    /**
     * @param validation held-out tasks to validate on (may be empty when {@code config.evalEvery()} is 0)
     */
    public MetaTrainer(MetaLearner learner, TaskDistribution tasks, List<Task> validation, TrainerConfig config) {
        this(learner, tasks, validation, config, 0, Map.of());
    }

    private MetaTrainer(MetaLearner learner, TaskDistribution tasks, List<Task> validation, TrainerConfig config,
                        long memoryBudget, Map<String, String> tags) {
        if (config.evalEvery() > 0 && validation.isEmpty()) {
            throw new IllegalArgumentException("MetaTrainer: validation every " + config.evalEvery()
                    + " iterations needs validation tasks, got none");
        }
        this.learner = learner;
        this.tasks = tasks;
        this.validation = List.copyOf(validation);
        this.config = config;
        this.memoryBudget = memoryBudget;
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The same trainer with a fixed memory budget in bytes instead of what the JVM has free. */
    public MetaTrainer withMemoryBudget(long bytes) {
        return new MetaTrainer(learner, tasks, validation, config, bytes, tags);
    }

    /**
     * The same trainer writing {@code tags} into its checkpoints: what the caller says the run is (its algorithm's
     * registry name, data, settings). {@link #resume} then refuses a checkpoint whose tags differ from these, naming
     * each difference, so a run is only continued with the settings it started with.
     */
    public MetaTrainer withTags(Map<String, String> tags) {
        return new MetaTrainer(learner, tasks, validation, config, memoryBudget, tags);
    }

    /** The outcome of a run. {@code best} is the validated best (the final parameters without validation). */
    public record Result(Params meta, Params best, Checkpoint state, boolean stoppedEarly, double seconds) {
        public List<CurvePoint> curve() {
            return state.curve();
        }
    }

    /** A fresh run from {@code seed}. */
    public Result train(long seed, TrainingListener listener) {
        Rng root = new Rng(seed);
        Params meta = learner.init(root.split(INIT_STREAM));
        Checkpoint start = new Checkpoint(learner.name(), 0, meta, meta, Double.POSITIVE_INFINITY, 0,
                config.outer().create().state(), root.split(TASK_STREAM).state(), config.order(), List.of(), tags);
        return run(start, listener);
    }

    /** Continues a run from a checkpoint written by a trainer with the same learner and configuration. */
    public Result resume(Checkpoint from, TrainingListener listener) {
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(from.tags().keySet());
        keys.addAll(tags.keySet());
        for (String key : keys) {
            String then = from.tags().get(key), now = tags.get(key);
            if (!Objects.equals(then, now)) {
                differences.add(key + " was " + (then == null ? "not set" : "'" + then + "'") + " in the checkpoint, now "
                        + (now == null ? "not set" : "'" + now + "'"));
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("resume: the checkpoint is of another run: " + String.join("; ", differences)
                    + "; resume with the settings the run started with");
        }
        if (!from.learner().equals(learner.name())) {
            throw new IllegalArgumentException("resume: the checkpoint is of learner '" + from.learner()
                    + "', this trainer runs '" + learner.name() + "'");
        }
        if (from.iteration() > config.iterations()) {
            throw new IllegalArgumentException("resume: the checkpoint is at iteration " + from.iteration()
                    + ", beyond the " + config.iterations() + " configured");
        }
        return run(from, listener);
    }

    private Result run(Checkpoint start, TrainingListener listener) {
        long t0 = System.nanoTime();
        Optimizer optimizer = config.outer().create();
        if (start.optimizer().step() > 0) optimizer = Optimizer.restore(start.optimizer(), LrSchedule.constant());
        Rng rng = Rng.fromState(start.rngState());
        Params meta = start.meta(), best = start.best();
        double bestValidation = start.bestValidation();
        int stale = start.evaluationsWithoutImprovement();
        GradOrder fallback = start.order();
        List<CurvePoint> curve = new ArrayList<>(start.curve());
        boolean stoppedEarly = false;
        int curveEvery = config.evalEvery() > 0 ? config.evalEvery() : Math.max(1, config.iterations() / 200);
        double intervalLoss = 0;
        int intervalCount = 0, it = start.iteration();
        boolean checkedSecondOrder = false;

        try (TaskRunner runner = new TaskRunner(config.threads())) {
            while (it < config.iterations()) {
                GradOrder order = config.orderAt(it) == GradOrder.SECOND ? fallback : GradOrder.FIRST;
                if (order == GradOrder.SECOND && !checkedSecondOrder) {
                    checkedSecondOrder = true;
                    if (!fitsInMemory(meta, rng, listener)) fallback = order = GradOrder.FIRST;
                }
                List<Task> batch = tasks.sample(rng, config.metaBatch());
                TrainingStep step = new TrainingStep(it, config.iterations(), order);
                Params current = meta;
                List<TaskUpdate> updates = runner.map(batch, task -> learner.taskUpdate(current, task, step));
                Params direction = mean(meta, updates);
                double loss = 0;
                for (TaskUpdate u : updates) loss += u.queryLoss() / updates.size();
                if (!direction.isFinite() || !Double.isFinite(loss)) {
                    throw new MetaTrainingException(String.format(Locale.ROOT,
                            "meta-training of %s diverged at iteration %d: the mean query loss is %s and the meta-update "
                                    + "is %s; lower the outer or inner learning rate (last good parameters are in the "
                                    + "last checkpoint)", learner.name(), it, loss,
                            direction.isFinite() ? "finite" : "not finite"));
                }
                if (config.outer().clipNorm() > 0) direction = GradClip.byGlobalNorm(direction, config.outer().clipNorm()).grads();
                meta = optimizer.step(meta, direction).detach();
                it++;
                intervalLoss += loss;
                intervalCount++;
                listener.onIteration(it, config.iterations(), loss);

                boolean last = it == config.iterations();
                if (it % curveEvery == 0 || last) {
                    double val = Double.NaN, ci = Double.NaN;
                    if (config.evalEvery() > 0) {
                        Stat s = validate(meta, runner);
                        listener.onEvaluation(it, s);
                        val = s.mean();
                        ci = s.ci95();
                        if (val < bestValidation - MIN_IMPROVEMENT * Math.abs(bestValidation) || bestValidation == Double.POSITIVE_INFINITY) {
                            bestValidation = val;
                            best = meta;
                            stale = 0;
                        } else {
                            stale++;
                        }
                    }
                    curve.add(new CurvePoint(it, intervalLoss / intervalCount, val, ci));
                    intervalLoss = 0;
                    intervalCount = 0;
                    if (config.patience() > 0 && stale >= config.patience()) {
                        listener.onNotice(String.format(Locale.ROOT,
                                "stopped early at iteration %d: validation loss has not improved on %.4g for %d evaluations",
                                it, bestValidation, stale));
                        stoppedEarly = true;
                    }
                }
                if (config.evalEvery() == 0) best = meta;
                Checkpoint state = new Checkpoint(learner.name(), it, meta, best, bestValidation, stale,
                        optimizer.state(), rng.state(), fallback, curve, tags);
                if (config.checkpoint() != null
                        && (last || stoppedEarly || (config.checkpointEvery() > 0 && it % config.checkpointEvery() == 0))) {
                    save(state);
                }
                if (stoppedEarly || last) {
                    return new Result(meta, best, state, stoppedEarly, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        // Resumed from a checkpoint that had already finished.
        Checkpoint state = new Checkpoint(learner.name(), it, meta, best, bestValidation, stale, optimizer.state(),
                rng.state(), fallback, curve, tags);
        return new Result(meta, best, state, false, (System.nanoTime() - t0) / 1e9);
    }

    /** Mean validation query loss after the learner's usual number of inner steps. */
    private Stat validate(Params meta, TaskRunner runner) {
        return Evaluator.queryLoss(learner, meta, validation, new int[] {learner.innerSteps()}, runner)
                .get(learner.innerSteps());
    }

    /**
     * Whether a second-order update of {@code threads} tasks at once fits in the budget, measured on one probe
     * task. Either fails or reports the fall-back, as the configuration says.
     */
    private boolean fitsInMemory(Params meta, Rng rng, TrainingListener listener) {
        Task probe = tasks.sample(Rng.fromState(rng.state()).split(PROBE_STREAM));
        long perTask = learner.graphBytes(meta, probe, GradOrder.SECOND);
        long need = (long) (perTask * GRAPH_OVERHEAD * Math.min(config.threads(), config.metaBatch()));
        long budget = memoryBudget > 0 ? memoryBudget : available();
        if (need <= budget) return true;
        String what = String.format(Locale.ROOT,
                "second-order %s with %d inner steps needs about %d MiB (%d MiB per task, %d tasks in flight), more "
                        + "than the %d MiB available", learner.name(), learner.innerSteps(), need >> 20,
                (long) (perTask * GRAPH_OVERHEAD) >> 20, Math.min(config.threads(), config.metaBatch()), budget >> 20);
        if (config.memory() == TrainerConfig.MemoryPolicy.FAIL) {
            throw new MetaTrainingException(what + "; use fewer inner steps or threads, first order, or a larger -Xmx");
        }
        listener.onNotice(what + ": training at first order instead");
        return false;
    }

    private static long available() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        return (long) (rt.maxMemory() * 0.8) - used;
    }

    /** The mean of the tasks' directions, added in task order. */
    private static Params mean(Params like, List<TaskUpdate> updates) {
        double[] sum = new double[(int) like.numel()];
        for (TaskUpdate u : updates) {
            double[] d = u.direction().flatten();
            for (int i = 0; i < sum.length; i++) sum[i] += d[i];
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= updates.size();
        return like.unflatten(sum);
    }

    private void save(Checkpoint state) {
        try {
            state.save(config.checkpoint());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint " + config.checkpoint() + ": " + e.getMessage(), e);
        }
    }
}
