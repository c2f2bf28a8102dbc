package io.metaline.optimize.gp;

import io.metaline.engine.Rng;

/**
 * Exact Gaussian-process regression with a {@link Matern52Kernel}, standardised outputs and Gaussian noise, on plain
 * {@code double[]} arrays (Rasmussen and Williams, "Gaussian Processes for Machine Learning", MIT Press 2006,
 * Algorithm 2.1 for prediction and the marginal likelihood, eq. 5.9 for its gradient).
 *
 * <p><b>Model.</b> Inputs X (n x d) are assumed scaled to the unit cube by the caller. Outputs are standardised:
 * {@code z_i = (y_i - m) / s} with m the mean and s the population standard deviation of y (s is taken as 1 when y has
 * no spread, e.g. a single observation). The GP models z with prior {@code f ~ GP(0, k)} and observations
 * {@code z_i = f(x_i) + e_i}, {@code e_i ~ N(0, noise * c_i)}. Predictions are mapped back to original units
 * ({@code mean * s + m}, {@code variance * s^2}); hyperparameters and the marginal likelihood refer to z.
 *
 * <p><b>Per-observation noise multipliers.</b> {@code c_i} (default 1) inflate the noise of individual observations.
 * An observation with multiplier c carries the information of 1/c observations, so {@code c_i = 1 / w_i} implements a
 * weight {@code w_i in (0, 1]} ({@link #multipliersFromWeights}). For a drifting process, old observations can be
 * down-weighted by their age, e.g. {@code c_i = exp(age_i / tau)} with a forgetting time tau: they still shape the
 * posterior where nothing newer is known, but recent data dominate where both exist. (This is heteroscedastic noise
 * inflation, a simple alternative to time-varying kernels such as Bogunovic, Scarlett and Cevher, "Time-varying
 * Gaussian process bandit optimization", AISTATS 2016.) Predictive noise at new points uses multiplier 1.
 *
 * <p><b>Cost.</b> Fitting is one {@code O(n^3/6)} Cholesky; {@link #withObservation} adds one point in {@code O(n^2)}
 * by extending the factor (hyperparameters are kept; the outputs are re-standardised). Prediction is {@code O(n^2)} per
 * point (predictions are batched, see {@link #predict}). Instances are immutable and safe to share between threads.
 */
public final class GaussianProcess {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final double[][] x;
    private final double[] y;
    private final double[] multipliers;
    private final Hyperparameters hp;
    private final Matern52Kernel kernel;
    private final double yMean;
    private final double yStd;
    private final double[] z;
    private final Cholesky chol;
    private final double[] alpha;

    private GaussianProcess(double[][] x, double[] y, double[] multipliers, Hyperparameters hp, Cholesky chol) {
        this.x = x;
        this.y = y;
        this.multipliers = multipliers;
        this.hp = hp;
        this.kernel = hp.kernel();
        int n = y.length;
        double mean = 0;
        for (double v : y) mean += v;
        mean /= n;
        double ss = 0;
        for (double v : y) ss += (v - mean) * (v - mean);
        double std = Math.sqrt(ss / n);
        if (!(std > 1e-12 * Math.abs(mean)) || !Double.isFinite(std)) std = 1.0;
        this.yMean = mean;
        this.yStd = std;
        this.z = new double[n];
        for (int i = 0; i < n; i++) z[i] = (y[i] - mean) / std;
        this.chol = chol != null ? chol : Cholesky.factor(covarianceMatrix(x, multipliers, hp, kernel), n);
        this.alpha = this.chol.solve(z);
    }

    /** Fits with noise multipliers all 1. See {@link #fit(double[][], double[], double[], Hyperparameters)}. */
    public static GaussianProcess fit(double[][] x, double[] y, Hyperparameters hyperparameters) {
        return fit(x, y, null, hyperparameters);
    }

