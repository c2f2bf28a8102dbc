package io.metaline.optimize.gp;

import java.util.Arrays;

/**
 * The hyperparameters of a {@link GaussianProcess}: ARD lengthscales (unit-cube input units), signal variance and
 * Gaussian noise variance, the last two in <em>standardised</em> output units (the GP models
 * {@code (y - mean(y)) / std(y)}, so a signal variance near 1 and a noise variance of 0.01 mean "noise is a tenth of
 * the spread of y").
 *
 * <p>The log-parameter vector used by {@link GaussianProcess#logMarginalLikelihoodGradient()} and
 * {@link HyperparameterFit} is {@code [log l_1, ..., log l_d, log s2, log noise]} (length d + 2). Immutable.
 */
public final class Hyperparameters {
    private final double[] lengthscales;
    private final double signalVariance;
    private final double noiseVariance;

    /**
     * @throws IllegalArgumentException if a lengthscale or the signal variance is not positive and finite, or the noise
     *                                  variance is negative or not finite
     */
    public Hyperparameters(double[] lengthscales, double signalVariance, double noiseVariance) {
        new Matern52Kernel(lengthscales, signalVariance); // validates
        if (!(noiseVariance >= 0) || Double.isInfinite(noiseVariance)) {
            throw new IllegalArgumentException("Hyperparameters: noise variance must be finite and >= 0, got "
                    + noiseVariance);
        }
        this.lengthscales = lengthscales.clone();
        this.signalVariance = signalVariance;
        this.noiseVariance = noiseVariance;
    }

    /** Lengthscales {@code 0.5 sqrt(d)} (half the typical distance in the unit cube), signal 1, noise 1e-2. */
    public static Hyperparameters defaults(int d) {
        double[] ls = new double[d];
        Arrays.fill(ls, 0.5 * Math.sqrt(d));
        return new Hyperparameters(ls, 1.0, 1e-2);
    }

    /** From {@code [log l_1..log l_d, log s2, log noise]}. */
    public static Hyperparameters fromLog(double[] theta) {
        if (theta.length < 3) {
            throw new IllegalArgumentException("Hyperparameters.fromLog: need d + 2 >= 3 log-parameters, got "
                    + theta.length);
        }
        int d = theta.length - 2;
        double[] ls = new double[d];
        for (int k = 0; k < d; k++) ls[k] = Math.exp(theta[k]);
        return new Hyperparameters(ls, Math.exp(theta[d]), Math.exp(theta[d + 1]));
    }

    /** {@code [log l_1..log l_d, log s2, log noise]} (the last entry is -infinity for zero noise). */
    public double[] toLog() {
        int d = lengthscales.length;
        double[] t = new double[d + 2];
        for (int k = 0; k < d; k++) t[k] = Math.log(lengthscales[k]);
        t[d] = Math.log(signalVariance);
        t[d + 1] = Math.log(noiseVariance);
        return t;
    }

    public int dimension() {
        return lengthscales.length;
    }

    /** A copy of the lengthscales. */
    public double[] lengthscales() {
        return lengthscales.clone();
    }

    public double lengthscale(int k) {
        return lengthscales[k];
    }

    public double signalVariance() {
        return signalVariance;
    }

    public double noiseVariance() {
        return noiseVariance;
    }

    public Matern52Kernel kernel() {
        return new Matern52Kernel(lengthscales, signalVariance);
    }

    public Hyperparameters withNoiseVariance(double noise) {
        return new Hyperparameters(lengthscales, signalVariance, noise);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hyperparameters h && Arrays.equals(lengthscales, h.lengthscales)
                && Double.compare(signalVariance, h.signalVariance) == 0
                && Double.compare(noiseVariance, h.noiseVariance) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(lengthscales) + Double.hashCode(signalVariance)) + Double.hashCode(noiseVariance);
    }

    @Override
    public String toString() {
        return "Hyperparameters{lengthscales=" + Arrays.toString(lengthscales) + ", signalVariance=" + signalVariance
                + ", noiseVariance=" + noiseVariance + "}";
    }
}
