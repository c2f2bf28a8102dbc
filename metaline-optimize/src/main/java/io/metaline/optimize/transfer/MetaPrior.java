package io.metaline.optimize.transfer;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.io.TensorArchive;
import io.metaline.engine.nn.Activation;
import io.metaline.engine.nn.Mlp;
import io.metaline.meta.Algorithms;
import io.metaline.meta.Examples;
import io.metaline.meta.GradOrder;
import io.metaline.meta.MetaLearner;
import io.metaline.meta.MetaTrainer;
import io.metaline.meta.Task;
import io.metaline.meta.TaskDistribution;
import io.metaline.meta.TaskLoss;
import io.metaline.meta.TrainerConfig;
import io.metaline.meta.TrainingListener;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.OutcomeFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What earlier tasks teach about a new one: per outcome, a network meta-trained (MAML by default) so that a few
 * gradient steps on a new task's first runs predict its response surface, plus how far off such an adapted
 * prediction typically is after k runs (measured on held-out earlier tasks). {@link MetaSurrogate} turns it into
 * predictions with uncertainty.
 */
public final class MetaPrior {
    /**
     * @param algorithm  meta-learner registry name
     * @param hidden     hidden widths of the per-outcome network (tanh)
     * @param innerSteps adaptation steps, in training and on the new task
     * @param innerLr    adaptation step size (outputs are standardised)
     * @param iterations meta-training iterations per outcome
     * @param metaBatch  source tasks per meta-update
     * @param maxSupport the most runs of a task used for adaptation during meta-training
     * @param threads    worker threads
     */
    public record Config(String algorithm, List<Integer> hidden, int innerSteps, double innerLr, int iterations,
                         int metaBatch, int maxSupport, int threads) {
        public Config {
            hidden = List.copyOf(hidden);
            if (innerSteps < 1 || iterations < 1 || metaBatch < 1 || maxSupport < 1 || threads < 1 || !(innerLr > 0)) {
                throw new IllegalArgumentException("MetaPrior.Config: counts must be >= 1 and innerLr > 0: " + this);
            }
        }

        public static Config defaults() {
            return new Config("maml", List.of(64, 64), 3, 0.05, 3000, 16, 12, Runtime.getRuntime().availableProcessors());
        }

        public Config withIterations(int n) {
            return new Config(algorithm, hidden, innerSteps, innerLr, n, metaBatch, maxSupport, threads);
        }

        public Config withThreads(int n) {
            return new Config(algorithm, hidden, innerSteps, innerLr, iterations, metaBatch, maxSupport, n);
        }
    }

    /**
     * The learned prior of one outcome, in standardised units {@code (v - mean) / std} of its model scale
     * {@code v = y}, or {@code v = log y} when {@code logScale}.
     *
     * @param errorBySupport      root-mean-square error of adapted predictions on held-out tasks after adapting on
     *                            {@code k = 1, 2, ...} runs (index k - 1)
     * @param residualLengthscale lengthscale (unit cube) of the Gaussian process on the adapted network's residuals,
     *                            chosen on held-out earlier tasks (see {@link #RESIDUAL_LENGTHSCALES})
     * @param residualNoise       that process's observation noise as a fraction of its variance, chosen likewise
     * @param residualOffset      the share of its variance that is one constant over the task (the network's bias
     *                            on it), chosen likewise
     * @param logScale            whether the outcome is modelled as its logarithm (see {@link #prefersLogScale})
     * @param adapts              whether the network is adapted to a task's runs; if not, it is shared by every task
     *                            as meta-trained, the residual process alone following the task (the error table and
     *                            the residual settings were then measured unadapted too)
     */
    public record OutcomePrior(String outcome, double mean, double std, Params meta, double[] errorBySupport,
                               double residualLengthscale, double residualNoise, double residualOffset, boolean logScale,
                               boolean adapts) {
        /** A prior with the residual process's former fixed settings (lengthscale 0.5, noise 0.02, no offset). */
        public OutcomePrior(String outcome, double mean, double std, Params meta, double[] errorBySupport) {
            this(outcome, mean, std, meta, errorBySupport, DEFAULT_LENGTHSCALE, DEFAULT_NOISE, 0.0, false, true);
        }

        public double error(int support) {
            return errorBySupport[Math.max(0, Math.min(errorBySupport.length - 1, support - 1))];
        }
    }

