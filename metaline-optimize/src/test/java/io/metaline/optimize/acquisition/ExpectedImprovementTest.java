package io.metaline.optimize.acquisition;

import io.metaline.engine.Rng;
import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.Hyperparameters;
import io.metaline.optimize.gp.Prediction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectedImprovementTest {
    private static double phi(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /** E[max(f - best, 0)] for f ~ N(mu, sd^2), by Simpson's rule on [max(best, mu - 12 sd), mu + 12 sd]. */
    private static double quadratureEi(double mu, double sd, double best) {
        int n = 20000;
        double a = Math.max(best, mu - 12 * sd);
        double b = mu + 12 * sd;
        double hstep = (b - a) / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double f = a + i * hstep;
            double g = Math.max(f - best, 0) * phi((f - mu) / sd) / sd;
            s += g * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2));
        }
        return s * hstep / 3;
    }

    @Test
    void matchesClosedFormAndQuadratureOnRandomPoints() {
        Rng rng = new Rng(11);
        for (int t = 0; t < 200; t++) {
            double mu = rng.uniform(-3, 3);
            double sd = Math.exp(rng.uniform(-3, 1));
            double best = rng.uniform(-3, 3);
            double z = (mu - best) / sd;
            double closed = sd * (z * Normal.cdf(z) + phi(z));
            double ei = ExpectedImprovement.expectedImprovement(mu, sd, best, Direction.MAXIMISE);
            assertEquals(closed, ei, 1e-13 * Math.max(1, closed));
            if (t < 20) assertEquals(quadratureEi(mu, sd, best), ei, 1e-12 + 1e-9 * ei);
            // minimisation is maximisation of the negated outcome
            assertEquals(ExpectedImprovement.expectedImprovement(-mu, sd, -best, Direction.MAXIMISE),
                    ExpectedImprovement.expectedImprovement(mu, sd, best, Direction.MINIMISE), 1e-15);
            if (ei > 1e-300) {
                assertEquals(Math.log(ei), ExpectedImprovement.logExpectedImprovement(mu, sd, best, Direction.MAXIMISE),
                        1e-10 * Math.max(1, Math.abs(Math.log(ei))));
            }
        }
    }

    @Test
    void logHMatchesHighPrecisionValues() {
        // mpmath, 40 digits: log(phi(z) + z Phi(z))
        double[][] ref = {{-1000, -500014.73445209115845}, {-100, -5010.1295788002497923},
                {-40, -808.29856835661996024}, {-10, -55.553122036122355927}, {-5, -16.744301162660990143},
                {-2, -4.7687835239171141569}, {-1, -2.4851210257126413368}, {0, -0.91893853320467274178},
                {1, 0.080026218849306940029}, {5, 1.6094379231264313851}};
        for (double[] r : ref) {
            assertEquals(r[1], ExpectedImprovement.logH(r[0]), 1e-13 * Math.abs(r[1]), "z = " + r[0]);
        }
    }

    @Test
    void logEiFiniteAndMonotoneWherePlainEiUnderflows() {
        assertEquals(0.0, ExpectedImprovement.h(-1000), 0.0);
        assertEquals(0.0, ExpectedImprovement.expectedImprovement(-1000, 1, 0, Direction.MAXIMISE), 0.0);
        double prev = Double.NEGATIVE_INFINITY;
        for (double z = -1000; z <= 10; z += 0.05) {
            double l = ExpectedImprovement.logH(z);
            assertTrue(Double.isFinite(l), "not finite at " + z);
            assertTrue(l > prev, "not increasing at z = " + z + ": " + prev + " then " + l);
            prev = l;
        }
        // continuity across the branch points
        for (double zb : new double[] {-1, -100}) {
            double below = ExpectedImprovement.logH(Math.nextDown(zb));
            double above = ExpectedImprovement.logH(Math.nextUp(zb));
            assertEquals(above, below, 1e-11 * Math.abs(above));
        }
        double l = ExpectedImprovement.logExpectedImprovement(0, 1e-3, 1, Direction.MAXIMISE); // z = -1000
        assertEquals(Math.log(1e-3) - 500014.73445209115845, l, 1e-8);
        double lmin = ExpectedImprovement.logExpectedImprovement(1, 1e-3, 0, Direction.MINIMISE);
        assertEquals(l, lmin, 1e-9);
    }

    @Test
    void zeroStandardDeviationIsDeterministicImprovement() {
        assertEquals(0.5, ExpectedImprovement.expectedImprovement(1.5, 0, 1.0, Direction.MAXIMISE), 0.0);
        assertEquals(0.0, ExpectedImprovement.expectedImprovement(0.5, 0, 1.0, Direction.MAXIMISE), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, ExpectedImprovement.logExpectedImprovement(0.5, 0, 1.0, Direction.MAXIMISE));
        assertEquals(Math.log(0.5), ExpectedImprovement.logExpectedImprovement(0.5, 0, 1.0, Direction.MINIMISE), 1e-15);
    }

    @Test
    void valuesOnAGaussianProcessUsePosteriorAndMargin() {
        double[][] x = {{0.1}, {0.5}, {0.9}};
        double[] y = {1.0, 2.0, 0.5};
        GaussianProcess gp = GaussianProcess.fit(x, y, new Hyperparameters(new double[] {0.3}, 1.0, 1e-3));
        double[][] c = {{0.0}, {0.3}, {0.6}, {0.75}};
        Prediction p = gp.predict(c);
        ExpectedImprovement ei = new ExpectedImprovement(2.0, Direction.MAXIMISE, 0.1);
        double[] v = ei.values(gp, c);
        double[] lv = ei.logValues(gp, c);
        for (int i = 0; i < c.length; i++) {
            double expected = ExpectedImprovement.expectedImprovement(p.mean()[i], p.sd(i), 2.1, Direction.MAXIMISE);
            assertEquals(expected, v[i], 1e-15);
            assertEquals(Math.log(expected), lv[i], 1e-12);
        }
        assertEquals(2.0, Direction.MAXIMISE.best(y), 0.0);
        assertEquals(0.5, Direction.MINIMISE.best(y), 0.0);
    }
}
