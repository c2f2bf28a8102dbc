package io.metaline.optimize;

import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.HyperparameterFit;
import io.metaline.optimize.gp.Prediction;
import io.metaline.optimize.gp.RefitSchedule;
import io.metaline.optimize.gp.ScheduledFit;

/**
 * A Gaussian process (Matern 5/2, ARD, hyperparameters by maximum a posteriori marginal likelihood) per outcome,
 * with no transfer from other tasks: the plain Bayesian-optimisation baseline.
 *
 * <p>The GP is conditioned on every observation at each fit; its hyperparameters are refitted on a
 * {@link RefitSchedule} (by default at every count up to 10, then at every 25% more data) and memoised in this
 * instance, so most asks of a long study skip the costly likelihood optimisation. The memo never changes an answer:
 * the hyperparameters used at n observations are a pure function of the first {@link ScheduledFit#fitSize} of them
 * and the seed. Beyond 10 observations that prefix leaves out the newest one, so {@link #prefetch} can fit it while
 * the line runs the last suggestion. In safe mode and under drift the hyperparameters are refitted on every ask.
 */
public final class GpSurrogate implements Surrogate {
    private final long seed;
    private final ScheduledFit fitter;

    public GpSurrogate(long seed) {
        this(seed, RefitSchedule.DEFAULT);
    }

    /** With another refit schedule ({@link RefitSchedule#EVERY_COUNT}: refit on every ask). */
    public GpSurrogate(long seed, RefitSchedule schedule) {
        this.seed = seed;
        this.fitter = new ScheduledFit(HyperparameterFit.defaults().withSeed(seed).withStarts(3), schedule);
    }

    public RefitSchedule schedule() {
        return fitter.schedule();
    }

    /**
     * In safe mode the hyperparameters are refitted on every ask: they decide how far from its runs the model is
     * confident that a hard limit holds, and hyperparameters fitted on fewer runs may be overconfident there; a
     * safe-mode study trades that speed for the most current fit.
     */
    @Override
    public Surrogate forSafeMode() {
        return fitter.schedule().equals(RefitSchedule.EVERY_COUNT) ? this : new GpSurrogate(seed, RefitSchedule.EVERY_COUNT);
    }

    /**
     * Under a drift policy the data are re-weighted or cut with every run, so no earlier fit is a prefix of the next:
     * the hyperparameters are refitted on every ask.
     */
    @Override
    public Surrogate forDrift(DriftPolicy drift) {
        return drift.kind() == DriftPolicy.Kind.NONE || fitter.schedule().equals(RefitSchedule.EVERY_COUNT)
                ? this : new GpSurrogate(seed, RefitSchedule.EVERY_COUNT);
    }

    @Override
    public Model fit(String outcome, double[][] x, double[] y, double[] weights, double scale) {
        return fit(outcome, 0, x, y, weights, scale);
    }

    /**
     * Beyond 50 observations the {@code index}-th outcome's refits come {@code index} counts after the objective's
     * (see {@link ScheduledFit#fitSize(int, int)}): a study's outcomes then refit in different asks, so no single ask
     * pays for all of them (with four outcomes, about a quarter of the cost each).
     */
    @Override
    public Model fit(String outcome, int index, double[][] x, double[] y, double[] weights, double scale) {
        return new GpModel(fitter.fit(outcome, index, x, y, weights), scale);
    }

    /** The hyperparameters the next fit of this outcome will use, fitted now if they no longer wait for new data. */
    @Override
    public void prefetch(String outcome, int index, double[][] x, double[] y, double[] weights) {
        fitter.prefetch(outcome, index, x, y, weights);
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
