package io.metaline.optimize.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.meta.TrainingListener;
import io.metaline.optimize.Surrogate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcomes whose earlier values are positive and right-skewed are modelled as their logarithm. */
class LogScalePriorTest {

    /** Eight source tasks of 30 runs on [0, 1]^2 whose outcome "c" is {@code f} of a smooth task-shifted bowl. */
    private static List<SourceTask> sources(DoubleUnaryOperator f) {
        Rng rng = new Rng(7);
        List<SourceTask> out = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            double cx = rng.uniform(0.2, 0.8), cy = rng.uniform(0.2, 0.8);
            double[][] x = new double[30][];
            double[] c = new double[30];
            for (int i = 0; i < 30; i++) {
                x[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
                double bowl = 6 * ((x[i][0] - cx) * (x[i][0] - cx) + (x[i][1] - cy) * (x[i][1] - cy));
                c[i] = f.applyAsDouble(bowl);
            }
            out.add(new SourceTask("t" + t, x, Map.of("c", c)));
        }
        return out;
    }

    @Test
    void aCostThatGrowsManyFoldIsModelledAsItsLogarithmAndASymmetricOneIsNot() {
        assertTrue(MetaPrior.prefersLogScale(sources(b -> Math.exp(2 * b)), "c"), "exponential in a bowl: skewed");
        assertFalse(MetaPrior.prefersLogScale(sources(b -> 10 + b), "c"), "a bowl's values: the log does not help");
        assertFalse(MetaPrior.prefersLogScale(sources(b -> b - 0.1), "c"), "values at or below zero have no logarithm");
    }

    @Test
    void theChoiceIsTrainedSavedAndLoadedAndPredictionsAreInTheOutcomesUnits(@TempDir Path dir) throws Exception {
        List<SourceTask> sources = sources(b -> Math.exp(2 * b));
        MetaPrior prior = MetaPrior.train(sources, List.of("c"), new MetaPrior.Config("maml", List.of(16, 16), 2, 0.05, 150, 4, 8, 1),
                5, TrainingListener.SILENT);
        assertTrue(prior.outcome("c").logScale());
        Path file = dir.resolve("p.prior");
        prior.save(file);
        MetaPrior loaded = MetaPrior.load(file);
        assertTrue(loaded.outcome("c").logScale());
        assertEquals(prior.outcome("c").mean(), loaded.outcome("c").mean());

        // On a new task the model answers in euros, not in log euros: near the runs it matches them.
        SourceTask task = sources(b -> Math.exp(2 * b)).get(3);
        double[][] x = java.util.Arrays.copyOf(task.x(), 12);
        double[] y = java.util.Arrays.copyOf(task.outcome("c"), 12);
        double[] w = new double[12];
        java.util.Arrays.fill(w, 1.0);
        Surrogate.Model m = new MetaSurrogate(loaded).fit("c", x, y, w, 0);
        double[][] p = m.predict(x);
        for (int i = 0; i < 12; i++) {
            assertTrue(p[0][i] > 0 && p[1][i] > 0, "positive mean and spread");
            assertEquals(y[i], p[0][i], 0.25 * y[i] + 3 * p[1][i], "run " + i);
        }
    }

    @Test
    void forAHardLimitTheUpperBoundCoversTheLogNormalQuantile() {
        MetaPrior.OutcomePrior prior = new MetaPrior.OutcomePrior("c", 0, 1, Params.builder().build(), new double[] {1});
        for (double s : new double[] {0.01, 0.1, 0.3, 0.5, 1.0}) {
            double m = 0.7;
            Surrogate.Model inner = points -> new double[][] {{m}, {s}};
            double[][] safe = new MetaSurrogate.LogNormal(inner, prior, true).predict(new double[][] {{0}});
            double[][] plain = new MetaSurrogate.LogNormal(inner, prior, false).predict(new double[][] {{0}});
            assertEquals(Math.exp(m + s * s / 2), plain[0][0], 1e-12, "log-normal mean");
            assertEquals(plain[0][0] * Math.sqrt(Math.expm1(s * s)), plain[1][0], 1e-12, "log-normal sd");
            for (double beta = 0; beta <= 4; beta += 0.5) {
                assertTrue(safe[0][0] + beta * safe[1][0] >= Math.exp(m + beta * s) * (1 - 1e-12),
                        "s = " + s + ", beta = " + beta);
                // Below, a normal bound with these moments is the more careful one (the log-normal's lower tail is
                // the lighter), from one standard deviation on.
                if (beta >= 1) {
                    assertTrue(safe[0][0] - beta * safe[1][0] <= Math.exp(m - beta * s), "lower side, s = " + s + ", beta = " + beta);
                }
            }
        }
    }
}