    /**
     * Residual-process settings tried on held-out earlier tasks; the best predictive log likelihood wins. (In safe
     * mode {@link MetaSurrogate} keeps the defaults, see {@link MetaSurrogate#forSafeMode}.)
     */
    public static final double[] RESIDUAL_LENGTHSCALES = {0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8}, RESIDUAL_NOISES = {0.001, 0.005, 0.02, 0.1},
            RESIDUAL_OFFSETS = {0.0, 0.5, 0.9};
    static final double DEFAULT_LENGTHSCALE = 0.5, DEFAULT_NOISE = 0.02;
    /** Support sizes at which the residual settings are scored. */
    static int[] SCORED_SUPPORTS = {1, 2, 3, 5, 8, 12};

    /**
     * The objective learnt over the settings and the constrained outcomes: a prior of the objective alone whose
     * inputs are a run's encoded settings followed by the {@code features} of its measured outcomes
     * (see {@link #withObjectiveOverOutcomes}).
     */
    public record OverOutcomes(String objective, OutcomeFeatures features, MetaPrior prior) {}

    private final Config config;
    private final int inputDim;
    private final Map<String, OutcomePrior> outcomes;
    private final List<String> sourceIds;
    private final OverOutcomes overOutcomes;

    private MetaPrior(Config config, int inputDim, Map<String, OutcomePrior> outcomes, List<String> sourceIds,
                      OverOutcomes overOutcomes) {
        this.config = config;
        this.inputDim = inputDim;
        this.outcomes = Map.copyOf(outcomes);
        this.sourceIds = List.copyOf(sourceIds);
        this.overOutcomes = overOutcomes;
    }

    public Config config() {
        return config;
    }

    /** Width of the encoded input the networks take. */
    public int inputDim() {
        return inputDim;
    }

    public List<String> sourceIds() {
        return sourceIds;
    }

    /** The objective learnt over the constrained outcomes ({@link #withObjectiveOverOutcomes}), or null. */
    public OverOutcomes overOutcomes() {
        return overOutcomes;
    }

    /**
     * This prior plus the objective learnt over the settings and the outcomes under {@code limits}: a prior of
     * {@code objective} meta-trained (same configuration and seed, so the same held-out tasks) on the source tasks'
     * runs with their encoded settings followed by {@link OutcomeFeatures} of their measured outcomes, scaled over the
     * sources' range. A study uses it, composed with its own outcome models, over its first runs. The network is
     * shared, not adapted to a task's runs ({@link OutcomePrior#adapts}): the dependence it learns is the part that
     * does not change from task to task, and a few gradient steps on a task's first runs, nearly all on one side of a
     * limit, bend it out of shape; the residual process takes up what differs.
     *
     * <p>Why: how the objective follows the constrained outcomes is much the same for every product (a part out of
     * tolerance is scrapped on any of them), while how the outcomes follow the settings differs, and it is these the
     * prior predicts well from a few runs: after 5 runs of a held-out moulding product its clamp force is off by 0.18
     * and its dimensional error by 0.10 of their spreads, its cost by 0.91. This itself when there are no limits.
     */
    public MetaPrior withObjectiveOverOutcomes(List<SourceTask> sources, String objective, List<OutcomeConstraint> limits,
                                              long seed, TrainingListener listener) {
        if (limits.isEmpty()) return this;
        for (OutcomeConstraint c : limits) {
            if (c.outcome().equals(objective)) {
                throw new IllegalArgumentException("objective over outcomes: a limit on the objective '" + objective
                        + "' itself; the limits are on the outcomes it is learnt over");
            }
        }
        OutcomeFeatures features = OutcomeFeatures.over(limits, name -> sources.stream()
                .flatMapToDouble(s -> java.util.Arrays.stream(s.outcome(name))).toArray());
        List<SourceTask> widened = new ArrayList<>();
        for (SourceTask s : sources) {
            double[][] values = features.outcomes().stream().map(s::outcome).toArray(double[][]::new);
            widened.add(new SourceTask(s.id(), features.append(s.x(), values), Map.of(objective, s.outcome(objective))));
        }
        MetaPrior learnt = train(widened, List.of(objective), config, seed, listener, false);
        return new MetaPrior(config, inputDim, outcomes, sourceIds, new OverOutcomes(objective, features, learnt));
    }