    /**
     * Conditions the GP on observations.
     *
     * @param x                n points in the unit cube, each with {@code hyperparameters.dimension()} coordinates
     * @param y                n finite outputs
     * @param noiseMultipliers n positive finite multipliers of the noise variance, or null for all 1
     * @throws IllegalArgumentException naming both sizes on a dimension mismatch, or the index of a non-finite value
     * @throws CholeskyException        if the covariance matrix cannot be factorised even with jitter
     */
    public static GaussianProcess fit(double[][] x, double[] y, double[] noiseMultipliers, Hyperparameters hyperparameters) {
        int n = x.length;
        if (y.length != n) {
            throw new IllegalArgumentException("GaussianProcess: X has " + n + " rows but y has " + y.length + " values");
        }
        if (n == 0) throw new IllegalArgumentException("GaussianProcess: need at least one observation");
        int d = hyperparameters.dimension();
        double[][] xc = new double[n][];
        for (int i = 0; i < n; i++) {
            xc[i] = checkedPoint(x[i], d, "row " + i + " of X");
        }
        double[] yc = y.clone();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(yc[i])) {
                throw new IllegalArgumentException("GaussianProcess: y[" + i + "] is " + yc[i] + " (must be finite)");
            }
        }
        double[] mc = checkedMultipliers(noiseMultipliers, n);
        return new GaussianProcess(xc, yc, mc, hyperparameters, null);
    }

    /** Multipliers {@code 1 / w_i} for weights {@code w_i} in (0, 1] (weight 1 = full, 0.5 = half an observation). */
    public static double[] multipliersFromWeights(double[] weights) {
        double[] m = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("GaussianProcess: weight " + i + " must be positive and finite, got "
                        + weights[i]);
            }
            m[i] = 1.0 / weights[i];
        }
        return m;
    }

    /** This GP conditioned additionally on {@code (xNew, yNew)} with noise multiplier 1. */
    public GaussianProcess withObservation(double[] xNew, double yNew) {
        return withObservation(xNew, yNew, 1.0);
    }

    /**
     * This GP conditioned additionally on {@code (xNew, yNew)}, keeping the hyperparameters: the Cholesky factor is
     * extended by one row in {@code O(n^2)} (falling back to a full refactorisation if the new pivot is not positive),
     * and the outputs are re-standardised.
     */
    public GaussianProcess withObservation(double[] xNew, double yNew, double noiseMultiplier) {
        int d = hp.dimension();
        double[] xp = checkedPoint(xNew, d, "new point");
        if (!Double.isFinite(yNew)) throw new IllegalArgumentException("GaussianProcess: new y is " + yNew);
        double[] mNew = checkedMultipliers(new double[] {noiseMultiplier}, 1);
        int n = y.length;
        double[][] x2 = new double[n + 1][];
        System.arraycopy(x, 0, x2, 0, n);
        x2[n] = xp;
        double[] y2 = new double[n + 1];
        System.arraycopy(y, 0, y2, 0, n);
        y2[n] = yNew;
        double[] m2 = new double[n + 1];
        System.arraycopy(multipliers, 0, m2, 0, n);
        m2[n] = mNew[0];
        double[] col = new double[n];
        for (int i = 0; i < n; i++) col[i] = kernel.ofDistance(Math.sqrt(kernel.scaledSquaredDistance(xp, x[i])));
        Cholesky extended;
        try {
            extended = chol.extend(col, kernel.signalVariance() + hp.noiseVariance() * m2[n]);
        } catch (CholeskyException e) {
            extended = null; // refactor from scratch with jitter
        }
        return new GaussianProcess(x2, y2, m2, hp, extended);
    }

    /** The same data with other hyperparameters. */
    public GaussianProcess withHyperparameters(Hyperparameters hyperparameters) {
        if (hyperparameters.dimension() != hp.dimension()) {
            throw new IllegalArgumentException("GaussianProcess: new hyperparameters have dimension "
                    + hyperparameters.dimension() + " but the data have dimension " + hp.dimension());
        }
        return new GaussianProcess(x, y, multipliers, hyperparameters, null);
    }

    static double[] covarianceMatrix(double[][] x, double[] multipliers, Hyperparameters hp, Matern52Kernel kernel) {
        int n = x.length;
        double[] k = new double[n * n];
        double s2 = kernel.signalVariance();
        double noise = hp.noiseVariance();
        for (int i = 0; i < n; i++) {
            k[i * n + i] = s2 + noise * multipliers[i];
            for (int j = 0; j < i; j++) {
                double v = kernel.ofDistance(Math.sqrt(kernel.scaledSquaredDistance(x[i], x[j])));
                k[i * n + j] = v;
                k[j * n + i] = v;
            }
        }
        return k;
    }

    /** Number of observations n. */
    public int size() {
        return y.length;
    }

    /** Input dimension d. */
    public int dimension() {
        return hp.dimension();
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    public Matern52Kernel kernel() {
        return kernel;
    }

    /** The mean of y used for standardisation. */
    public double outputMean() {
        return yMean;
    }

    /** The standard deviation of y used for standardisation (1 if y has no spread). */
    public double outputStd() {
        return yStd;
    }

    /** The diagonal jitter the Cholesky factorisation needed (standardised units; 0 if none). */
    public double jitter() {
        return chol.jitter();
    }

    /** A copy of the inputs. */
    public double[][] inputs() {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
        return c;
    }

    /** A copy of the outputs. */
    public double[] outputs() {
        return y.clone();
    }

    /** A copy of the noise multipliers. */
    public double[] noiseMultipliers() {
        return multipliers.clone();
    }

    /**
     * Each observation's leave-one-out residual divided by its leave-one-out predictive standard deviation (noise
     * included), with the hyperparameters fixed, in closed form (Rasmussen and Williams 2006, eq. 5.12):
     * {@code alpha_i / sqrt([K^-1]_ii)}. A calibrated model gives values of mean square about 1.
     */
    public double[] leaveOneOutStandardised() {
        int n = y.length;
        double[] inverse = chol.inverse();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = alpha[i] / Math.sqrt(inverse[i * n + i]);
        return out;
    }

    /** Candidates predicted together: their cross-covariances with the data ({@code n x block}) stay in cache. */
    private static final int PREDICT_BLOCK = 64;

    /**
     * Posterior means and variances at the given points. The points are taken in blocks: the block's
     * cross-covariances with the data form an {@code n x block} matrix, and one forward substitution with the Cholesky
     * factor solves it for the whole block, so the inner loops run along the block (contiguous, vectorisable) instead
     * of one triangular solve per point. The same {@code O(n^2)} work per point as a solve each, several times faster.
     */
    public Prediction predict(double[][] points) {
        int m = points.length;
        int n = y.length;
        int d = hp.dimension();
        for (int p = 0; p < m; p++) kernel.checkPoint(points[p], "point " + p);
        double[] mean = new double[m];
        double[] var = new double[m];
        double s2 = kernel.signalVariance();
        double scale2 = yStd * yStd;
        // Inputs divided by the lengthscales once, so a squared distance is a plain sum of squares.
        double[] inv = new double[d];
        for (int k = 0; k < d; k++) inv[k] = 1.0 / hp.lengthscale(k);
        double[] xs = new double[n * d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) xs[i * d + k] = x[i][k] * inv[k];
        int width = Math.min(m, PREDICT_BLOCK);
        // Rows as separate arrays indexed by the candidate alone: the pattern the JIT's vectoriser accepts.
        double[][] v = new double[n][width];
        double[][] ps = new double[d][width]; // the block's scaled points, by coordinate
        double[] mu = new double[width];
        double[] q = new double[width];
        for (int start = 0; start < m; start += PREDICT_BLOCK) {
            int b = Math.min(PREDICT_BLOCK, m - start);
            for (int p = 0; p < b; p++) for (int k = 0; k < d; k++) ps[k][p] = points[start + p][k] * inv[k];
            java.util.Arrays.fill(mu, 0.0);
            for (int i = 0; i < n; i++) {
                double[] vi = v[i];
                // squared scaled distances of data point i to the whole block, one coordinate at a time
                java.util.Arrays.fill(vi, 0.0);
                for (int k = 0; k < d; k++) {
                    double xk = xs[i * d + k];
                    double[] pk = ps[k];
                    for (int p = 0; p < b; p++) {
                        double t = pk[p] - xk;
                        vi[p] += t * t;
                    }
                }
                double ai = alpha[i];
                for (int p = 0; p < b; p++) {
                    double sr = Matern52Kernel.SQRT5 * Math.sqrt(vi[p]);
                    double kv = s2 * (1 + sr + sr * sr / 3.0) * Math.exp(-sr);
                    vi[p] = kv;
                    mu[p] += kv * ai;
                }
            }
            chol.solveLowerRowsInPlace(v, b);
            java.util.Arrays.fill(q, 0.0);
            for (int i = 0; i < n; i++) {
                double[] vi = v[i];
                for (int p = 0; p < b; p++) q[p] += vi[p] * vi[p];
            }
            for (int p = 0; p < b; p++) {
                mean[start + p] = mu[p] * yStd + yMean;
                var[start + p] = Math.max(s2 - q[p], 0.0) * scale2;
            }
        }
        return new Prediction(mean, var, hp.noiseVariance() * scale2);
    }

    /** Posterior mean at one point. */
    public double mean(double[] point) {
        return predict(new double[][] {point}).mean()[0];
    }

    /** Posterior variance at one point, of the latent function or (includeNoise) of a new observation. */
    public double variance(double[] point, boolean includeNoise) {
        Prediction p = predict(new double[][] {point});
        return includeNoise ? p.varianceWithNoise()[0] : p.variance()[0];
    }

    /**
     * The joint posterior covariance at m points, row-major m x m, in original units; with includeNoise the noise
     * variance is added to the diagonal (independent new observations).
     */
    public double[] covariance(double[][] points, boolean includeNoise) {
        int m = points.length;
        double[] c = standardisedCovariance(points, includeNoise);
        double scale2 = yStd * yStd;
        for (int i = 0; i < m * m; i++) c[i] *= scale2;
        return c;
    }

    private double[] standardisedCovariance(double[][] points, boolean includeNoise) {
        int m = points.length;
        int n = y.length;
        double[][] v = new double[m][];
        for (int p = 0; p < m; p++) {
            kernel.checkPoint(points[p], "point " + p);
            double[] vp = new double[n];
            for (int i = 0; i < n; i++) vp[i] = kernel.ofDistance(Math.sqrt(kernel.scaledSquaredDistance(points[p], x[i])));
            chol.solveLowerInPlace(vp);
            v[p] = vp;
        }
        double[] c = new double[m * m];
        for (int p = 0; p < m; p++) {
            for (int q = 0; q <= p; q++) {
                double k = kernel.ofDistance(Math.sqrt(kernel.scaledSquaredDistance(points[p], points[q])));
                double val = k - Cholesky.dot(v[p], 0, v[q], 0, n);
                c[p * m + q] = val;
                c[q * m + p] = val;
            }
            if (includeNoise) c[p * m + p] += hp.noiseVariance();
        }
        return c;
    }

    /**
     * Joint samples of the latent function at the given points from the posterior (Thompson sampling), in original
     * units: {@code mean + L eps} with L the Cholesky factor of the posterior covariance (jitter added as needed, up
     * to 1e-4 of its mean diagonal, for duplicate or near-duplicate points).
     *
     * @return {@code numSamples} arrays of length {@code points.length}
     */
    public double[][] sample(double[][] points, int numSamples, Rng rng) {
        return sample(points, numSamples, rng, false);
    }

    /** As {@link #sample(double[][], int, Rng)}; with includeNoise, samples of new noisy observations instead. */
    public double[][] sample(double[][] points, int numSamples, Rng rng, boolean includeNoise) {
        if (numSamples < 0) throw new IllegalArgumentException("GaussianProcess.sample: numSamples must be >= 0, got " + numSamples);
        int m = points.length;
        double[] mean = predict(points).mean();
        double[] cov = standardisedCovariance(points, includeNoise);
        for (int i = 0; i < m; i++) cov[i * m + i] = Math.max(cov[i * m + i], 0.0);
        return Cholesky.factor(cov, m).sample(mean, yStd, numSamples, rng);
    }

    /**
     * {@code log p(z | X, theta) = -1/2 z^T K^-1 z - 1/2 log|K| - n/2 log 2 pi} of the standardised outputs z, with
     * {@code K = k(X, X) + diag(noise c_i)} (+ jitter, if any was needed).
     */
    public double logMarginalLikelihood() {
        double q = 0;
        for (int i = 0; i < z.length; i++) q += z[i] * alpha[i];
        return -0.5 * q - 0.5 * chol.logDeterminant() - 0.5 * z.length * LOG_2PI;
    }

    /**
     * The gradient of {@link #logMarginalLikelihood()} with respect to
     * {@code [log l_1..log l_d, log s2, log noise]}: {@code 1/2 tr((alpha alpha^T - K^-1) dK/dtheta)} (Rasmussen and
     * Williams eq. 5.9; the kernel derivatives are listed in {@link MarginalLikelihood}). Costs a fresh
     * {@code O(n^3/6)} factorisation and an {@code O(n^3/3)} inverse plus {@code O(n^2 d)}.
     */
    public double[] logMarginalLikelihoodGradient() {
        double[] grad = new double[hp.dimension() + 2];
        MarginalLikelihood.evaluate(x, z, multipliers, hp, grad);
        return grad;
    }

    /** The standardised outputs (not copied; package use only). */
    double[] standardisedOutputs() {
        return z;
    }

    /** The inputs (not copied; package use only). */
    double[][] inputsView() {
        return x;
    }

    /** The Cholesky factor of the standardised covariance (package use only). */
    Cholesky cholesky() {
        return chol;
    }

    /** The noise multipliers (not copied; package use only). */
    double[] multipliersView() {
        return multipliers;
    }

    private static double[] checkedPoint(double[] p, int d, String what) {
        if (p == null) throw new IllegalArgumentException("GaussianProcess: " + what + " is null");
        if (p.length != d) {
            throw new IllegalArgumentException("GaussianProcess: " + what + " has " + p.length
                    + " coordinates but the hyperparameters have " + d + " lengthscales (dimension d = " + d + ")");
        }
        for (int k = 0; k < d; k++) {
            if (!Double.isFinite(p[k])) {
                throw new IllegalArgumentException("GaussianProcess: coordinate " + k + " of " + what + " is " + p[k]);
            }
        }
        return p.clone();
    }

    private static double[] checkedMultipliers(double[] m, int n) {
        if (m == null) {
            double[] ones = new double[n];
            java.util.Arrays.fill(ones, 1.0);
            return ones;
        }
        if (m.length != n) {
            throw new IllegalArgumentException("GaussianProcess: " + m.length + " noise multipliers for " + n
                    + " observations");
        }
        for (int i = 0; i < n; i++) {
            if (!(m[i] > 0) || Double.isInfinite(m[i])) {
                throw new IllegalArgumentException("GaussianProcess: noise multiplier " + i
                        + " must be positive and finite, got " + m[i]);
            }
        }
        return m.clone();
    }
}
