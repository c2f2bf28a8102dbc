package io.metaline.optimize;

import io.metaline.optimize.gp.FitResult;
import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.HyperparameterFit;
import io.metaline.optimize.gp.Prediction;

/**
 * A Gaussian process (Matern 5/2, ARD, hyperparameters by maximum a posteriori marginal likelihood) per outcome,
 * with no transfer from other tasks: the plain Bayesian-optimisation baseline.
 */
public final class GpSurrogate implements Surrogate {
    private final HyperparameterFit fitter;

    public GpSurrogate(long seed) {
        this.fitter = HyperparameterFit.defaults().withSeed(seed).withStarts(3);
    }

    @Override
    public Model fit(String outcome, double[][] x, double[] y, double[] weights, double scale) {
        double[] multipliers = GaussianProcess.multipliersFromWeights(weights);
        FitResult fit = fitter.fit(x, y, multipliers, null);
        return new GpModel(fit.gp(), scale);
    }

    /** Predictions of a fitted GP, with the standard deviation floored relative to the declared scale. */
    record GpModel(GaussianProcess gp, double scale) implements Model {
        @Override
        public double[][] predict(double[][] points) {
            Prediction p = gp.predict(points);
            double[] mean = p.mean(), sd = new double[points.length];
            // Far from the data the GP's variance returns to its signal variance (in y's standardised units);
            // when the data's own spread is below the declared scale, stretch the uncertainty to that scale.
            double stretch = scale > 0 && gp.outputStd() < scale ? scale / gp.outputStd() : 1.0;
            for (int i = 0; i < sd.length; i++) sd[i] = Math.sqrt(Math.max(p.variance()[i], 0.0)) * stretch;
            return new double[][] {mean, sd};
        }

        /** Joint posterior samples, spread about the mean by the same stretch as {@link #predict}. */
        @Override
        public double[][] sample(double[][] points, int numSamples, io.metaline.engine.Rng rng) {
            double stretch = scale > 0 && gp.outputStd() < scale ? scale / gp.outputStd() : 1.0;
            double[][] s = gp.sample(points, numSamples, rng);
            if (stretch != 1.0) {
                double[] mean = gp.predict(points).mean();
                for (double[] f : s) for (int i = 0; i < f.length; i++) f[i] = mean[i] + stretch * (f[i] - mean[i]);
            }
            return s;
        }

        @Override
        public Model condition(double[] x, double y) {
            return new GpModel(gp.withObservation(x, y), scale);
        }
    }
}
