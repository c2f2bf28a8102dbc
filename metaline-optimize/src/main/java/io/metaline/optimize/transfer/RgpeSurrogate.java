package io.metaline.optimize.transfer;

import io.metaline.engine.Rng;
import io.metaline.optimize.DriftPolicy;
import io.metaline.optimize.Surrogate;
import io.metaline.optimize.gp.Cholesky;
import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.HyperparameterFit;
import io.metaline.optimize.gp.Matern52Kernel;
import io.metaline.optimize.gp.Prediction;
import io.metaline.optimize.gp.RefitSchedule;
import io.metaline.optimize.gp.ScheduledFit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The ranking-weighted Gaussian-process ensemble (RGPE) of Feurer, Letham and Bakshy, "Scalable Meta-Learning for
 * Bayesian Optimization using Ranking-Weighted Gaussian Process Ensembles" (AutoML workshop at ICML 2018,
 * arXiv:1802.02219): one Gaussian process per earlier task plus one on the new task's runs, mixed with weights that
 * say how well each model ranks the new task's observations.
 *
 * <p><b>Base models.</b> At construction, for each outcome and each source task that reports it, a GP (Matern 5/2,
 * ARD, MAP hyperparameters fitted per source by {@link HyperparameterFit}, 2 starts) on that task's runs (at most
 * {@value #MAX_SOURCE_RUNS}, a seeded random subset if there are more). Each GP standardises its outputs internally.
 * At every {@link #fit}, the target GP is conditioned on the new task's runs, with hyperparameters refitted on the same
 * {@link RefitSchedule} as {@link io.metaline.optimize.GpSurrogate} (3 starts, memoised; in safe mode and under a
 * drift policy on every fit, with the drift weights as its noise multipliers {@code 1 / w_i}).
 *
 * <p><b>Weights.</b> The ranking loss of a model on the target data is the number of misranked ordered pairs,
 * {@code L = sum_j sum_k [ (f(x_j) < f(x_k)) xor (y_j < y_k) ]} (the paper's double sum: a swapped pair counts once
 * from each side; see {@link #rankingLoss}). For the target model, f is its leave-one-out mean: pair (j, k) is judged
 * by the model fitted without point j, {@code (f^-j(x_j) < f^-j(x_k)) xor (y_j < y_k)}, computed in closed form with
 * the fitted hyperparameters. The losses are evaluated on {@code S} bootstrap resamples of the target runs (default
 * {@value #DEFAULT_SAMPLES}, seeded by the surrogate's seed, the outcome and the number of runs, so the same data give
 * the same weights). Weight dilution prevention, as in the paper: a source model whose median loss exceeds the 95th
 * percentile of the target model's losses is dropped. The weight of each remaining model is the fraction of resamples
 * in which it has the lowest loss (ties split equally).
 *
 * <p><b>Scale.</b> The paper standardises every task's outcomes and mixes in standardised units; so does this class,
 * and predictions are returned in the target's units. The target model's standardisation is its GP's (mean
 * {@code m_t} and population standard deviation {@code s_t} of the target observations). A source model is
 * standardised <em>over the target's inputs</em>: {@code a_s} is the mean of its predictions at the target runs'
 * inputs and {@code b_s = sqrt(var of those predictions + the source's noise variance)} (target observations carry
 * noise, its predictions do not), floored at {@value #SPREAD_FLOOR} of the source's own output spread. So a source
 * identical to the target maps exactly onto it, also when the target's runs cover only a small region (as in safe
 * mode), where standardising by each task's global spread would shrink the source's slopes to the target's local
 * spread.
 *
 * <p><b>Prediction</b> (independent models, as the paper):
 * <pre>
 *   z(x)     = w_t (mu_t(x) - m_t) / s_t            + sum_s w_s (mu_s(x) - a_s) / b_s
 *   v(x)     = w_t^2 var_t(x) / s_t^2 stretch^2     + sum_s w_s^2 var_s(x) / b_s^2
 *   mean(x)  = m_t + s_t z(x),   sd(x) = s_t sqrt(v(x))
 * </pre>
 * with {@code stretch = scale / s_t} when a declared {@code scale} exceeds {@code s_t} (else 1): the same floor on the
 * target GP's prior spread as {@link io.metaline.optimize.GpSurrogate} (a few runs close together, as in safe mode,
 * must not make it confident far away). The sources' variances are not stretched: their standardisation already puts
 * them in target units. Note that {@code w^2} weighting makes the ensemble more confident than any one member when
 * weight is split, and that with the target's weight at 0 the sources alone decide; that is the paper's choice.
 *
 * <p><b>Fewer than two target runs</b> (no pair to rank): the mean of the source models, each shifted to pass
 * through the target's observation {@code y_0} at {@code x_0} (outcomes are in the same unit across tasks of one
 * process): {@code mean(x) = y_0 + avg_s d_s(x)} with {@code d_s(x) = mu_s(x) - mu_s(x_0)}. The variance is that of
 * the mixture of the sources' differences, {@code avg_s Var_s(f(x) - f(x_0)) + avg_s (d_s(x) - avg d(x))^2} (zero at
 * {@code x_0}), plus, when a scale is declared, {@code scale^2} times the one-run target GP's standardised variance
 * (zero at {@code x_0}, growing away from it, like the floored prior of {@link io.metaline.optimize.GpSurrogate} on
 * the same run): one run cannot show that the new task moves like the earlier ones. Without any target run: the plain source
 * mean and mixture variance, plus {@code scale^2}. Such a model ignores imagined pending observations
 * ({@link Model#condition} returns it unchanged).
 *
 * <p>Thread-safe: the source models are immutable; the weights of the last fit per outcome are kept for {@link
 * #mostSimilar} in a concurrent map. An instance may serve several studies (the source GPs are the expensive part),
 * but then {@link #weights} and {@link #mostSimilar} describe whichever study fitted last.
 */
public final class RgpeSurrogate implements Surrogate {
    /** Bootstrap resamples of the target runs for the ranking losses. */
    public static final int DEFAULT_SAMPLES = 256;
    /** The most runs of one source task its GP is fitted on. */
    public static final int MAX_SOURCE_RUNS = 100;
    /** Key of the target model in {@link #weights(String)}. */
    public static final String TARGET = "(target)";
    /** Percentile of the target's losses above which a source model's median loss drops it. */
    static final double DILUTION_PERCENTILE = 0.95;
    /** Smallest standardising spread of a source, relative to its own output standard deviation. */
    static final double SPREAD_FLOOR = 1e-3;

    private final List<String> sourceIds;
    private final List<String> outcomes;
    /** Per outcome, per source task: its GP, or null when that task does not report the outcome. */
    private final Map<String, GaussianProcess[]> sourceModels;
    private final ScheduledFit targetFitter;
    private final int samples;
    private final long seed;
    /** Shared with the drift variant, so {@link #mostSimilar} describes fits through either. */
    private final Map<String, double[]> lastWeights;

    /** With {@value #DEFAULT_SAMPLES} bootstrap samples. */
    public RgpeSurrogate(List<SourceTask> sources, List<String> outcomes, long seed) {
        this(sources, outcomes, seed, DEFAULT_SAMPLES);
    }

    /**
     * Fits one GP per source task and outcome (in parallel; each seeded from {@code seed} and the task's index, so the
     * result does not depend on the thread count).
     *
     * @param sources  earlier tasks, encoded with the same search space as the target
     * @param outcomes the outcomes this surrogate will be asked to fit (objective and constrained ones)
     * @param samples  bootstrap resamples for the weights, >= 1
     */
    public RgpeSurrogate(List<SourceTask> sources, List<String> outcomes, long seed, int samples) {
        if (sources == null || sources.isEmpty()) throw new IllegalArgumentException("RGPE: at least one source task is required");
        if (outcomes == null || outcomes.isEmpty()) throw new IllegalArgumentException("RGPE: at least one outcome is required");
        if (samples < 1) throw new IllegalArgumentException("RGPE: samples must be >= 1, got " + samples);
        this.sourceIds = sources.stream().map(SourceTask::id).toList();
        this.outcomes = List.copyOf(outcomes);
        this.samples = samples;
        this.seed = seed;
        this.targetFitter = targetFitter(seed, RefitSchedule.DEFAULT);
        this.lastWeights = new ConcurrentHashMap<>();
        int width = -1;
        for (SourceTask s : sources) {
            if (s.runs() == 0) continue;
            if (width < 0) width = s.x()[0].length;
            if (s.x()[0].length != width) {
                throw new IllegalArgumentException("RGPE: source task '" + s.id() + "' has " + s.x()[0].length
                        + " encoded inputs, others have " + width + " (all must share the search space)");
            }
        }
        int n = sources.size(), m = this.outcomes.size();
        GaussianProcess[][] fitted = new GaussianProcess[m][n];
        IntStream.range(0, n * m).parallel().forEach(k -> {
            int o = k / n, i = k % n;
            SourceTask s = sources.get(i);
            String outcome = this.outcomes.get(o);
            if (s.runs() == 0 || !s.outcomes().containsKey(outcome)) return;
            fitted[o][i] = fitSource(s, outcome, new Rng(seed).split(0x5eed).split(i));
        });
        Map<String, GaussianProcess[]> models = new LinkedHashMap<>();
        for (int o = 0; o < m; o++) models.put(this.outcomes.get(o), fitted[o]);
        this.sourceModels = models;
    }

    /** The same sources with the target's hyperparameters refitted on {@code schedule}. */
    private RgpeSurrogate(RgpeSurrogate base, RefitSchedule schedule) {
        this.sourceIds = base.sourceIds;
        this.outcomes = base.outcomes;
        this.samples = base.samples;
        this.seed = base.seed;
        this.sourceModels = base.sourceModels;
        this.targetFitter = targetFitter(seed, schedule);
        this.lastWeights = base.lastWeights;
    }

    private static ScheduledFit targetFitter(long seed, RefitSchedule schedule) {
        return new ScheduledFit(HyperparameterFit.defaults().withSeed(seed).withStarts(3), schedule);
    }

    /**
     * In safe mode the target's hyperparameters are refitted on every fit, as {@link io.metaline.optimize.GpSurrogate}
     * does there: hyperparameters fitted on fewer runs may be overconfident about a hard limit.
     */
    @Override
    public Surrogate forSafeMode() {
        return targetFitter.schedule().equals(RefitSchedule.EVERY_COUNT) ? this : new RgpeSurrogate(this, RefitSchedule.EVERY_COUNT);
    }

    /** Under drift the target's data are re-weighted or cut with each run: its hyperparameters are refitted every time. */
    @Override
    public Surrogate forDrift(DriftPolicy drift) {
        return drift.kind() == DriftPolicy.Kind.NONE || targetFitter.schedule().equals(RefitSchedule.EVERY_COUNT)
                ? this : new RgpeSurrogate(this, RefitSchedule.EVERY_COUNT);
    }

    private static GaussianProcess fitSource(SourceTask s, String outcome, Rng rng) {
        double[][] x = s.x();
        double[] y = s.outcome(outcome);
        if (x.length > MAX_SOURCE_RUNS) {
            int[] keep = Arrays.copyOf(rng.split(1).permutation(x.length), MAX_SOURCE_RUNS);
            Arrays.sort(keep);
            double[][] xs = new double[keep.length][];
            double[] ys = new double[keep.length];
            for (int i = 0; i < keep.length; i++) {
                xs[i] = x[keep[i]];
                ys[i] = y[keep[i]];
            }
            x = xs;
            y = ys;
        }
        return HyperparameterFit.defaults().withSeed(rng.split(2).nextLong()).withStarts(2).fit(x, y, null, null).gp();
    }

    public List<String> sourceIds() {
        return sourceIds;
    }

    /** The target GP's next hyperparameters, fitted now if they no longer wait for new data (the sources are fixed). */
    @Override
    public void prefetch(String outcome, int index, double[][] x, double[] y, double[] weights) {
        if (sourceModels.containsKey(outcome)) targetFitter.prefetch(outcome, 0, x, y, weights);
    }

    @Override
    public Model fit(String outcome, double[][] x, double[] y, double[] weights, double scale) {
        GaussianProcess[] sources = sourceModels.get(outcome);
        if (sources == null) {
            throw new IllegalArgumentException("RGPE: no source models for outcome '" + outcome + "'; it was built for " + outcomes);
        }
        int n = x.length;
        if (y.length != n || weights.length != n) {
            throw new IllegalArgumentException("RGPE: " + n + " inputs, " + y.length + " outputs and " + weights.length + " weights");
        }
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) if (sources[i] != null) active.add(i);
        if (n == 0) {
            if (active.isEmpty()) throw new IllegalArgumentException("RGPE: no target runs and no source task reports '" + outcome + "'");
            lastWeights.remove(outcome);
            return new SourceMean(pick(sources, active), null, null, 0, scale);
        }
        GaussianProcess target = targetFitter.fit(outcome, 0, x, y, weights);
        double mt = target.outputMean(), st = target.outputStd();
        if (active.isEmpty()) {
            double[] w = new double[sources.length + 1];
            w[sources.length] = 1;
            lastWeights.put(outcome, w);
            return new Ensemble(target, mt, st, new GaussianProcess[0], new double[0], new double[0], new double[0], 1, scale);
        }
        if (n < 2) {
            lastWeights.remove(outcome);
            return new SourceMean(pick(sources, active), target, x[0], y[0], scale);
        }

        // Ranking losses on bootstrap resamples; models 0..A-1 are the active sources, A the target.
        int a = active.size();
        boolean[][][] misranked = new boolean[a + 1][][];
        double[][] atTarget = new double[a][];
        for (int s = 0; s < a; s++) {
            atTarget[s] = sources[active.get(s)].predict(x).mean();
            misranked[s] = misranked(atTarget[s], y);
        }
        misranked[a] = misrankedLeaveOneOut(looMeans(target), y);
        double[][] loss = bootstrapLosses(misranked, samples, new Rng(seed).split(outcome.hashCode()).split(n));
        double[] w = weightsFromLosses(loss);

        double[] all = new double[sources.length + 1];
        all[sources.length] = w[a];
        List<GaussianProcess> used = new ArrayList<>();
        List<double[]> maps = new ArrayList<>();
        List<Double> usedWeights = new ArrayList<>();
        for (int s = 0; s < a; s++) {
            all[active.get(s)] = w[s];
            if (w[s] <= 0) continue;
            GaussianProcess gp = sources[active.get(s)];
            used.add(gp);
            maps.add(standardisation(gp, atTarget[s]));
            usedWeights.add(w[s]);
        }
        lastWeights.put(outcome, all);
        int u = used.size();
        double[] offset = new double[u], spread = new double[u], wu = new double[u];
        for (int i = 0; i < u; i++) {
            offset[i] = maps.get(i)[0];
            spread[i] = maps.get(i)[1];
            wu[i] = usedWeights.get(i);
        }
        return new Ensemble(target, mt, st, used.toArray(new GaussianProcess[0]), offset, spread, wu, w[a], scale);
    }

    private static GaussianProcess[] pick(GaussianProcess[] sources, List<Integer> active) {
        GaussianProcess[] out = new GaussianProcess[active.size()];
        for (int i = 0; i < out.length; i++) out[i] = sources[active.get(i)];
        return out;
    }

    /** {@code [a_s, b_s]}: the source's mean and spread over the target's inputs (see the class comment). */
    private static double[] standardisation(GaussianProcess gp, double[] predictionsAtTarget) {
        int n = predictionsAtTarget.length;
        double mean = 0;
        for (double v : predictionsAtTarget) mean += v / n;
        double var = 0;
        for (double v : predictionsAtTarget) var += (v - mean) * (v - mean) / n;
        double noise = gp.hyperparameters().noiseVariance() * gp.outputStd() * gp.outputStd();
        double spread = Math.max(Math.sqrt(var + noise), SPREAD_FLOOR * gp.outputStd());
        return new double[] {mean, spread};
    }

    // ---------------------------------------------------------------- ranking losses and weights

    /**
     * The ranking loss of predictions {@code f} on observations {@code y}: the number of ordered pairs (j, k) with
     * {@code (f_j < f_k) xor (y_j < y_k)} (so a swapped pair without ties counts twice, once from each side).
     */
    public static int rankingLoss(double[] f, double[] y) {
        boolean[][] m = misranked(f, y);
        int count = 0;
        for (boolean[] row : m) for (boolean b : row) if (b) count++;
        return count;
    }

    /** {@code [j][k]}: whether f ranks the ordered pair (j, k) differently from y. */
    static boolean[][] misranked(double[] f, double[] y) {
        int n = y.length;
        boolean[][] m = new boolean[n][n];
        for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) m[j][k] = (f[j] < f[k]) ^ (y[j] < y[k]);
        return m;
    }

    /** As {@link #misranked}, pair (j, k) judged by the model without point j: {@code loo[j][k] = f^-j(x_k)}. */
    static boolean[][] misrankedLeaveOneOut(double[][] loo, double[] y) {
        int n = y.length;
        boolean[][] m = new boolean[n][n];
        for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) m[j][k] = (loo[j][j] < loo[j][k]) ^ (y[j] < y[k]);
        return m;
    }

    /**
     * Leave-one-out posterior means of a fitted GP at its own inputs, {@code [j][k] = f^-j(x_k)}, in standardised
     * units, with the GP's hyperparameters and standardisation. With {@code A = K^-1} (K including noise and jitter),
     * {@code alpha = A z} and {@code N} the noise on the diagonal, removing point j gives
     * {@code f^-j(x_k) = m_k + N_k A_kj alpha_j / A_jj} for {@code k != j} and {@code f^-j(x_j) = z_j - alpha_j / A_jj},
     * where {@code m = z - N alpha} is the full posterior mean (Rasmussen and Williams, section 5.4.2).
     */
    static double[][] looMeans(GaussianProcess gp) {
        double[][] x = gp.inputs();
        int n = x.length;
        double[] y = gp.outputs(), mult = gp.noiseMultipliers();
        double m = gp.outputMean(), s = gp.outputStd();
        Matern52Kernel kernel = gp.kernel();
        double[] k = kernel.matrix(x);
        double[] noise = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            noise[i] = gp.hyperparameters().noiseVariance() * mult[i];
            k[i * n + i] += noise[i];
            z[i] = (y[i] - m) / s;
        }
        Cholesky chol = Cholesky.factor(k, n);
        for (int i = 0; i < n; i++) noise[i] += chol.jitter();
        double[] inv = chol.inverse();
        double[] alpha = chol.solve(z);
        double[][] loo = new double[n][n];
        for (int j = 0; j < n; j++) {
            double ajj = inv[j * n + j];
            for (int i = 0; i < n; i++) {
                loo[j][i] = i == j ? z[j] - alpha[j] / ajj
                        : z[i] - noise[i] * alpha[i] + noise[i] * inv[i * n + j] * alpha[j] / ajj;
            }
        }
        return loo;
    }

    /** {@code [model][sample]}: each model's loss on each bootstrap resample (counts c_j: {@code sum c_j c_k m_jk}). */
    static double[][] bootstrapLosses(boolean[][][] misranked, int samples, Rng rng) {
        int models = misranked.length, n = misranked[0].length;
        double[][] loss = new double[models][samples];
        int[] count = new int[n];
        for (int b = 0; b < samples; b++) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) count[rng.nextInt(n)]++;
            for (int model = 0; model < models; model++) {
                boolean[][] mm = misranked[model];
                long sum = 0;
                for (int j = 0; j < n; j++) {
                    if (count[j] == 0) continue;
                    long row = 0;
                    for (int k = 0; k < n; k++) if (mm[j][k]) row += count[k];
                    sum += count[j] * row;
                }
                loss[model][b] = sum;
            }
        }
        return loss;
    }

    /**
     * Weights from losses {@code [model][sample]} (the last model is the target): sources whose median loss exceeds
     * the target's 95th percentile are dropped, then each model's weight is the fraction of samples in which it has
     * the lowest loss, ties split.
     */
    static double[] weightsFromLosses(double[][] loss) {
        int models = loss.length, samples = loss[0].length, target = models - 1;
        boolean[] kept = new boolean[models];
        double limit = percentile(loss[target], DILUTION_PERCENTILE);
        for (int mdl = 0; mdl < models; mdl++) kept[mdl] = mdl == target || percentile(loss[mdl], 0.5) <= limit;
        double[] w = new double[models];
        for (int b = 0; b < samples; b++) {
            double best = Double.POSITIVE_INFINITY;
            int ties = 0;
            for (int mdl = 0; mdl < models; mdl++) {
                if (!kept[mdl]) continue;
                if (loss[mdl][b] < best) {
                    best = loss[mdl][b];
                    ties = 1;
                } else if (loss[mdl][b] == best) {
                    ties++;
                }
            }
            for (int mdl = 0; mdl < models; mdl++) if (kept[mdl] && loss[mdl][b] == best) w[mdl] += 1.0 / ties;
        }
        for (int mdl = 0; mdl < models; mdl++) w[mdl] /= samples;
        return w;
    }

    /** The q-quantile with linear interpolation between order statistics. */
    static double percentile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    // ---------------------------------------------------------------- weights, for explanations

    /**
     * The weights of the last fit of {@code outcome}, by source task id plus {@link #TARGET}, largest first; empty
     * before a fit with at least two target runs.
     */
    public Map<String, Double> weights(String outcome) {
        double[] w = lastWeights.get(outcome);
        Map<String, Double> out = new LinkedHashMap<>();
        if (w == null) return out;
        Integer[] order = new Integer[w.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -w[i]));
        for (int i : order) out.put(i == sourceIds.size() ? TARGET : sourceIds.get(i), w[i]);
        return out;
    }

    /**
     * The ids of up to {@code k} source tasks with the largest weights at the last fit, averaged over the outcomes
     * fitted so far (those with a weight above 0 only): the earlier products the new one resembles. Empty before a
     * fit with at least two target runs.
     */
    public List<String> mostSimilar(int k) {
        if (k < 0) throw new IllegalArgumentException("mostSimilar: k must be >= 0, got " + k);
        double[] mean = new double[sourceIds.size()];
        int fits = 0;
        for (double[] w : lastWeights.values()) {
            for (int i = 0; i < mean.length; i++) mean[i] += w[i];
            fits++;
        }
        if (fits == 0) return List.of();
        Integer[] order = new Integer[mean.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -mean[i]));
        List<String> out = new ArrayList<>();
        for (int i : order) {
            if (out.size() >= k || mean[i] <= 0) break;
            out.add(sourceIds.get(i));
        }
        return out;
    }

    // ---------------------------------------------------------------- models

    /** The ensemble of the class comment; conditioning updates the target GP and keeps weights and standardisations. */
    private record Ensemble(GaussianProcess target, double mt, double st, GaussianProcess[] sources, double[] offset,
                            double[] spread, double[] w, double wt, double scale) implements Model {
        @Override
        public double[][] predict(double[][] points) {
            int m = points.length;
            double[] z = new double[m], v = new double[m];
            // The declared scale floors the target GP's prior spread (as GpSurrogate); the sources' variances are
            // already in target units through their standardisation and are not stretched.
            double stretch = scale > 0 && st < scale ? scale / st : 1.0;
            if (wt > 0) {
                Prediction p = target.predict(points);
                for (int i = 0; i < m; i++) {
                    z[i] += wt * (p.mean()[i] - mt) / st;
                    v[i] += wt * wt * p.variance()[i] / (st * st) * stretch * stretch;
                }
            }
            for (int s = 0; s < sources.length; s++) {
                Prediction p = sources[s].predict(points);
                double b = spread[s];
                for (int i = 0; i < m; i++) {
                    z[i] += w[s] * (p.mean()[i] - offset[s]) / b;
                    v[i] += w[s] * w[s] * p.variance()[i] / (b * b);
                }
            }
            double[] mean = new double[m], sd = new double[m];
            for (int i = 0; i < m; i++) {
                mean[i] = mt + st * z[i];
                sd[i] = st * Math.sqrt(Math.max(v[i], 0.0));
            }
            return new double[][] {mean, sd};
        }

        @Override
        public Model condition(double[] x, double y) {
            return new Ensemble(target.withObservation(x, y), mt, st, sources, offset, spread, w, wt, scale);
        }
    }

    /**
     * Fewer than two target runs: the sources' mean, shifted through the one observation if there is one; the
     * variance is that of the mixture of the sources' differences from the observed point, plus the declared scale
     * times the target GP's standardised variance (see the class comment).
     */
    private record SourceMean(GaussianProcess[] sources, GaussianProcess target, double[] x0, double y0, double scale)
            implements Model {
        @Override
        public double[][] predict(double[][] points) {
            int m = points.length, s = sources.length;
            double[][] d = new double[s][];
            double[] var = new double[m], mean = new double[m];
            for (int k = 0; k < s; k++) {
                GaussianProcess gp = sources[k];
                Prediction p = gp.predict(points);
                double anchor = x0 == null ? 0 : gp.mean(x0);
                d[k] = new double[m];
                for (int i = 0; i < m; i++) {
                    d[k][i] = p.mean()[i] - anchor;
                    mean[i] += d[k][i] / s;
                    double v = p.variance()[i];
                    if (x0 != null) {
                        // Var(f(x) - f(x0)) = var(x) + var(x0) - 2 cov(x, x0): zero at the observed point.
                        double[] c = gp.covariance(new double[][] {points[i], x0}, false);
                        v = c[0] + c[3] - 2 * c[1];
                    }
                    var[i] += Math.max(v, 0.0) / s;
                }
            }
            double[] own = null;
            if (scale > 0 && target != null) {
                Prediction p = target.predict(points);
                double st = target.outputStd();
                own = new double[m];
                for (int i = 0; i < m; i++) own[i] = scale * scale * p.variance()[i] / (st * st);
            }
            double[] sd = new double[m], out = new double[m];
            for (int i = 0; i < m; i++) {
                double disagreement = 0;
                for (int k = 0; k < s; k++) disagreement += (d[k][i] - mean[i]) * (d[k][i] - mean[i]) / s;
                double extra = own != null ? own[i] : x0 == null ? scale * scale : 0;
                sd[i] = Math.sqrt(var[i] + disagreement + extra);
                out[i] = (x0 == null ? 0 : y0) + mean[i];
            }
            return new double[][] {out, sd};
        }
    }
}
