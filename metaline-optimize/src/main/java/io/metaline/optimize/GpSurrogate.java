package io.metaline.optimize;

import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.HyperparameterFit;
import io.metaline.optimize.gp.Prediction;
import io.metaline.optimize.gp.RefitSchedule;
import io.metaline.optimize.gp.ScheduledFit;
import io.metaline.optimize.gp.TrendGaussianProcess;

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
    /** Pseudo-observations, at a standardised error of 1, that damp the leave-one-out check of a safe-mode model. */
    static final int CALIBRATION_PSEUDO_RUNS = 4;

    private final long seed;
    private final ScheduledFit fitter;
    private final boolean calibrated;

    public GpSurrogate(long seed) {
        this(seed, RefitSchedule.DEFAULT);
    }

    /** With another refit schedule ({@link RefitSchedule#EVERY_COUNT}: refit on every ask). */
    public GpSurrogate(long seed, RefitSchedule schedule) {
        this(seed, schedule, false);
    }

    private GpSurrogate(long seed, RefitSchedule schedule, boolean calibrated) {
        this.seed = seed;
        this.fitter = scheduledFit(seed, schedule);
        this.calibrated = calibrated;
    }

    /**
     * The memoised hyperparameter fit of this surrogate's GPs (maximum a posteriori, 3 starts, {@code seed}), on
     * {@code schedule}: for another model that needs a GP fitted as this surrogate fits one.
     */
    public static ScheduledFit scheduledFit(long seed, RefitSchedule schedule) {
        return new ScheduledFit(HyperparameterFit.defaults().withSeed(seed).withStarts(3), schedule);
    }

    public RefitSchedule schedule() {
        return fitter.schedule();
    }

    /**
     * In safe mode the hyperparameters are refitted on every ask: they decide how far from its runs the model is
     * confident that a hard limit holds, and hyperparameters fitted on fewer runs may be overconfident there; a
     * safe-mode study trades that speed for the most current fit. And the model checks its uncertainty on its own
     * runs: where their leave-one-out errors are larger than it claims, every standard deviation widens by that
     * factor ({@link #inflation}). Without the check, a GP fitted to 6 reflow runs put a peak temperature of 260.4 °C
     * at 253.4 +/- 2.2 °C and safe mode crossed the 260 °C limit (bench optimize, warm start, 1 of 100 tasks).
     * A hard limit's outcome is modelled with a linear trend as well ({@link #fit}).
     */
    @Override
    public Surrogate forSafeMode() {
        return calibrated ? this : new GpSurrogate(seed, RefitSchedule.EVERY_COUNT, true);
    }

    /**
     * How much wider the uncertainty must be to match the model's leave-one-out errors on its own runs: the root mean
     * square of the standardised errors, with {@value #CALIBRATION_PSEUDO_RUNS} pseudo-runs at 1, never below 1.
     */
    static double inflation(GaussianProcess gp) {
        double sum = CALIBRATION_PSEUDO_RUNS;
        double[] e = gp.leaveOneOutStandardised();
        for (double v : e) sum += v * v;
        return Math.sqrt(Math.max(1, sum / (e.length + CALIBRATION_PSEUDO_RUNS)));
    }

    /**
     * Under a drift policy the data are re-weighted or cut with every run, so no earlier fit is a prefix of the next:
     * the hyperparameters are refitted on every ask.
     */
    @Override
    public Surrogate forDrift(DriftPolicy drift) {
        return drift.kind() == DriftPolicy.Kind.NONE || fitter.schedule().equals(RefitSchedule.EVERY_COUNT)
                ? this : new GpSurrogate(seed, RefitSchedule.EVERY_COUNT, calibrated);
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
        if (calibrated && scale > 0 && TrendGaussianProcess.enoughRuns(x)) return trendModel(outcome, index, x, y, weights, scale);
        GaussianProcess gp = fitter.fit(outcome, index, x, y, weights);
        return new GpModel(gp, scale, calibrated ? inflation(gp) : 1.0);
    }

    /**
     * A hard limit's outcome in safe mode, once there are enough runs: the even mixture of the plain GP and a GP around
     * a linear trend ({@link TrendGaussianProcess}; its kernel fitted to the residuals from the least-squares trend, its
     * leave-one-out check that of the residual process). Each alone let safe mode cross a limit that the mixture kept,
     * in bench optimize's 100 CNC tasks: the plain GP fell back towards its runs' mean beyond runs of rising spindle
     * power (1 warm-start run past 11 kW), the trend alone was too sure where the power rose faster than linearly
     * (2 GP-EI and 4 warm-start runs); the mixture, 0.
     */
    private Model trendModel(String outcome, int index, double[][] x, double[] y, double[] weights, double scale) {
        TrendGaussianProcess trend = TrendGaussianProcess.fit(x, y, weights,
                residuals -> fitter.fit(outcome + " (trend residual)", index, x, residuals, weights));
        GaussianProcess plain = fitter.fit(outcome, index, x, y, weights);
        return new EvenMixture(new TrendModel(trend, scale, inflation(trend.residualGp())),
                new GpModel(plain, scale, inflation(plain)));
    }

    /** The hyperparameters the next fit of this outcome will use, fitted now if they no longer wait for new data. */
    @Override
    public void prefetch(String outcome, int index, double[][] x, double[] y, double[] weights) {
        fitter.prefetch(outcome, index, x, y, weights);
    }

    /**
     * How much a model's standard deviation is widened: to the declared scale where the data's spread is smaller
     * (far from the data a GP's spread returns to that of the data, which must not vouch for a limit further away),
     * times the leave-one-out inflation.
     */
    static double widening(double scale, double spread, double inflation) {
        return (scale > 0 && spread > 0 && spread < scale ? scale / spread : 1.0) * inflation;
    }

    /** Predictions of a trend GP, widened as {@link GpModel} widens a plain one. */
    record TrendModel(TrendGaussianProcess gp, double scale, double inflation) implements Model {
        @Override
        public double[][] predict(double[][] points) {
            Prediction p = gp.predict(points);
            double stretch = widening(scale, gp.outputSpread(), inflation);
            double[] sd = new double[points.length];
            for (int i = 0; i < sd.length; i++) sd[i] = Math.sqrt(Math.max(p.variance()[i], 0.0)) * stretch;
            return new double[][] {p.mean(), sd};
        }

        @Override
        public Model condition(double[] x, double y) {
            return new TrendModel(gp.withObservation(x, y), scale, inflation);
        }
    }

    /**
     * Predictions of a fitted GP, the standard deviation stretched to the declared scale where the data spread less,
     * and widened by {@code inflation}.
     */
    public record GpModel(GaussianProcess gp, double scale, double inflation) implements Model {
        /** How much the GP's own standard deviation is widened. */
        private double stretch() {
            return widening(scale, gp.outputStd(), inflation);
        }

        @Override
        public double[][] predict(double[][] points) {
            Prediction p = gp.predict(points);
            double[] mean = p.mean(), sd = new double[points.length];
            // Far from the data the GP's variance returns to its signal variance (in y's standardised units);
            // when the data's own spread is below the declared scale, stretch the uncertainty to that scale.
            double stretch = stretch();
            for (int i = 0; i < sd.length; i++) sd[i] = Math.sqrt(Math.max(p.variance()[i], 0.0)) * stretch;
            return new double[][] {mean, sd};
        }

        /** Joint posterior samples, spread about the mean by the same stretch as {@link #predict}. */
        @Override
        public double[][] sample(double[][] points, int numSamples, io.metaline.engine.Rng rng) {
            double stretch = stretch();
            double[][] s = gp.sample(points, numSamples, rng);
            if (stretch != 1.0) {
                double[] mean = gp.predict(points).mean();
                for (double[] f : s) for (int i = 0; i < f.length; i++) f[i] = mean[i] + stretch * (f[i] - mean[i]);
            }
            return s;
        }

        @Override
        public Model condition(double[] x, double y) {
            return new GpModel(gp.withObservation(x, y), scale, inflation);
        }
    }
}
