package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeAwareObjectiveTest {

    /** A constrained outcome along a diagonal of the settings. */
    private static double outcome(double[] x) {
        return x[0] + x[1];
    }

    /** An objective steep across that diagonal and gentle along it: a narrow valley no setting alone follows. */
    private static double objective(double[] x) {
        double c = outcome(x) - 1;
        return x[2] + 20 * c * c;
    }

    private static double[][] points(int n, Rng rng) {
        double[][] x = new double[n][3];
        for (double[] p : x) for (int j = 0; j < 3; j++) p[j] = rng.uniform(0, 1);
        return x;
    }

    private static double[] values(double[][] x, boolean objective) {
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) y[i] = objective ? objective(x[i]) : outcome(x[i]);
        return y;
    }

    private static double rmse(Surrogate.Model m, double[][] x) {
        double[] mean = m.predict(x)[0], truth = values(x, true);
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (mean[i] - truth[i]) * (mean[i] - truth[i]);
        return Math.sqrt(s / x.length);
    }

    @Test
    void aValleyAlongTheConstrainedOutcomeIsLearntFromFewRuns() {
        Rng rng = new Rng(7);
        double[][] x = points(30, rng);
        double[] ones = new double[x.length];
        java.util.Arrays.fill(ones, 1);
        GpSurrogate gp = new GpSurrogate(0);
        Surrogate.Model outcomeModel = gp.fit("c", x, values(x, false), ones, 0);
        Surrogate.Model plain = gp.fit("y", x, values(x, true), ones, 0);
        OutcomeAwareObjective aware = OutcomeAwareObjective.fit(gp, "y", x, values(x, true), ones, List.of("o"), List.of(outcomeModel));
        assertNotNull(aware);
        // Held-out points in the valley, where the optimum is.
        double[][] valley = new double[200][];
        for (int i = 0; i < valley.length; i++) {
            double a = rng.uniform(0.1, 0.9);
            valley[i] = new double[] {a, 1 - a + rng.uniform(-0.1, 0.1), rng.uniform(0, 1)};
        }
        double plainError = rmse(plain, valley), awareError = rmse(aware, valley);
        assertTrue(awareError < 0.5 * plainError, "error in the valley: over settings and outcome " + awareError
                + ", over settings alone " + plainError);
    }

    @Test
    void anOutcomeThatDoesNotVaryAddsNothing() {
        double[][] x = points(12, new Rng(3));
        double[] ones = new double[x.length];
        java.util.Arrays.fill(ones, 1);
        Surrogate.Model constant = points -> new double[][] {new double[points.length], new double[points.length]};
        assertNull(OutcomeAwareObjective.fit(new GpSurrogate(0), "y", x, values(x, true), ones, List.of("o"), List.of(constant)));
    }

    @Test
    void conditioningOnAPendingRunPinsItsPrediction() {
        double[][] x = points(20, new Rng(5));
        double[] ones = new double[x.length];
        java.util.Arrays.fill(ones, 1);
        GpSurrogate gp = new GpSurrogate(0);
        Surrogate.Model outcomeModel = gp.fit("c", x, values(x, false), ones, 0);
        OutcomeAwareObjective aware = OutcomeAwareObjective.fit(gp, "y", x, values(x, true), ones, List.of("o"), List.of(outcomeModel));
        double[] pending = {0.3, 0.2, 0.9};
        double[][] before = aware.predict(new double[][] {pending});
        double imagined = before[0][0] - 4;
        double[][] after = aware.condition(pending, imagined).predict(new double[][] {pending});
        assertTrue(after[1][0] < before[1][0], "sd at the pending run " + after[1][0] + " not below " + before[1][0]);
        assertTrue(Math.abs(after[0][0] - imagined) < 0.1 * 4, "mean " + after[0][0] + " not near the imagined " + imagined);
    }

    @Test
    void usedFromTwiceTheSettingsAndNeverBeforeTenRuns() {
        SearchSpace three = new SearchSpace(List.of(ParameterSpec.continuous("a", "", 0, 1, 1),
                ParameterSpec.continuous("b", "", 0, 1, 1), ParameterSpec.continuous("c", "", 0, 1, 1)), List.of());
        assertEquals(10, OutcomeAwareObjective.fromRuns(three));
        SearchSpace seven = new SearchSpace(java.util.stream.IntStream.range(0, 7)
                .mapToObj(i -> ParameterSpec.continuous("p" + i, "", 0, 1, 1)).toList(), List.of());
        assertEquals(14, OutcomeAwareObjective.fromRuns(seven));
    }
}