    public OutcomePrior outcome(String name) {
        OutcomePrior p = outcomes.get(name);
        if (p == null) throw new IllegalArgumentException("the meta-learned prior has no outcome '" + name + "'; it has " + outcomes.keySet());
        return p;
    }

    /** The learner for an outcome (same for all outcomes: only the parameters differ). */
    public MetaLearner learner() {
        return learner(config, inputDim);
    }

    static MetaLearner learner(Config config, int inputDim) {
        List<Integer> widths = new ArrayList<>();
        widths.add(inputDim);
        widths.addAll(config.hidden());
        widths.add(1);
        Mlp net = new Mlp(new Mlp.Config(widths, Activation.TANH, Activation.IDENTITY, io.metaline.engine.nn.Init.XAVIER_UNIFORM));
        return Algorithms.create(config.algorithm(), net, TaskLoss.MSE, config.innerLr(), config.innerSteps());
    }

    /** Meta-trains one prior per outcome on {@code sources}; a fifth of them (at least one) is held out for the error table. */
    public static MetaPrior train(List<SourceTask> sources, List<String> outcomeNames, Config config, long seed,
                                  TrainingListener listener) {
        return train(sources, outcomeNames, config, seed, listener, true);
    }

    /** {@link #train}, the networks adapted to a task's runs or shared as meta-trained ({@link OutcomePrior#adapts}). */
    private static MetaPrior train(List<SourceTask> sources, List<String> outcomeNames, Config config, long seed,
                                   TrainingListener listener, boolean adapts) {
        if (sources.size() < 2) throw new IllegalArgumentException("MetaPrior: need at least 2 source tasks, got " + sources.size());
        int inputDim = sources.get(0).x()[0].length;
        int held = Math.max(1, sources.size() / 5);
        int[] order = new Rng(seed).split(11).permutation(sources.size());
        List<SourceTask> trainTasks = new ArrayList<>(), validationTasks = new ArrayList<>();
        for (int i = 0; i < order.length; i++) (i < held ? validationTasks : trainTasks).add(sources.get(order[i]));
        Map<String, OutcomePrior> priors = new LinkedHashMap<>();
        MetaLearner learner = learner(config, inputDim);
        for (String outcome : outcomeNames) {
            boolean log = prefersLogScale(sources, outcome);
            List<SourceTask> train = log ? logged(trainTasks, outcome) : trainTasks;
            List<SourceTask> validation = log ? logged(validationTasks, outcome) : validationTasks;
            double[] stats = meanAndStd(train, outcome);
            TaskDistribution tasks = rng -> sampleTask(train.get(rng.nextInt(train.size())), outcome, stats, config.maxSupport(), rng);
            TrainerConfig tc = TrainerConfig.defaults(config.iterations()).withMetaBatch(config.metaBatch())
                    .withThreads(config.threads()).withOrder(Algorithms.defaultOrder(config.algorithm()))
                    .withOuter(io.metaline.meta.OuterOptimizer.adam(1e-3));
            Params meta = new MetaTrainer(learner, tasks, List.of(), tc).train(seed, listener).meta();
            double[] errors = errorTable(learner, meta, adapts, validation, outcome, stats, config.maxSupport(), new Rng(seed).split(13));
            double[] kernel = residualKernel(learner, meta, adapts, validation, outcome, stats, errors, config.maxSupport(),
                    new Rng(seed).split(17));
            priors.put(outcome, new OutcomePrior(outcome, stats[0], stats[1], meta, errors, kernel[0], kernel[1], kernel[2], log, adapts));
        }
        return new MetaPrior(config, inputDim, priors, sources.stream().map(SourceTask::id).toList(), null);
    }

