package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.optimize.gp.Cholesky;
import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.Hyperparameters;
import org.junit.jupiter.api.Test;

class GpSurrogateSafeModeTest {
    private static double[][] inputs(int n, Rng rng) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = new double[] {rng.nextDouble()};
        return x;
    }

    @Test
    void aModelSmootherThanItsDataWidensItsUncertaintyByItsLeaveOneOutError() {
        double[][] x = inputs(12, new Rng(3));
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) y[i] = Math.sin(25 * x[i][0]);
        // A lengthscale far too long and almost no noise: the model claims to know what it does not.
        GaussianProcess overconfident = GaussianProcess.fit(x, y, new Hyperparameters(new double[] {2.0}, 1.0, 1e-4));
        assertTrue(GpSurrogate.inflation(overconfident) > 3, "inflation " + GpSurrogate.inflation(overconfident));
    }

    @Test
    void aModelOfDataDrawnFromItselfIsLeftAlmostAsItIs() {
        Hyperparameters hp = new Hyperparameters(new double[] {0.2}, 1.0, 0.01);
        double[] inflation = new double[20];
        Rng rng = new Rng(5);
        for (int r = 0; r < inflation.length; r++) {
            double[][] x = inputs(15, rng);
            double[] k = hp.kernel().matrix(x);
            for (int i = 0; i < x.length; i++) k[i * x.length + i] += hp.noiseVariance();
            double[] y = Cholesky.factor(k, x.length).sample(new double[x.length], 1.0, 1, rng)[0];
            // The model's own fit of its hyperparameters, as in a study (the outputs are standardised first).
            inflation[r] = GpSurrogate.inflation(io.metaline.optimize.gp.HyperparameterFit.defaults().fit(x, y).gp());
        }
        java.util.Arrays.sort(inflation);
        assertTrue(inflation[0] >= 1.0);
        assertTrue(inflation[inflation.length / 2] < 1.3, "median inflation " + inflation[inflation.length / 2]);
    }

    @Test
    void inSafeModeTheMeanStaysAndTheUncertaintyOnlyWidens() {
        double[][] x = inputs(8, new Rng(7));
        double[] y = new double[x.length], w = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(25 * x[i][0]);
            w[i] = 1;
        }
        double[][] at = {{0.05}, {0.5}, {0.95}};
        double[][] plain = new GpSurrogate(1, io.metaline.optimize.gp.RefitSchedule.EVERY_COUNT).fit("y", x, y, w, 0).predict(at);
        double[][] safe = new GpSurrogate(1).forSafeMode().fit("y", x, y, w, 0).predict(at);
        for (int i = 0; i < at.length; i++) {
            assertEquals(plain[0][i], safe[0][i], 1e-12);
            assertTrue(safe[1][i] >= plain[1][i], "point " + i);
        }
    }

    @Test
    void theAverageOfTwoModelsHasTheMomentsOfTheirEvenMixture() {
        Surrogate.Model a = points -> new double[][] {{1.0, 5.0}, {0.5, 1.0}};
        Surrogate.Model b = points -> new double[][] {{3.0, 5.0}, {0.5, 2.0}};
        double[][] p = new EvenMixture(a, b).predict(new double[][] {{0.1}, {0.2}});
        // Means 1 and 3 with sd 0.5 each: mean 2, variance 0.25 + 1 (half the gap, squared).
        assertEquals(2.0, p[0][0], 1e-12);
        assertEquals(Math.sqrt(1.25), p[1][0], 1e-12);
        // Equal means: the variance is the average of the two.
        assertEquals(5.0, p[0][1], 1e-12);
        assertEquals(Math.sqrt(2.5), p[1][1], 1e-12);
    }

    /**
     * In safe mode, once there are enough runs, a hard limit's outcome is modelled by the even mixture of a GP around
     * a linear trend and the plain GP (see {@code SafeModeRegressionTest} in the CLI for the bench study that needed
     * it); an outcome without a hard limit keeps the plain GP.
     */
    @Test
    void inSafeModeAHardLimitsOutcomeMixesATrendGpWithThePlainOne() {
        int n = 14;
        double[][] x = new double[n][];
        double[] y = new double[n], w = new double[n];
        Rng rng = new Rng(8);
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {0.5 * rng.nextDouble(), 0.5 * rng.nextDouble(), 0.5};
            y[i] = 3 + 8 * x[i][0] - 2 * x[i][1] + 0.4 * Math.sin(12 * x[i][0]) + 0.02 * rng.nextGaussian();
            w[i] = 1;
        }
        GpSurrogate safe = (GpSurrogate) new GpSurrogate(1).forSafeMode();
        assertTrue(safe.fit("power", x, y, w, 5.0) instanceof EvenMixture);
        assertTrue(safe.fit("power", x, y, w, 0) instanceof GpSurrogate.GpModel);
        assertTrue(new GpSurrogate(1).fit("power", x, y, w, 5.0) instanceof GpSurrogate.GpModel, "outside safe mode");
        double[][] few = java.util.Arrays.copyOf(x, 4);
        assertTrue(safe.fit("power", few, java.util.Arrays.copyOf(y, 4), new double[] {1, 1, 1, 1}, 5.0) instanceof GpSurrogate.GpModel,
                "4 runs are too few for a trend with 3 coefficients");
    }
}
