package io.metaline.optimize.gp;

import io.metaline.engine.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperparameterFitTest {
    /** n points uniform in the unit cube and one draw of f + noise from the GP prior with the given hyperparameters. */
    static double[][][] drawFromPrior(int n, Hyperparameters truth, long seed) {
        Rng rng = new Rng(seed);
        int d = truth.dimension();
        double[][] x = new double[n][d];
        for (double[] row : x) for (int k = 0; k < d; k++) row[k] = rng.nextDouble();
        double[] k = truth.kernel().matrix(x);
        for (int i = 0; i < n; i++) k[i * n + i] += truth.noiseVariance();
        Cholesky c = Cholesky.factor(k, n);
        double[] eps = new double[n];
        for (int i = 0; i < n; i++) eps[i] = rng.nextGaussian();
        double[] y = c.multiplyLower(eps);
        for (int i = 0; i < n; i++) y[i] = 3.0 + 2.0 * y[i]; // arbitrary location and scale
        return new double[][][] {x, {y}};
    }

    @Test
    void recoversLengthscaleOfPriorDraw() {
        Hyperparameters truth = new Hyperparameters(new double[] {0.2}, 1.0, 1e-3);
        double[][][] data = drawFromPrior(60, truth, 21);
        FitResult r = HyperparameterFit.defaults().withSeed(1).fit(data[0], data[1][0]);
        double ell = r.hyperparameters().lengthscale(0);
        assertTrue(ell > 0.2 / 1.5 && ell < 0.2 * 1.5, "fitted lengthscale " + ell);
        assertTrue(r.startsSucceeded() >= 1);
    }

    @Test
    void recoversArdLengthscalesIn2d() {
        Hyperparameters truth = new Hyperparameters(new double[] {0.15, 0.6}, 1.0, 1e-3);
        double[][][] data = drawFromPrior(80, truth, 5);
        FitResult r = HyperparameterFit.defaults().fit(data[0], data[1][0]);
        double l0 = r.hyperparameters().lengthscale(0);
        double l1 = r.hyperparameters().lengthscale(1);
        assertTrue(l0 > 0.15 / 1.5 && l0 < 0.15 * 1.5, "fitted lengthscale 0: " + l0);
        assertTrue(l1 > 0.6 / 1.5 && l1 < 0.6 * 1.5, "fitted lengthscale 1: " + l1);
    }

    @Test
    void deterministicAndBetterThanDefaults() {
        Hyperparameters truth = new Hyperparameters(new double[] {0.3, 0.5, 1.0}, 1.0, 1e-2);
        double[][][] data = drawFromPrior(40, truth, 3);
        HyperparameterFit fit = HyperparameterFit.defaults().withSeed(42);
        FitResult a = fit.fit(data[0], data[1][0]);
        FitResult b = fit.fit(data[0], data[1][0]);
        assertEquals(a.hyperparameters(), b.hyperparameters());
        assertEquals(a.logPosterior(), b.logPosterior(), 0.0);
        double base = GaussianProcess.fit(data[0], data[1][0], Hyperparameters.defaults(3)).logMarginalLikelihood();
        assertTrue(a.logMarginalLikelihood() > base, a.logMarginalLikelihood() + " vs " + base);
        // warm start from the optimum stays there (or improves)
        FitResult w = fit.withStarts(1).fit(data[0], data[1][0], null, a.hyperparameters());
        assertTrue(w.logPosterior() >= a.logPosterior() - 1e-6);
    }

    @Test
    void equalBoundsFixTheNoise() {
        Hyperparameters truth = new Hyperparameters(new double[] {0.3}, 1.0, 1e-2);
        double[][][] data = drawFromPrior(20, truth, 8);
        FitResult r = HyperparameterFit.defaults().withNoiseVarianceBounds(0.05, 0.05).withStarts(2)
                .fit(data[0], data[1][0]);
        assertEquals(0.05, r.hyperparameters().noiseVariance(), 1e-12);
    }
}