    /**
     * Whether an outcome is better modelled as its logarithm: every earlier value is positive and the logarithm makes
     * their distribution clearly more symmetric (absolute skewness lower by {@value #LOG_SKEW_MARGIN}), as for a cost
     * whose bad settings cost many times the good ones. A choice between the Box-Cox powers 1 and 0.
     */
    static boolean prefersLogScale(List<SourceTask> sources, String outcome) {
        List<Double> raw = new ArrayList<>(), log = new ArrayList<>();
        for (SourceTask s : sources) {
            for (double v : s.outcome(outcome)) {
                if (!(v > 0)) return false;
                raw.add(v);
                log.add(Math.log(v));
            }
        }
        return raw.size() >= 3 && Math.abs(skewness(log)) + LOG_SKEW_MARGIN < Math.abs(skewness(raw));
    }

    /** Margin by which the logarithm must lower the absolute skewness to be chosen. */
    static final double LOG_SKEW_MARGIN = 0.2;

    private static double skewness(List<Double> v) {
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(0), m2 = 0, m3 = 0;
        for (double x : v) {
            m2 += (x - mean) * (x - mean) / v.size();
            m3 += (x - mean) * (x - mean) * (x - mean) / v.size();
        }
        return m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
    }

    /** The tasks with {@code outcome} replaced by its logarithm. */
    private static List<SourceTask> logged(List<SourceTask> tasks, String outcome) {
        List<SourceTask> out = new ArrayList<>();
        for (SourceTask t : tasks) {
            Map<String, double[]> o = new LinkedHashMap<>(t.outcomes());
            double[] v = o.get(outcome).clone();
            for (int i = 0; i < v.length; i++) v[i] = Math.log(v[i]);
            o.put(outcome, v);
            out.add(new SourceTask(t.id(), t.x(), o));
        }
        return out;
    }

    /** A task from one source: k random runs to adapt on (1..maxSupport), the others (up to 32) to judge. */
    static Task sampleTask(SourceTask s, String outcome, double[] stats, int maxSupport, Rng rng) {
        int n = s.runs();
        int k = 1 + rng.nextInt(Math.max(1, Math.min(maxSupport, n - 1)));
        int[] perm = rng.permutation(n);
        int q = Math.min(32, n - k);
        return new Task(s.id(), examples(s, outcome, stats, perm, 0, k), examples(s, outcome, stats, perm, k, k + q));
    }

    private static Examples examples(SourceTask s, String outcome, double[] stats, int[] rows, int from, int to) {
        int d = s.x()[0].length, n = to - from;
        double[] x = new double[n * d], y = new double[n];
        double[] values = s.outcome(outcome);
        for (int i = 0; i < n; i++) {
            System.arraycopy(s.x()[rows[from + i]], 0, x, i * d, d);
            y[i] = (values[rows[from + i]] - stats[0]) / stats[1];
        }
        return Examples.regression(Tensor.adopt(x, n, d), Tensor.adopt(y, n, 1));
    }

    private static double[] meanAndStd(List<SourceTask> tasks, String outcome) {
        double sum = 0, sq = 0;
        int n = 0;
        for (SourceTask t : tasks) for (double v : t.outcome(outcome)) { sum += v; sq += v * v; n++; }
        double mean = sum / n, var = Math.max(0, sq / n - mean * mean);
        return new double[] {mean, var > 1e-24 ? Math.sqrt(var) : 1.0};
    }

