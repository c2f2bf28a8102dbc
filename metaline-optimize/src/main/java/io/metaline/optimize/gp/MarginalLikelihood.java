package io.metaline.optimize.gp;

/**
 * The log marginal likelihood of standardised outputs and its gradient with respect to the log-hyperparameters, in
 * one pass that evaluates each kernel entry (one {@code exp}) only once; shared by
 * {@link GaussianProcess#logMarginalLikelihoodGradient()} and {@link HyperparameterFit}.
 *
 * <p>{@code L(theta) = -1/2 z^T K^-1 z - 1/2 log|K| - n/2 log 2 pi} with {@code K = k(X, X) + diag(noise c_i)}, and
 * {@code dL/dtheta = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta)}, {@code alpha = K^-1 z} (Rasmussen and Williams,
 * "Gaussian Processes for Machine Learning", MIT Press 2006, eqs. 2.30 and 5.9). For the Matérn 5/2 kernel,
 * {@code dk/dlog l_k = s2 (5/3) (1 + sqrt5 r) exp(-sqrt5 r) ((x_k - x'_k)/l_k)^2} (finite at r = 0),
 * {@code dk/dlog s2 = k} and {@code dK_ii/dlog noise = noise c_i}.
 */
final class MarginalLikelihood {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private MarginalLikelihood() {
    }

    /**
     * @param grad null, or an array of length d + 2 that receives the gradient
     * @return the log marginal likelihood
     * @throws CholeskyException if K cannot be factorised even with jitter
     */
    static double evaluate(double[][] x, double[] z, double[] multipliers, Hyperparameters hp, double[] grad) {
        int n = z.length;
        int d = hp.dimension();
        double s2 = hp.signalVariance();
        double noise = hp.noiseVariance();
        double[] inv2 = new double[d];
        for (int k = 0; k < d; k++) inv2[k] = 1.0 / (hp.lengthscale(k) * hp.lengthscale(k));
        // Inputs by coordinate, so the loops below run along the other points j of one row i: multiply-adds between
        // separate arrays at the same index, which the JIT vectorises.
        double[][] xt = new double[d][n];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) xt[k][i] = x[i][k];
        double[] kmat = new double[n * n];
        // per pair j < i, in row i: s2 exp(-sqrt5 r) and sqrt5 r
        double[][] expRows = grad == null ? null : new double[n][];
        double[][] srRows = grad == null ? null : new double[n][];
        double[] r2 = new double[n];
        for (int i = 0; i < n; i++) {
            kmat[i * n + i] = s2 + noise * multipliers[i];
            java.util.Arrays.fill(r2, 0, i, 0.0);
            for (int k = 0; k < d; k++) {
                double xik = xt[k][i], w = inv2[k];
                double[] xk = xt[k];
                for (int j = 0; j < i; j++) {
                    double t = xk[j] - xik;
                    r2[j] += t * t * w;
                }
            }
            double[] er = grad == null ? null : new double[i];
            double[] sq = grad == null ? null : new double[i];
            for (int j = 0; j < i; j++) {
                double sr = Matern52Kernel.SQRT5 * Math.sqrt(r2[j]);
                double e = s2 * Math.exp(-sr);
                double v = e * (1 + sr + sr * sr / 3.0);
                kmat[i * n + j] = v;
                kmat[j * n + i] = v;
                if (er != null) {
                    er[j] = e;
                    sq[j] = sr;
                }
            }
            if (expRows != null) {
                expRows[i] = er;
                srRows[i] = sq;
            }
        }
        Cholesky chol = Cholesky.factor(kmat, n);
        double[] alpha = chol.solve(z);
        double value = -0.5 * Cholesky.dot(z, 0, alpha, 0, n) - 0.5 * chol.logDeterminant() - 0.5 * n * LOG_2PI;
        if (grad == null) return value;
        if (grad.length != d + 2) {
            throw new IllegalArgumentException("MarginalLikelihood: gradient array has " + grad.length
                    + " entries but there are d + 2 = " + (d + 2) + " log-hyperparameters");
        }
        java.util.Arrays.fill(grad, 0.0);
        double[][] kinv = chol.inverseLowerRows();
        double gSignal = 0;
        double gNoise = 0;
        double[][] acc = new double[d][n]; // acc[k][j]: the lengthscale-k gradient's terms of pairs (i, j), summed over i
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            double ai = alpha[i];
            double[] ki = kinv[i], er = expRows[i], sq = srRows[i];
            int ri = i * n;
            double wii = ai * ai - ki[i];
            gSignal += 0.5 * wii * s2;
            gNoise += 0.5 * wii * noise * multipliers[i];
            for (int j = 0; j < i; j++) {
                double w = ai * alpha[j] - ki[j]; // the (j, i) entry is equal: 1/2 * 2
                gSignal += w * kmat[ri + j];
                g[j] = w * er[j] * (5.0 / 3.0) * (1 + sq[j]);
            }
            for (int k = 0; k < d; k++) {
                double xik = xt[k][i];
                double[] xk = xt[k], ak = acc[k];
                for (int j = 0; j < i; j++) {
                    double t = xk[j] - xik;
                    ak[j] += g[j] * t * t;
                }
            }
        }
        for (int k = 0; k < d; k++) {
            double s = 0;
            for (double v : acc[k]) s += v;
            grad[k] = s * inv2[k];
        }
        grad[d] = gSignal;
        grad[d + 1] = gNoise;
        return value;
    }
}
