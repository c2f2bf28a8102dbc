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
        double[] kmat = new double[n * n];
        // per pair (i > j), stored in the upper triangle of a second matrix: s2 exp(-sqrt5 r) and sqrt5 r
        double[] aux = grad == null ? null : new double[n * n];
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            kmat[i * n + i] = s2 + noise * multipliers[i];
            for (int j = 0; j < i; j++) {
                double[] xj = x[j];
                double r2 = 0;
                for (int k = 0; k < d; k++) {
                    double t = xi[k] - xj[k];
                    r2 += t * t * inv2[k];
                }
                double sr = Matern52Kernel.SQRT5 * Math.sqrt(r2);
                double e = s2 * Math.exp(-sr);
                double v = e * (1 + sr + sr * sr / 3.0);
                kmat[i * n + j] = v;
                kmat[j * n + i] = v;
                if (aux != null) {
                    aux[i * n + j] = e;
                    aux[j * n + i] = sr;
                }
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
        double[] kinv = chol.inverse();
        double gSignal = 0;
        double gNoise = 0;
        double[] gl = new double[d];
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            double ai = alpha[i];
            int ri = i * n;
            double wii = ai * ai - kinv[ri + i];
            gSignal += 0.5 * wii * s2;
            gNoise += 0.5 * wii * noise * multipliers[i];
            for (int j = 0; j < i; j++) {
                double w = ai * alpha[j] - kinv[ri + j]; // the (j, i) entry is equal: 1/2 * 2
                gSignal += w * kmat[ri + j];
                double e = aux[ri + j];
                double sr = aux[j * n + i];
                double g = w * e * (5.0 / 3.0) * (1 + sr);
                double[] xj = x[j];
                for (int k = 0; k < d; k++) {
                    double t = xi[k] - xj[k];
                    gl[k] += g * t * t;
                }
            }
        }
        for (int k = 0; k < d; k++) grad[k] = gl[k] * inv2[k];
        grad[d] = gSignal;
        grad[d + 1] = gNoise;
        return value;
    }
}