    /** RMSE of adapted predictions on held-out tasks after adapting on 1..maxSupport runs (20 draws per task and k). */
    private static double[] errorTable(MetaLearner learner, Params meta, boolean adapts, List<SourceTask> validation, String outcome,
                                       double[] stats, int maxSupport, Rng rng) {
        double[] rmse = new double[maxSupport];
        for (int k = 1; k <= maxSupport; k++) {
            double sq = 0;
            int count = 0;
            for (SourceTask s : validation) {
                if (s.runs() <= k) continue;
                for (int draw = 0; draw < 20; draw++) {
                    int[] perm = rng.permutation(s.runs());
                    Examples support = examples(s, outcome, stats, perm, 0, k);
                    Examples query = examples(s, outcome, stats, perm, k, s.runs());
                    Params adapted = adapts ? learner.adapt(meta, support, learner.innerSteps(), GradOrder.FIRST) : meta;
                    double[] pred = learner.predict(adapted, query.x()).toArray(), truth = query.y().toArray();
                    for (int i = 0; i < pred.length; i++) { sq += (pred[i] - truth[i]) * (pred[i] - truth[i]); count++; }
                }
            }
            rmse[k - 1] = count == 0 ? (k > 1 ? rmse[k - 2] : 1.0) : Math.sqrt(sq / count);
        }
        // More runs never make the typical error larger; smooth out sampling noise.
        for (int k = 1; k < rmse.length; k++) rmse[k] = Math.min(rmse[k], rmse[k - 1]);
        return rmse;
    }

