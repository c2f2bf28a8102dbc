package io.metaline.optimize.gp;

import io.metaline.engine.Rng;

/**
 * Type-II maximum a posteriori fit of {@link Hyperparameters}: maximises
 * {@code log p(z | X, theta) + log p(theta)} over the log-parameters {@code theta = [log l_1..log l_d, log s2, log
 * noise]} with multi-start L-BFGS (Nocedal and Wright, "Numerical Optimization", Algorithm 7.4), within box bounds.
 *
 * <p><b>Priors</b> (weak; on by default, {@link #withPriors(boolean)} turns them off for plain maximum likelihood):
 * <ul>
 *   <li>lengthscales: {@code log l_k ~ N(sqrt2 + log(d)/2, 3)}, i.e. log-normal with median {@code e^sqrt2 sqrt(d)}
 *   and log-standard deviation {@code sqrt3}, the dimension-scaled prior of Hvarfner, Hellsten and Nardi, "Vanilla
 *   Bayesian optimization performs great in high dimensions", ICML 2024 (also BoTorch's default). It favours smooth
 *   models when data are few, so a handful of points cannot produce a degenerate tiny-lengthscale interpolant, and is
 *   overwhelmed by the likelihood once data support short lengthscales;</li>
 *   <li>noise variance (standardised units): {@code log noise ~ N(-4, 1)}, log-normal with median {@code e^-4 = 0.018}
 *   (the noise prior BoTorch pairs with the above), which keeps the noise away from both "everything is noise" and
 *   exactly-zero noise on small data sets;</li>
 *   <li>signal variance: none (the outputs are standardised, so it stays near 1; only the bounds apply).</li>
 * </ul>
 * The priors are Gaussian densities of the log-parameters (MAP in log space); constants are dropped.
 *
 * <p><b>Bounds</b> (defaults): lengthscales [0.01, 100], signal variance [0.01, 100], noise variance [1e-6, 10]. They
 * are enforced by optimising unconstrained {@code u} with {@code theta = lo + (hi - lo) sigmoid(u)}; equal lower and
 * upper bounds fix a parameter (e.g. a known noise level).
 *
 * <p><b>Starts</b>: the warm start (if given, clipped into the bounds) or {@link Hyperparameters#defaults}; then the
 * prior medians; then log-uniform random points from a seeded {@link Rng}. Starts whose covariance cannot be factorised
 * are skipped. The fit is deterministic for a given seed and data. Instances are immutable; the {@code with*} methods
 * return modified copies.
 */
public final class HyperparameterFit {
    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double SQRT3 = Math.sqrt(3.0);
    /** Mean of the log-normal noise prior (log noise variance, standardised units). */
    public static final double NOISE_PRIOR_MEAN = -4.0;
    /** Standard deviation of the log-normal noise prior. */
    public static final double NOISE_PRIOR_SD = 1.0;
    /** Standard deviation of the log-normal lengthscale prior. */
    public static final double LENGTHSCALE_PRIOR_SD = SQRT3;

    private final int starts;
    private final long seed;
    private final int maxIterations;
    private final boolean priors;
    private final double[] lengthscaleBounds;
    private final double[] signalBounds;
    private final double[] noiseBounds;

    private HyperparameterFit(int starts, long seed, int maxIterations, boolean priors, double[] lengthscaleBounds,
                              double[] signalBounds, double[] noiseBounds) {
        this.starts = starts;
        this.seed = seed;
        this.maxIterations = maxIterations;
        this.priors = priors;
        this.lengthscaleBounds = lengthscaleBounds;
        this.signalBounds = signalBounds;
        this.noiseBounds = noiseBounds;
    }

    /** Four starts, seed 0, at most 100 L-BFGS iterations per start, priors on, default bounds. */
    public static HyperparameterFit defaults() {
        return new HyperparameterFit(4, 0L, 100, true, new double[] {1e-2, 1e2}, new double[] {1e-2, 1e2},
                new double[] {1e-6, 10.0});
    }

