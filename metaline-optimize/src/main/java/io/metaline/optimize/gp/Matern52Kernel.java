package io.metaline.optimize.gp;

import java.util.Arrays;

/**
 * The Matérn 5/2 kernel with automatic relevance determination (one lengthscale per input dimension):
 *
 * <pre>
 *   k(x, x') = s2 (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r),   r^2 = sum_k ((x_k - x'_k) / l_k)^2
 * </pre>
 *
 * with signal variance {@code s2} and lengthscales {@code l_k} (Rasmussen and Williams, "Gaussian Processes for
 * Machine Learning", MIT Press 2006, eq. 4.17; recommended for Bayesian optimisation by Snoek, Larochelle and Adams,
 * "Practical Bayesian optimization of machine learning algorithms", NeurIPS 2012). Twice differentiable sample paths,
 * so less smooth than the squared exponential.
 *
 * <p>Inputs are assumed scaled to the unit cube by the caller, so lengthscales are in those units (a lengthscale of
 * 0.1 means the function varies on a tenth of the range of that input). Instances are immutable.
 */
public final class Matern52Kernel {
    static final double SQRT5 = 2.2360679774997896964091736687312762354406;

    private final double[] lengthscales;
    private final double[] inverseLengthscales;
    private final double signalVariance;

    /**
     * @param lengthscales   one positive, finite lengthscale per input dimension
     * @param signalVariance the prior variance {@code k(x, x)}, positive and finite
     */
    public Matern52Kernel(double[] lengthscales, double signalVariance) {
        if (lengthscales.length == 0) throw new IllegalArgumentException("Matern52Kernel: need at least one lengthscale");
        for (int k = 0; k < lengthscales.length; k++) {
            if (!(lengthscales[k] > 0) || Double.isInfinite(lengthscales[k])) {
                throw new IllegalArgumentException("Matern52Kernel: lengthscale " + k + " must be positive and finite, got "
                        + lengthscales[k]);
            }
        }
        if (!(signalVariance > 0) || Double.isInfinite(signalVariance)) {
            throw new IllegalArgumentException("Matern52Kernel: signal variance must be positive and finite, got "
                    + signalVariance);
        }
        this.lengthscales = lengthscales.clone();
        this.inverseLengthscales = new double[lengthscales.length];
        for (int k = 0; k < lengthscales.length; k++) inverseLengthscales[k] = 1.0 / lengthscales[k];
        this.signalVariance = signalVariance;
    }

    /** The input dimension d. */
    public int dimension() {
        return lengthscales.length;
    }

    /** A copy of the lengthscales. */
    public double[] lengthscales() {
        return lengthscales.clone();
    }

    public double signalVariance() {
        return signalVariance;
    }

    /** The scaled distance r between two points. */
    public double scaledDistance(double[] a, double[] b) {
        checkPoint(a, "first point");
        checkPoint(b, "second point");
        return Math.sqrt(scaledSquaredDistance(a, b));
    }

    double scaledSquaredDistance(double[] a, double[] b) {
        double r2 = 0;
        for (int k = 0; k < inverseLengthscales.length; k++) {
            double t = (a[k] - b[k]) * inverseLengthscales[k];
            r2 += t * t;
        }
        return r2;
    }

    /** {@code k(a, b)}. */
    public double value(double[] a, double[] b) {
        checkPoint(a, "first point");
        checkPoint(b, "second point");
        return ofDistance(Math.sqrt(scaledSquaredDistance(a, b)));
    }

    /** The kernel as a function of the scaled distance r. */
    public double ofDistance(double r) {
        double sr = SQRT5 * r;
        return signalVariance * (1 + sr + sr * sr / 3.0) * Math.exp(-sr);
    }

    /** {@code k(x_i, x_j)} for all pairs, row-major n x n. */
    public double[] matrix(double[][] x) {
        int n = x.length;
        for (int i = 0; i < n; i++) checkPoint(x[i], "point " + i);
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            k[i * n + i] = signalVariance;
            for (int j = 0; j < i; j++) {
                double v = ofDistance(Math.sqrt(scaledSquaredDistance(x[i], x[j])));
                k[i * n + j] = v;
                k[j * n + i] = v;
            }
        }
        return k;
    }

    /** {@code k(a_i, b_j)}, row-major a.length x b.length. */
    public double[] cross(double[][] a, double[][] b) {
        for (int i = 0; i < a.length; i++) checkPoint(a[i], "point " + i);
        for (int j = 0; j < b.length; j++) checkPoint(b[j], "point " + j);
        double[] k = new double[a.length * b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                k[i * b.length + j] = ofDistance(Math.sqrt(scaledSquaredDistance(a[i], b[j])));
            }
        }
        return k;
    }

    void checkPoint(double[] p, String what) {
        if (p.length != lengthscales.length) {
            throw new IllegalArgumentException("Matern52Kernel: " + what + " has " + p.length
                    + " coordinates but the kernel has " + lengthscales.length + " lengthscales (dimension d = "
                    + lengthscales.length + ")");
        }
    }

    @Override
    public String toString() {
        return "Matern52Kernel{lengthscales=" + Arrays.toString(lengthscales) + ", signalVariance=" + signalVariance + "}";
    }
}
