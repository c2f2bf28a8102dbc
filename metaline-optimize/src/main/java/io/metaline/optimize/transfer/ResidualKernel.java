package io.metaline.optimize.transfer;

import io.metaline.optimize.gp.Matern52Kernel;
import java.util.Arrays;

/**
 * The covariance of what an adapted prior network still gets wrong on a task: a share {@code offset} of the variance
 * is one constant for the whole task (the network's bias on it, e.g. a material that shifts every run alike), the
 * rest varies with the settings (isotropic Matern 5/2 in the unit cube). Immutable.
 */
record ResidualKernel(double variance, double lengthscale, double offset, Matern52Kernel matern) {
    static ResidualKernel of(int dimension, double variance, double lengthscale, double offset) {
        double[] ls = new double[dimension];
        Arrays.fill(ls, lengthscale);
        return new ResidualKernel(variance, lengthscale, offset, new Matern52Kernel(ls, variance * (1 - offset)));
    }

    /** {@code [n * n]}, row-major. */
    double[] matrix(double[][] x) {
        double[] k = matern.matrix(x);
        double c = offset * variance;
        for (int i = 0; i < k.length; i++) k[i] += c;
        return k;
    }

    /** {@code [a.length * b.length]}, row-major. */
    double[] cross(double[][] a, double[][] b) {
        double[] k = matern.cross(a, b);
        double c = offset * variance;
        for (int i = 0; i < k.length; i++) k[i] += c;
        return k;
    }
}