    public HyperparameterFit withStarts(int n) {
        if (n < 1) throw new IllegalArgumentException("HyperparameterFit: starts must be >= 1, got " + n);
        return new HyperparameterFit(n, seed, maxIterations, priors, lengthscaleBounds, signalBounds, noiseBounds);
    }

    public HyperparameterFit withSeed(long s) {
        return new HyperparameterFit(starts, s, maxIterations, priors, lengthscaleBounds, signalBounds, noiseBounds);
    }

    public HyperparameterFit withMaxIterations(int n) {
        if (n < 1) throw new IllegalArgumentException("HyperparameterFit: maxIterations must be >= 1, got " + n);
        return new HyperparameterFit(starts, seed, n, priors, lengthscaleBounds, signalBounds, noiseBounds);
    }

    /** Priors on (MAP, the default) or off (maximum marginal likelihood). */
    public HyperparameterFit withPriors(boolean on) {
        return new HyperparameterFit(starts, seed, maxIterations, on, lengthscaleBounds, signalBounds, noiseBounds);
    }

    public HyperparameterFit withLengthscaleBounds(double lo, double hi) {
        return new HyperparameterFit(starts, seed, maxIterations, priors, bounds("lengthscale", lo, hi), signalBounds,
                noiseBounds);
    }

    public HyperparameterFit withSignalVarianceBounds(double lo, double hi) {
        return new HyperparameterFit(starts, seed, maxIterations, priors, lengthscaleBounds, bounds("signal variance", lo, hi),
                noiseBounds);
    }

    /** Noise variance bounds in standardised units; {@code lo == hi} fixes the noise. */
    public HyperparameterFit withNoiseVarianceBounds(double lo, double hi) {
        return new HyperparameterFit(starts, seed, maxIterations, priors, lengthscaleBounds, signalBounds,
                bounds("noise variance", lo, hi));
    }

