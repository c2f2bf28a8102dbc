package io.metaline.cli.optimize;

import io.metaline.cli.bench.PhaseProgress;
import io.metaline.engine.Rng;
import io.metaline.meta.TaskRunner;
import io.metaline.meta.TrainingListener;
import io.metaline.optimize.Study;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.sim.Families;
import io.metaline.sim.HistoryGenerator;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BENCHMARKS.md sections 4 and 5: per family, {@value SimStudies#SOURCE_TASKS} source tasks of history, a prior
 * meta-trained on them, then closed-loop studies of fresh test tasks by every method, scored by simple regret,
 * trials-to-target, hard-limit violations and the largest move relative to the max step.
 *
 * <p>Determinism: test task {@code i} of a family, its measurement noise and its study seed depend only on the seed,
 * the family and {@code i} (the same for every method), so results do not depend on the thread count.
 */
public final class OptimizeBench {
    public static final List<String> DEFAULT_FAMILIES = List.of("branin", "goldstein_price", "hartmann3",
            "injection_moulding", "reflow_soldering", "cnc_machining");
    /** Trials after which regret is reported (clipped to the budget). */
    public static final int[] CHECKPOINTS = {5, 10, 30};
    /** The target: within 1% of the optimum (of |optimum| for process costs, of the normalised range for MetaBO). */
    public static final double TARGET = 0.01;

    /**
     * @param priorIterations meta-training iterations per outcome, or null for {@link MetaPrior.Config#defaults()}
     * @param safe            run model-based methods in safe mode on families with hard limits
     * @param priorCache      folder where each family's trained prior is kept and reused by later runs with the same
     *                        seed and iterations (so methods can be compared without retraining), or null
     */
    public record Settings(List<String> families, List<Method> methods, int tasks, int trials, Integer priorIterations,
                           int threads, long seed, boolean safe, Path priorCache) {
        public Settings {
            families = List.copyOf(families);
            methods = List.copyOf(methods);
            for (String f : families) Families.byName(f);
            if (tasks < 1) throw new IllegalArgumentException("--tasks must be >= 1, got " + tasks);
            if (trials < 2 || trials > 500) throw new IllegalArgumentException("--trials must be between 2 and 500, got " + trials);
            if (priorIterations != null && priorIterations < 1) throw new IllegalArgumentException("--prior-iterations must be >= 1");
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1");
        }

        public MetaPrior.Config priorConfig() {
            MetaPrior.Config c = MetaPrior.Config.defaults().withThreads(threads);
            return priorIterations == null ? c : c.withIterations(priorIterations);
        }
    }

    /**
     * One run: regret after each trial, and its scores. {@code predicted} counts the suggestions that came with a
     * prediction of the objective, {@code covered} those whose true (noise-free) objective fell inside the predicted
     * 95% interval.
     */
    public record Run(double[] regret, int trialsToTarget, int violations, double maxStepRatio, double seconds, boolean stopped,
                      int predicted, int covered) {}

    /**
     * A method's figures on a family: medians over tasks (violations summed, step ratio the maximum), and the
     * coverage of the objective's 95% predictive interval pooled over every predicted suggestion (NaN if none).
     */
    public record Cell(double[] medianRegret, double trialsToTarget, int violations, double maxStepRatio, double seconds,
                       int stopped, int tasks, double coverage95) {
        public double regretAfter(int trials) {
            return medianRegret[Math.min(trials, medianRegret.length) - 1];
        }
    }

    /** A family's results by method, with the cost of preparing the transfer. */
    public record FamilyResult(String family, boolean metaBo, boolean safe, String unit, Map<Method, Cell> methods,
                               double historySeconds, double priorSeconds, double rgpeSeconds) {}

    private final Settings settings;

    public OptimizeBench(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Results keyed by family name, in order. */
    public Map<String, FamilyResult> run(PhaseProgress progress) {
        Map<String, FamilyResult> out = new LinkedHashMap<>();
        try (TaskRunner runner = new TaskRunner(settings.threads())) {
            for (String name : settings.families()) out.put(name, runFamily(Families.byName(name), runner, progress));
        }
        return out;
    }

    /** Seed of everything about one family (its history, test tasks, noise and studies). */
    public static long familySeed(long seed, String family) {
        return new Rng(seed).split(Families.names().indexOf(family) + 1).nextLong();
    }

    /** Study seed and noise seed of test task {@code i}: the same for every method. */
    public static long taskSeed(long familySeed, int i, long stream) {
        return new Rng(familySeed).split(1000 + i).split(stream).nextLong();
    }

    /** Seed of a family's RGPE surrogate (shared by its studies). */
    public static long rgpeSeed(long familySeed) {
        return new Rng(familySeed).split(17).nextLong();
    }

    /** The {@code index}-th test task of a family for {@code seed}: fresh, never one of the source tasks. */
    public static ProcessTask testTask(ProcessFamily family, long seed, int index) {
        return HistoryGenerator.targetTasks(family, index + 1, familySeed(seed, family.name())).get(index);
    }

    /**
     * The family's prior: loaded from the cache when it holds one for this seed, configuration and history (the
     * fingerprint of the source data: a change to how history is generated must not reuse a prior trained on the old
     * one), else trained (and cached).
     */
    private Transfer withPrior(Transfer knowledge, ProcessFamily family, MetaPrior.Config config, long fseed, PhaseProgress progress) {
        Path cached = settings.priorCache() == null ? null : settings.priorCache().resolve(String.format(Locale.ROOT,
                "%s-seed%d-%s-it%d-h%s-v4.prior", family.name(), fseed, config.algorithm(), config.iterations(),
                knowledge.sourcesFingerprint()));
        try {
            if (cached != null && Files.exists(cached)) return knowledge.withPrior(MetaPrior.load(cached));
            Transfer t = knowledge.withPrior(config, fseed, new TrainingListener() {
                @Override
                public void onIteration(int iteration, int total, double loss) {
                    progress.step();
                }
            });
            if (cached != null) {
                Files.createDirectories(cached.getParent());
                t.prior().save(cached);
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("prior cache " + cached + ": " + e.getMessage(), e);
        }
    }

    private FamilyResult runFamily(ProcessFamily family, TaskRunner runner, PhaseProgress progress) {
        long fseed = familySeed(settings.seed(), family.name());
        boolean transfer = settings.methods().stream().anyMatch(Method::usesHistory);
        boolean meta = settings.methods().contains(Method.META);
        MetaPrior.Config priorConfig = settings.priorConfig();
        progress.phase(family.name() + ": history", 1);
        long t0 = System.nanoTime();
        Transfer knowledge = transfer ? Transfer.generate(family, fseed) : Transfer.none(family);
        double historySeconds = (System.nanoTime() - t0) / 1e9;
        progress.step();
        if (meta) {
            progress.phase(family.name() + ": prior", (long) priorConfig.iterations() * knowledge.priorNetworks());
            knowledge = withPrior(knowledge, family, priorConfig, fseed, progress);
        }
        double rgpeSeconds = 0;
        if (settings.methods().contains(Method.RGPE)) {
            progress.phase(family.name() + ": rgpe source models", 1);
            long t1 = System.nanoTime();
            knowledge = knowledge.withRgpe(rgpeSeed(fseed));
            rgpeSeconds = (System.nanoTime() - t1) / 1e9;
            progress.step();
        }
        List<ProcessTask> tasks = HistoryGenerator.targetTasks(family, settings.tasks(), fseed);
        boolean safe = settings.safe() && SimStudies.hasHardLimits(family);
        List<int[]> jobs = new ArrayList<>();
        for (int m = 0; m < settings.methods().size(); m++) for (int i = 0; i < tasks.size(); i++) jobs.add(new int[] {m, i});
        progress.phase(family.name() + ": studies", jobs.size());
        Transfer k = knowledge;
        List<Run> runs = runner.map(jobs, job -> {
            Run r = runOne(family, k, settings.methods().get(job[0]), tasks.get(job[1]), fseed, job[1], safe);
            synchronized (progress) {
                progress.step();
            }
            return r;
        });
        Map<Method, Cell> cells = new LinkedHashMap<>();
        for (int m = 0; m < settings.methods().size(); m++) {
            List<Run> of = new ArrayList<>();
            for (int j = 0; j < jobs.size(); j++) if (jobs.get(j)[0] == m) of.add(runs.get(j));
            cells.put(settings.methods().get(m), summarise(of, settings.trials()));
        }
        String unit = SimStudies.isMetaBo(family) ? "normalised" : family.objectiveOutcome().unit();
        return new FamilyResult(family.name(), SimStudies.isMetaBo(family), safe, unit, cells, historySeconds, knowledge.priorSeconds(), rgpeSeconds);
    }

    /** The name of a test task's study, from which {@code optimize --load} recovers how it was made. */
    public static String studyName(String family, Method method, int task) {
        return "family=" + family + " method=" + method.key() + " task=" + task;
    }

    private Run runOne(ProcessFamily family, Transfer knowledge, Method method, ProcessTask task, long fseed, int index, boolean safe) {
        long start = System.nanoTime();
        long studySeed = taskSeed(fseed, index, 1), noiseSeed = taskSeed(fseed, index, 2);
        StudySpec spec = knowledge.studySpec(method, studyName(family.name(), method, index), safe, settings.trials(), studySeed,
                taskSeed(fseed, index, 3));
        Study study = new Study(spec, knowledge.surrogate(method, studySeed));
        ClosedLoop.Result result = ClosedLoop.run(study, task, noiseSeed, settings.trials(), 1, null, null);
        double[] regret = ClosedLoop.regret(task, result.steps(), settings.trials());
        double tolerance = SimStudies.isMetaBo(family) ? TARGET : TARGET * Math.abs(task.optimum().value());
        int toTarget = settings.trials();
        for (int i = 0; i < regret.length; i++) {
            if (regret[i] <= tolerance) {
                toTarget = i + 1;
                break;
            }
        }
        int violations = 0, predicted = 0, covered = 0;
        double ratio = 0;
        for (ClosedLoop.Step s : result.steps()) {
            if (s.violatesHardLimit()) violations++;
            ratio = Math.max(ratio, s.stepRatio());
            Suggestion.Prediction p = s.suggestion().predictions().get(family.objective());
            if (p != null) {
                predicted++;
                if (Math.abs(s.trueObjective() - p.mean()) <= 1.96 * p.sd()) covered++;
            }
        }
        return new Run(regret, toTarget, violations, ratio, (System.nanoTime() - start) / 1e9, result.stopped() != null,
                predicted, covered);
    }

    static Cell summarise(List<Run> runs, int trials) {
        double[] median = new double[trials];
        double[] column = new double[runs.size()];
        for (int t = 0; t < trials; t++) {
            for (int r = 0; r < runs.size(); r++) column[r] = runs.get(r).regret()[t];
            median[t] = median(column);
        }
        double[] toTarget = runs.stream().mapToDouble(Run::trialsToTarget).toArray();
        return new Cell(median, median(toTarget), runs.stream().mapToInt(Run::violations).sum(),
                runs.stream().mapToDouble(Run::maxStepRatio).max().orElse(0), runs.stream().mapToDouble(Run::seconds).sum(),
                (int) runs.stream().filter(Run::stopped).count(), runs.size(),
                (double) runs.stream().mapToInt(Run::covered).sum() / runs.stream().mapToInt(Run::predicted).sum());
    }

    /** The median; +infinity entries (no feasible trial yet) count as the worst values. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        if (n % 2 == 1) return v[n / 2];
        double a = v[n / 2 - 1], b = v[n / 2];
        return Double.isInfinite(b) ? b : (a + b) / 2;
    }
}
