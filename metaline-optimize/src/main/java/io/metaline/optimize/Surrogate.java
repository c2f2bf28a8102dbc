package io.metaline.optimize;

/**
 * A probabilistic model of one outcome over the encoded search space, fitted to the data each time a suggestion is
 * asked for. An implementation may reuse costly parts of earlier fits, such as hyperparameters, as long as the answer
 * depends only on the data it is given, so that a restored study suggests what the original would. Implementations:
 * a Gaussian process without transfer ({@link GpSurrogate}); transfer surrogates built from the history of earlier
 * tasks.
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

    /**
     * As {@link #fit(String, double[][], double[], double[], double)}, for the study's {@code index}-th outcome
     * (objective first): a surrogate may use it to spread costly work over several asks, one outcome at a time. The
     * default ignores it.
     */
    default Model fit(String outcome, int index, double[][] x, double[] y, double[] weights, double scale) {
        return fit(outcome, x, y, weights, scale);
    }

    /**
     * Does now, on the caller's thread, what a fit of these observations plus the next one can already do (such as
     * fitting hyperparameters that do not depend on the next one), so that it is ready when that fit comes. Must not
     * change what any fit returns, and must be safe to call while other threads fit. Nothing by default.
     */
    default void prefetch(String outcome, int index, double[][] x, double[] y, double[] weights) {
    }

    /**
     * Whether {@link #fit} accepts no observations at all (a prior that predicts before the first run), so a study
     * declared with no initial trials lets the model choose its very first setting.
     */
    default boolean predictsWithoutData() {
        return false;
    }

    /**
     * The surrogate to use in safe mode, where a study must stay confidently inside its hard limits: a surrogate may
     * trade some of its speed for more conservative models there. This one by default.
     */
    default Surrogate forSafeMode() {
        return this;
    }

    /**
     * The surrogate to use under a study's drift policy (asked for every study, {@code NONE} included): where the
     * policy down-weights or forgets old runs the data are not a growing series, so a surrogate that reuses fits
     * across asks may turn that off there. This one by default.
     */
    default Surrogate forDrift(DriftPolicy drift) {
        return this;
    }

    /**
     * Settings the surrogate proposes as extra acquisition candidates (for instance where earlier tasks were best);
     * they are scored like any other candidate and approached within the step limits. Empty by default.
     */
    default java.util.List<java.util.Map<String, Double>> proposals() {
        return java.util.List.of();
    }

    /**
     * A model of the objective over the encoded settings followed by {@code features} of the constrained outcomes,
     * learnt from earlier tasks, which a study uses over its first runs ({@link OutcomeAwareObjective}).
     *
     * @param objective the objective's name
     * @param surrogate fits the objective over the widened inputs
     */
    record ObjectiveOverOutcomes(String objective, Surrogate surrogate, OutcomeFeatures features) {}

    /** The surrogate's {@link ObjectiveOverOutcomes}, if it has learnt one; null by default. */
    default ObjectiveOverOutcomes objectiveOverOutcomes() {
        return null;
    }

    /** A fitted model: predictions in the outcome's own unit. */
    interface Model {
        /** Means and standard deviations (of the noise-free outcome) at each point: {@code [2][n]}. */
        double[][] predict(double[][] points);

        /**
         * {@code numSamples} samples of the noise-free outcome at the points (Thompson sampling), {@code [numSamples][n]}.
         * By default each point is drawn independently from its marginal; models that know their posterior
         * covariance draw joint samples.
         */
        default double[][] sample(double[][] points, int numSamples, io.metaline.engine.Rng rng) {
            double[][] p = predict(points);
            double[][] out = new double[numSamples][points.length];
            for (int s = 0; s < numSamples; s++) {
                for (int i = 0; i < points.length; i++) out[s][i] = p[0][i] + p[1][i] * rng.nextGaussian();
            }
            return out;
        }

        /** The model with one more (imagined) observation, for pending trials; may return itself. */
        default Model condition(double[] x, double y) {
            return this;
        }
    }
}