    private static double[] bounds(String what, double lo, double hi) {
        if (!(lo > 0) || !(hi >= lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException("HyperparameterFit: " + what + " bounds must satisfy 0 < lo <= hi < inf, got ["
                    + lo + ", " + hi + "]");
        }
        return new double[] {lo, hi};
    }

    /** Fits with unit noise multipliers and no warm start. */
    public FitResult fit(double[][] x, double[] y) {
        return fit(x, y, null, null);
    }

    /**
     * Fits hyperparameters to the data.
     *
     * @param noiseMultipliers per-observation noise multipliers (see {@link GaussianProcess}), or null
     * @param warmStart        the first starting point (e.g. the previous fit), or null
     * @throws IllegalArgumentException on invalid data (as {@link GaussianProcess#fit})
     * @throws CholeskyException        if no start could be evaluated
     */
    public FitResult fit(double[][] x, double[] y, double[] noiseMultipliers, Hyperparameters warmStart) {
        if (x.length == 0) throw new IllegalArgumentException("HyperparameterFit: need at least one observation");
        int d = x[0].length;
        if (warmStart != null && warmStart.dimension() != d) {
            throw new IllegalArgumentException("HyperparameterFit: warm start has dimension " + warmStart.dimension()
                    + " but the data have dimension " + d);
        }
        // Validates everything once, with the caller's indices in the messages.
        GaussianProcess base = GaussianProcess.fit(x, y, noiseMultipliers, Hyperparameters.defaults(d));
        double[][] xs = base.inputsView();
        double[] zs = base.standardisedOutputs();
        double[] ms = base.multipliersView();
        int p = d + 2;
        double[] lo = new double[p];
        double[] hi = new double[p];
        for (int k = 0; k < d; k++) {
            lo[k] = Math.log(lengthscaleBounds[0]);
            hi[k] = Math.log(lengthscaleBounds[1]);
        }
        lo[d] = Math.log(signalBounds[0]);
        hi[d] = Math.log(signalBounds[1]);
        lo[d + 1] = Math.log(noiseBounds[0]);
        hi[d + 1] = Math.log(noiseBounds[1]);
        double lsPriorMean = SQRT2 + 0.5 * Math.log(d);

        Lbfgs.Objective objective = (u, grad) -> {
            double[] theta = new double[p];
            double[] jac = new double[p];
            for (int i = 0; i < p; i++) {
                double sg = sigmoid(u[i]);
                theta[i] = lo[i] + (hi[i] - lo[i]) * sg;
                jac[i] = (hi[i] - lo[i]) * sg * (1 - sg);
            }
            double[] g = new double[p];
            double value;
            try {
                value = MarginalLikelihood.evaluate(xs, zs, ms, Hyperparameters.fromLog(theta), g);
            } catch (CholeskyException | IllegalArgumentException e) {
                return Double.POSITIVE_INFINITY;
            }
            if (priors) {
                for (int k = 0; k < d; k++) {
                    double t = (theta[k] - lsPriorMean) / LENGTHSCALE_PRIOR_SD;
                    value -= 0.5 * t * t;
                    g[k] -= t / LENGTHSCALE_PRIOR_SD;
                }
                double t = (theta[d + 1] - NOISE_PRIOR_MEAN) / NOISE_PRIOR_SD;
                value -= 0.5 * t * t;
                g[d + 1] -= t / NOISE_PRIOR_SD;
            }
            for (int i = 0; i < p; i++) grad[i] = -g[i] * jac[i];
            return Double.isFinite(value) ? -value : Double.POSITIVE_INFINITY;
        };

        Rng rng = new Rng(seed);
        Lbfgs lbfgs = new Lbfgs(8, maxIterations, 1e-4, 1e-7);
        double[] bestTheta = null;
        double bestValue = Double.POSITIVE_INFINITY;
        int succeeded = 0;
        int evaluations = 0;
        for (int s = 0; s < starts; s++) {
            double[] theta0 = new double[p];
            if (s == 0) {
                double[] t = (warmStart != null ? warmStart : Hyperparameters.defaults(d)).toLog();
                System.arraycopy(t, 0, theta0, 0, p);
            } else if (s == 1) {
                for (int k = 0; k < d; k++) theta0[k] = lsPriorMean;
                theta0[d] = 0.0;
                theta0[d + 1] = NOISE_PRIOR_MEAN;
            } else {
                for (int k = 0; k < d; k++) theta0[k] = rng.uniform(Math.log(0.05), Math.log(2.0 * Math.sqrt(d)));
                theta0[d] = rng.uniform(Math.log(0.3), Math.log(3.0));
                theta0[d + 1] = rng.uniform(Math.log(1e-4), Math.log(0.3));
            }
            double[] u0 = new double[p];
            for (int i = 0; i < p; i++) {
                if (hi[i] == lo[i]) {
                    u0[i] = 0;
                    continue;
                }
                double f = (theta0[i] - lo[i]) / (hi[i] - lo[i]);
                if (!(f == f)) f = 0.5; // NaN, e.g. log(0) noise in a warm start
                f = Math.min(Math.max(f, 1e-3), 1 - 1e-3);
                u0[i] = Math.log(f / (1 - f));
            }
            Lbfgs.Result r = lbfgs.minimise(objective, u0);
            evaluations += r.evaluations();
            if (!Double.isFinite(r.value())) continue;
            succeeded++;
            if (r.value() < bestValue) {
                bestValue = r.value();
                bestTheta = new double[p];
                for (int i = 0; i < p; i++) bestTheta[i] = lo[i] + (hi[i] - lo[i]) * sigmoid(r.x()[i]);
            }
        }
        if (bestTheta == null) {
            throw new CholeskyException("HyperparameterFit: none of the " + starts
                    + " starts gave a factorisable covariance matrix (n = " + zs.length + ", d = " + d + ")");
        }
        GaussianProcess gp = base.withHyperparameters(Hyperparameters.fromLog(bestTheta));
        return new FitResult(gp, gp.logMarginalLikelihood(), -bestValue, succeeded, evaluations);
    }

    private static double sigmoid(double u) {
        return u >= 0 ? 1.0 / (1.0 + Math.exp(-u)) : Math.exp(u) / (1.0 + Math.exp(u));
    }
}