    /**
     * The residual process's lengthscale and noise fraction: on held-out tasks, adapt on k runs (k = 1, 2, 3, 5, 8,
     * 12, up to maxSupport; 5 draws each), fit the residual process to the support's residuals with variance
     * error(k)^2, and score the predictive log likelihood of the task's other runs; the best pair over the grid wins.
     * Chosen this way rather than by marginal likelihood on the new task, whose few runs overfit it.
     */
    static double[] residualKernel(MetaLearner learner, Params meta, boolean adapts, List<SourceTask> validation, String outcome,
                                   double[] stats, double[] errors, int maxSupport, Rng rng) {
        int nl = RESIDUAL_LENGTHSCALES.length, nn = RESIDUAL_NOISES.length, no = RESIDUAL_OFFSETS.length;
        double[] score = new double[nl * nn * no];
        for (int k : SCORED_SUPPORTS) {
            if (k > maxSupport) break;
            double sigma2 = errors[k - 1] * errors[k - 1];
            for (SourceTask s : validation) {
                if (s.runs() <= k) continue;
                int d = s.x()[0].length;
                for (int draw = 0; draw < 5; draw++) {
                    int[] perm = rng.permutation(s.runs());
                    Examples support = examples(s, outcome, stats, perm, 0, k);
                    Examples query = examples(s, outcome, stats, perm, k, s.runs());
                    Params adapted = adapts ? learner.adapt(meta, support, learner.innerSteps(), GradOrder.FIRST) : meta;
                    double[] fs = learner.predict(adapted, support.x()).toArray(), ys = support.y().toArray();
                    double[] fq = learner.predict(adapted, query.x()).toArray(), yq = query.y().toArray();
                    double[][] xs = new double[k][], xq = new double[fq.length][];
                    for (int i = 0; i < k; i++) xs[i] = s.x()[perm[i]];
                    for (int i = 0; i < xq.length; i++) xq[i] = s.x()[perm[k + i]];
                    double[] r = new double[k];
                    for (int i = 0; i < k; i++) r[i] = ys[i] - fs[i];
                    for (int a = 0; a < nl * no; a++) {
                        ResidualKernel kern = ResidualKernel.of(d, sigma2, RESIDUAL_LENGTHSCALES[a / no], RESIDUAL_OFFSETS[a % no]);
                        double[] kss = kern.matrix(xs), kqs = kern.cross(xq, xs);
                        for (int b = 0; b < nn; b++) {
                            double noise = RESIDUAL_NOISES[b] * sigma2;
                            double[] kk = kss.clone();
                            for (int i = 0; i < k; i++) kk[i * k + i] += noise;
                            io.metaline.optimize.gp.Cholesky chol = io.metaline.optimize.gp.Cholesky.factor(kk, k);
                            double[] alpha = chol.solve(r);
                            double nll = 0;
                            double[] col = new double[k];
                            for (int q = 0; q < fq.length; q++) {
                                double mu = fq[q];
                                for (int j = 0; j < k; j++) {
                                    col[j] = kqs[q * k + j];
                                    mu += col[j] * alpha[j];
                                }
                                double[] v = chol.solveLower(col);
                                double var = sigma2 + noise;
                                for (double vi : v) var -= vi * vi;
                                var = Math.max(var, 1e-6 * sigma2 + 1e-12);
                                nll += 0.5 * Math.log(var) + 0.5 * (yq[q] - mu) * (yq[q] - mu) / var;
                            }
                            score[a * nn + b] += nll / fq.length;
                        }
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < score.length; i++) if (score[i] < score[best]) best = i;
        int a = best / nn;
        return new double[] {RESIDUAL_LENGTHSCALES[a / no], RESIDUAL_NOISES[best % nn], RESIDUAL_OFFSETS[a % no]};
    }

    // ---------------------------------------------------------------- files

    public void save(Path file) throws IOException {
        Params.Builder all = Params.builder();
        Map<String, String> m = new LinkedHashMap<>();
        write(all, m, "");
        if (overOutcomes != null) {
            overOutcomes.prior().write(all, m, OVER_OUTCOMES);
            OutcomeFeatures f = overOutcomes.features();
            m.put(OVER_OUTCOMES + "objective", overOutcomes.objective());
            m.put(OVER_OUTCOMES + "features", String.join("\u001f", f.outcomes()));
            m.put(OVER_OUTCOMES + "lower", join(f.lower()));
            m.put(OVER_OUTCOMES + "span", join(f.span()));
            m.put(OVER_OUTCOMES + "limits", String.join("\u001f", f.limits().stream()
                    .map(c -> c.outcome() + "\u001e" + c.sense() + "\u001e" + c.limit() + "\u001e" + c.severity()).toList()));
        }
        TensorArchive.save(file, all.build(), m);
    }

    /** Key prefix of the objective over outcomes' prior in a saved file. */
    private static final String OVER_OUTCOMES = "overOutcomes.";

    private static String join(double[] v) {
        return String.join(",", java.util.Arrays.stream(v).mapToObj(Double::toString).toList());
    }

    private static double[] split(String s) {
        return java.util.Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** This prior's tensors and settings, every name prefixed by {@code prefix}. */
    private void write(Params.Builder all, Map<String, String> m, String prefix) {
        m.put(prefix + "format", "metaline-meta-prior/1");
        m.put(prefix + "algorithm", config.algorithm());
        m.put(prefix + "hidden", config.hidden().toString().replaceAll("[\\[\\] ]", ""));
        m.put(prefix + "innerSteps", Integer.toString(config.innerSteps()));
        m.put(prefix + "innerLr", Double.toString(config.innerLr()));
        m.put(prefix + "iterations", Integer.toString(config.iterations()));
        m.put(prefix + "metaBatch", Integer.toString(config.metaBatch()));
        m.put(prefix + "maxSupport", Integer.toString(config.maxSupport()));
        m.put(prefix + "inputDim", Integer.toString(inputDim));
        m.put(prefix + "sources", String.join("\u001f", sourceIds));
        List<String> names = new ArrayList<>(outcomes.keySet());
        m.put(prefix + "outcomes", String.join("\u001f", names));
        for (int i = 0; i < names.size(); i++) {
            OutcomePrior p = outcomes.get(names.get(i));
            String o = prefix + "o" + i;
            all.putAll(o + ".", p.meta());
            all.put(o + "/errors", Tensor.vector(p.errorBySupport()));
            m.put(o + ".mean", Double.toString(p.mean()));
            m.put(o + ".std", Double.toString(p.std()));
            m.put(o + ".residualLengthscale", Double.toString(p.residualLengthscale()));
            m.put(o + ".residualNoise", Double.toString(p.residualNoise()));
            m.put(o + ".residualOffset", Double.toString(p.residualOffset()));
            m.put(o + ".logScale", Boolean.toString(p.logScale()));
            m.put(o + ".adapts", Boolean.toString(p.adapts()));
        }
    }

    public static MetaPrior load(Path file) throws IOException {
        TensorArchive.Contents c = TensorArchive.load(file);
        if (!"metaline-meta-prior/1".equals(c.metadata().get("format"))) throw new IOException(file + " is not a MetaLine meta-learned prior");
        MetaPrior outer = read(c, "", null);
        Map<String, String> m = c.metadata();
        if (!m.containsKey(OVER_OUTCOMES + "format")) return outer;
        List<OutcomeConstraint> limits = new ArrayList<>();
        String saved = m.get(OVER_OUTCOMES + "limits");
        if (!saved.isEmpty()) {
            for (String l : saved.split("\u001f")) {
                String[] f = l.split("\u001e");
                limits.add(new OutcomeConstraint(f[0], OutcomeConstraint.Sense.valueOf(f[1]), Double.parseDouble(f[2]),
                        OutcomeConstraint.Severity.valueOf(f[3])));
            }
        }
        OutcomeFeatures features = new OutcomeFeatures(List.of(m.get(OVER_OUTCOMES + "features").split("\u001f")),
                split(m.get(OVER_OUTCOMES + "lower")), split(m.get(OVER_OUTCOMES + "span")), limits);
        return read(c, "", new OverOutcomes(m.get(OVER_OUTCOMES + "objective"), features, read(c, OVER_OUTCOMES, null)));
    }

    /** The prior whose names in {@code c} start with {@code prefix}. */
    private static MetaPrior read(TensorArchive.Contents c, String prefix, OverOutcomes overOutcomes) {
        Map<String, String> m = c.metadata();
        List<Integer> hidden = new ArrayList<>();
        for (String h : m.get(prefix + "hidden").split(",")) hidden.add(Integer.parseInt(h));
        Config config = new Config(m.get(prefix + "algorithm"), hidden, Integer.parseInt(m.get(prefix + "innerSteps")),
                Double.parseDouble(m.get(prefix + "innerLr")), Integer.parseInt(m.get(prefix + "iterations")),
                Integer.parseInt(m.get(prefix + "metaBatch")), Integer.parseInt(m.get(prefix + "maxSupport")),
                Runtime.getRuntime().availableProcessors());
        Map<String, OutcomePrior> priors = new LinkedHashMap<>();
        String[] names = m.get(prefix + "outcomes").split("\u001f");
        for (int i = 0; i < names.length; i++) {
            String o = prefix + "o" + i + ".";
            Params meta = c.params().select(n -> n.startsWith(o));
            Params.Builder b = Params.builder();
            for (int j = 0; j < meta.size(); j++) b.put(meta.name(j).substring(o.length()), meta.tensor(j));
            // Priors saved before the residual settings were learnt keep the former fixed ones.
            priors.put(names[i], new OutcomePrior(names[i], Double.parseDouble(m.get(o + "mean")),
                    Double.parseDouble(m.get(o + "std")), b.build(), c.params().get(prefix + "o" + i + "/errors").toArray(),
                    Double.parseDouble(m.getOrDefault(o + "residualLengthscale", Double.toString(DEFAULT_LENGTHSCALE))),
                    Double.parseDouble(m.getOrDefault(o + "residualNoise", Double.toString(DEFAULT_NOISE))),
                    Double.parseDouble(m.getOrDefault(o + "residualOffset", "0")),
                    Boolean.parseBoolean(m.getOrDefault(o + "logScale", "false")),
                    Boolean.parseBoolean(m.getOrDefault(o + "adapts", "true"))));
        }
        return new MetaPrior(config, Integer.parseInt(m.get(prefix + "inputDim")), priors,
                List.of(m.get(prefix + "sources").split("\u001f")), overOutcomes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MetaPrior{" + config.algorithm() + ", " + sourceIds.size() + " source tasks");
        outcomes.values().forEach(p -> sb.append(String.format(Locale.ROOT,
                ", %s error after 1/5 runs %.2f/%.2f sd, residual lengthscale %.2f noise %.3f offset %.1f",
                p.outcome(), p.error(1), p.error(5), p.residualLengthscale(), p.residualNoise(), p.residualOffset())));
        if (overOutcomes != null) {
            MetaPrior.OutcomePrior o = overOutcomes.prior().outcome(overOutcomes.objective());
            sb.append(String.format(Locale.ROOT, ", %s learnt over %s (shared, error %.2f sd)", overOutcomes.objective(),
                    overOutcomes.features().outcomes(), o.error(1)));
        }
        return sb.append('}').toString();
    }
}
