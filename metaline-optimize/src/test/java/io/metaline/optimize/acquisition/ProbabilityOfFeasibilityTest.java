package io.metaline.optimize.acquisition;

import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.Hyperparameters;
import io.metaline.optimize.gp.Prediction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbabilityOfFeasibilityTest {
    private final double[][] x = {{0.1, 0.2}, {0.4, 0.8}, {0.7, 0.3}, {0.9, 0.9}};
    private final GaussianProcess c1 = GaussianProcess.fit(x, new double[] {1.0, 3.0, 2.0, 5.0},
            new Hyperparameters(new double[] {0.4, 0.5}, 1.0, 1e-2));
    private final GaussianProcess c2 = GaussianProcess.fit(x, new double[] {-1.0, 0.0, 4.0, 1.0},
            new Hyperparameters(new double[] {0.3, 0.7}, 1.3, 1e-3));
    private final double[][] points = {{0.0, 0.0}, {0.5, 0.5}, {0.8, 0.2}, {1.0, 1.0}, {0.4, 0.8}};

    @Test
    void matchesClosedForm() {
        ProbabilityOfFeasibility pof = new ProbabilityOfFeasibility(List.of(c1, c2), new double[] {2.5, 1.0});
        Prediction p1 = c1.predict(points);
        Prediction p2 = c2.predict(points);
        double[] log = pof.logValues(points);
        double[] val = pof.values(points);
        for (int i = 0; i < points.length; i++) {
            double expected = Normal.cdf((2.5 - p1.mean()[i]) / p1.sd(i)) * Normal.cdf((1.0 - p2.mean()[i]) / p2.sd(i));
            assertEquals(expected, val[i], 1e-13);
            assertEquals(Math.log(expected), log[i], 1e-12);
        }
    }

    @Test
    void logFormStaysFiniteForHopelessPoints() {
        double lp = ProbabilityOfFeasibility.logProbability(100.0, 1.0, 0.0);
        assertEquals(Normal.logCdf(-100), lp, 0.0);
        assertTrue(Double.isFinite(lp) && lp < -5000);
        assertEquals(0.0, ProbabilityOfFeasibility.logProbability(0.0, 0.0, 1.0), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, ProbabilityOfFeasibility.logProbability(2.0, 0.0, 1.0));
    }

    @Test
    void addsToLogEi() {
        ProbabilityOfFeasibility pof = new ProbabilityOfFeasibility(List.of(c1), new double[] {2.5});
        ExpectedImprovement ei = new ExpectedImprovement(0.0, Direction.MINIMISE);
        double[] combined = ei.logValues(c2, points, pof);
        double[] a = ei.logValues(c2, points);
        double[] b = pof.logValues(points);
        for (int i = 0; i < points.length; i++) assertEquals(a[i] + b[i], combined[i], 0.0);
    }

    @Test
    void mismatchedCountsNameBothSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProbabilityOfFeasibility(List.of(c1, c2), new double[] {1.0}));
        assertTrue(e.getMessage().contains("2 constraint models") && e.getMessage().contains("1 limits"), e.getMessage());
    }
}
