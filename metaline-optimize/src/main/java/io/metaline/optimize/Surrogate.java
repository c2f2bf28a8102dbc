package io.metaline.optimize;

/**
 * A probabilistic model of one outcome over the encoded search space, refitted each time a suggestion is asked
 * for. Implementations: a Gaussian process without transfer ({@link GpSurrogate}); transfer surrogates built from
 * the history of earlier tasks.
 */
public interface Surrogate {
    /**
     * Fits a model of {@code outcome} to observations.
     *
     * @param x       encoded inputs, one row per observation
     * @param y       observed values
     * @param weights per-observation weights in (0, 1] (drift); 1 = full weight
     * @param scale   a lower bound for the outcome's prior standard deviation (e.g. the distance to a safety limit),
     *                or 0 to let the data decide
     */
    Model fit(String outcome, double[][] x, double[] y, double[] weights, double scale);

    /** A fitted model: predictions in the outcome's own unit. */
    interface Model {
        /** Means and standard deviations (of the noise-free outcome) at each point: {@code [2][n]}. */
        double[][] predict(double[][] points);

        /** The model with one more (imagined) observation, for pending trials; may return itself. */
        default Model condition(double[] x, double y) {
            return this;
        }
    }
}
