package io.metaline.optimize.gp;

/**
 * Marginal posterior predictions of a {@link GaussianProcess} at m points, in original output units.
 *
 * <p>{@link #variance()} is the variance of the latent function f(x); {@link #varianceWithNoise()} adds the
 * observation-noise variance (with multiplier 1), i.e. it is the predictive variance of a new measurement y(x). The
 * accessors return this object's own arrays (no copy), made fresh for each prediction.
 */
public final class Prediction {
    private final double[] mean;
    private final double[] variance;
    private final double noiseVariance;
    private double[] withNoise;

    Prediction(double[] mean, double[] variance, double noiseVariance) {
        this.mean = mean;
        this.variance = variance;
        this.noiseVariance = noiseVariance;
    }

    /** Number of points. */
    public int size() {
        return mean.length;
    }

    /** Posterior means. */
    public double[] mean() {
        return mean;
    }

    /** Posterior variances of the latent function (no noise), clamped at 0. */
    public double[] variance() {
        return variance;
    }

    /** Posterior variances of a new noisy observation: {@link #variance()} plus the noise variance. */
    public double[] varianceWithNoise() {
        if (withNoise == null) {
            withNoise = new double[variance.length];
            for (int i = 0; i < variance.length; i++) withNoise[i] = variance[i] + noiseVariance;
        }
        return withNoise;
    }

    /** Posterior standard deviation of the latent function at point i. */
    public double sd(int i) {
        return Math.sqrt(variance[i]);
    }

    /** The observation-noise variance in original units (base noise, multiplier 1). */
    public double noiseVariance() {
        return noiseVariance;
    }
}
