package io.metaline.optimize.gp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import org.junit.jupiter.api.Test;

class TrendGaussianProcessTest {

    /** Points in the unit square's lower-left part, the third input a fixed context (0.4 in every run). */
    private static double[][] points(int n, Rng rng) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = new double[] {0.5 * rng.nextDouble(), 0.5 * rng.nextDouble(), 0.4};
        return x;
    }

    private static double truth(double[] p) {
        return 3 + 4 * p[0] - 2 * p[1] + 0.3 * Math.sin(9 * p[0]);
    }

    /** {@link #truth} at each point, with noise of sd 0.01. */
    private static double[] measured(double[][] x, Rng rng) {
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) y[i] = truth(x[i]) + 0.01 * rng.nextGaussian();
        return y;
    }

    private static TrendGaussianProcess fit(double[][] x, double[] y, Hyperparameters hp) {
        return TrendGaussianProcess.fit(x, y, ones(y.length), r -> GaussianProcess.fit(x, r, hp));
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    @Test
    void aContextFixedWithinTheRunsGetsNoSlope() {
        double[][] x = points(12, new Rng(1));
        assertArrayEquals(new int[] {0, 1}, TrendGaussianProcess.varyingColumns(x));
        assertTrue(TrendGaussianProcess.enoughRuns(x));
        assertFalse(TrendGaussianProcess.enoughRuns(java.util.Arrays.copyOf(x, 4)), "3 coefficients need 5 runs");
    }

    @Test
    void theLeastSquaresTrendOfAPlaneIsThePlane() {
        double[][] x = points(10, new Rng(2));
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) y[i] = 1.5 + 2 * x[i][0] - 3 * x[i][1];
        assertArrayEquals(new double[] {1.5, 2, -3}, TrendGaussianProcess.leastSquaresTrend(x, y, ones(y.length), new int[] {0, 1}), 1e-6);
    }

    @Test
    void aDownWeightedRunPullsTheTrendLess() {
        double[][] x = points(10, new Rng(2));
        double[] y = new double[x.length], w = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1.5 + 2 * x[i][0] - 3 * x[i][1];
            w[i] = 1;
        }
        y[0] += 5; // an old run of a line that has drifted since
        int[] columns = {0, 1};
        double[] even = TrendGaussianProcess.leastSquaresTrend(x, y, ones(y.length), columns);
        w[0] = 1e-6;
        double[] weighted = TrendGaussianProcess.leastSquaresTrend(x, y, w, columns);
        assertArrayEquals(new double[] {1.5, 2, -3}, weighted, 1e-3);
        assertTrue(Math.abs(even[0] - 1.5) > 0.1, "unweighted intercept " + even[0]);
    }

    /**
     * The flat-prior trend GP is the limit of a GP whose kernel adds {@code h(x)' B h(x')} for a Gaussian prior
     * {@code b ~ N(0, B)} on the coefficients as B grows (Rasmussen and Williams 2006, section 2.7): computed here by
     * hand with B = 1e4 I (in the residual process's standardised units), from the same kernel and noise.
     */
    @Test
    void predictionsMatchAGpWhoseKernelHasAVeryWidePriorOnTheTrend() {
        Rng rng = new Rng(3);
        double[][] x = points(9, rng);
        double[] y = measured(x, rng);
        Hyperparameters hp = new Hyperparameters(new double[] {0.3, 0.5, 0.7}, 1.2, 0.02);
        TrendGaussianProcess model = fit(x, y, hp);
        GaussianProcess r = model.residualGp();
        double mr = r.outputMean(), sr = r.outputStd();
        double[] trend = model.trend();
        double wide = 1e4;
        int n = x.length;
        Matern52Kernel k = hp.kernel();
        double[] cov = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) cov[i * n + j] = k.ofDistance(Math.sqrt(k.scaledSquaredDistance(x[i], x[j]))) + wide * hDot(x[i], x[j]);
            cov[i * n + i] += hp.noiseVariance();
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = (y[i] - trend(x[i], trend) - mr) / sr;
        Cholesky chol = Cholesky.factor(cov, n);
        double[] alpha = chol.solve(z);
        double[][] at = {{0.25, 0.25, 0.4}, {0.9, 0.1, 0.4}, {1.0, 1.0, 0.4}};
        Prediction p = model.predict(at);
        for (int a = 0; a < at.length; a++) {
            double[] ks = new double[n];
            for (int i = 0; i < n; i++) ks[i] = k.ofDistance(Math.sqrt(k.scaledSquaredDistance(at[a], x[i]))) + wide * hDot(at[a], x[i]);
            double mean = 0;
            for (int i = 0; i < n; i++) mean += ks[i] * alpha[i];
            double[] v = chol.solveLower(ks);
            double var = k.signalVariance() + wide * hDot(at[a], at[a]);
            for (double vi : v) var -= vi * vi;
            assertEquals(trend(at[a], trend) + mr + sr * mean, p.mean()[a], 1e-4 * (1 + Math.abs(p.mean()[a])), "mean at point " + a);
            assertEquals(sr * sr * var, p.variance()[a], 2e-3 * sr * sr * var + 1e-9, "variance at point " + a);
        }
    }

    private static double hDot(double[] a, double[] b) {
        return 1 + a[0] * b[0] + a[1] * b[1];
    }

    private static double trend(double[] p, double[] t) {
        return t[0] + t[1] * p[0] + t[2] * p[1];
    }

    @Test
    void beyondItsRunsTheTrendCarriesOnWhereAZeroMeanGpFallsBack() {
        Rng rng = new Rng(4);
        double[][] x = points(14, rng);
        double[] y = measured(x, rng);
        Hyperparameters hp = HyperparameterFit.defaults().fit(x, y).hyperparameters();
        double[][] far = {{0.95, 0.05, 0.4}};
        double truth = truth(far[0]);
        GaussianProcess plain = GaussianProcess.fit(x, y, hp);
        TrendGaussianProcess trend = TrendGaussianProcess.fit(x, y, ones(y.length), r -> HyperparameterFit.defaults().fit(x, r).gp());
        double plainError = Math.abs(plain.predict(far).mean()[0] - truth);
        Prediction t = trend.predict(far);
        double trendError = Math.abs(t.mean()[0] - truth);
        assertTrue(trendError < plainError / 2, "trend off by " + trendError + ", zero-mean GP by " + plainError);
        assertTrue(trendError < 3 * Math.sqrt(t.variance()[0]), "truth within 3 sd: off by " + trendError + ", sd " + Math.sqrt(t.variance()[0]));
        // The slope's uncertainty grows with the distance from the runs.
        double near = trend.predict(new double[][] {{0.3, 0.2, 0.4}}).variance()[0];
        assertTrue(t.variance()[0] > 4 * near, "far variance " + t.variance()[0] + ", near " + near);
    }

    @Test
    void anObservationAddedKeepsTheTrendAndAgreesWithARefit() {
        Rng rng = new Rng(6);
        double[][] x = points(10, rng);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) y[i] = truth(x[i]);
        Hyperparameters hp = new Hyperparameters(new double[] {0.3, 0.5, 0.7}, 1.0, 0.01);
        TrendGaussianProcess model = fit(x, y, hp);
        double[] next = {0.45, 0.05, 0.4};
        TrendGaussianProcess added = model.withObservation(next, truth(next));
        assertArrayEquals(model.trend(), added.trend(), 0.0);
        assertEquals(truth(next), added.predict(new double[][] {next}).mean()[0], 0.05);
    }
}
