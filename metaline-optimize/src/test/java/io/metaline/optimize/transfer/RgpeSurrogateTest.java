package io.metaline.optimize.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.optimize.Surrogate;
import io.metaline.optimize.gp.Cholesky;
import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.HyperparameterFit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class RgpeSurrogateTest {
    private static double f(double[] x) {
        return Math.sin(3 * x[0]) + Math.cos(4 * x[1]) + x[0] * x[1];
    }

    private static double[][] points(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
        return x;
    }

    private static double[] values(double[][] x, ToDoubleFunction<double[]> g) {
        return Arrays.stream(x).mapToDouble(g).toArray();
    }

    private static SourceTask source(String id, ToDoubleFunction<double[]> g, long seed) {
        double[][] x = points(40, seed);
        return new SourceTask(id, x, Map.of("y", values(x, g)));
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        return w;
    }

    private static final List<SourceTask> UNRELATED = List.of(
            source("opposite", x -> -f(x), 11),
            source("ripple", x -> Math.sin(10 * x[0] + 2) * Math.cos(7 * x[1]), 12),
            source("bowl", x -> (x[0] - 0.8) * (x[0] - 0.8) - x[1], 13));

    @Test
    void rankingLossCountsMisrankedOrderedPairs() {
        assertEquals(0, RgpeSurrogate.rankingLoss(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40}));
        // One swapped pair, counted from both sides.
        assertEquals(2, RgpeSurrogate.rankingLoss(new double[] {1, 2, 3, 4}, new double[] {10, 30, 20, 40}));
        // Fully reversed: all 3 pairs of 3 points.
        assertEquals(6, RgpeSurrogate.rankingLoss(new double[] {1, 2, 3}, new double[] {3, 2, 1}));
        // A tie in y that the model breaks counts once: (f0 < f1) xor (y0 < y1) = true, the reverse pair false.
        assertEquals(1, RgpeSurrogate.rankingLoss(new double[] {1, 2}, new double[] {5, 5}));
    }

    @Test
    void bootstrapWeightsSplitTiesAndDropDilutingModels() {
        // Model 0 always best, model 1 ties with the target on every sample, model 2 far worse than the target.
        double[][] loss = {{0, 0, 0, 0}, {2, 2, 2, 2}, {9, 9, 9, 9}, {2, 2, 2, 2}};
        assertArrayEquals(new double[] {1, 0, 0, 0}, RgpeSurrogate.weightsFromLosses(loss), 1e-12);
        double[][] tie = {{2, 2}, {3, 1}, {2, 4}};
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, RgpeSurrogate.weightsFromLosses(tie), 1e-12);
        // Model 0 would win one sample, but its median loss (8) is above the target's 95th percentile (4.85):
        // it is dropped and the target takes everything.
        double[][] diluting = {{8, 8, 0}, {3, 1, 5}};
        assertArrayEquals(new double[] {0, 1}, RgpeSurrogate.weightsFromLosses(diluting), 1e-12);
        // Bootstrap: counts c_j, loss sum_jk c_j c_k m_jk; a model without misrankings never loses.
        boolean[][] none = new boolean[3][3];
        boolean[][] some = RgpeSurrogate.misranked(new double[] {1, 3, 2}, new double[] {1, 2, 3});
        double[][] l = RgpeSurrogate.bootstrapLosses(new boolean[][][] {none, some}, 50, new Rng(1));
        for (int b = 0; b < 50; b++) {
            assertEquals(0, l[0][b]);
            assertTrue(l[1][b] >= 0 && l[1][b] <= 2 * 9, "loss " + l[1][b]);
        }
    }

    @Test
    void leaveOneOutMeansMatchAnExplicitRefitWithTheSameHyperparameters() {
        double[][] x = points(7, 3);
        double[] y = values(x, RgpeSurrogateTest::f);
        double[] w = {1, 1, 0.5, 1, 0.25, 1, 1};
        GaussianProcess gp = HyperparameterFit.defaults().withSeed(1).fit(x, y, GaussianProcess.multipliersFromWeights(w), null).gp();
        double[][] loo = RgpeSurrogate.looMeans(gp);
        int n = x.length;
        double noise = gp.hyperparameters().noiseVariance();
        for (int j = 0; j < n; j++) {
            // K without row/column j, solved directly.
            int m = n - 1;
            double[][] xs = new double[m][];
            double[] z = new double[m];
            for (int i = 0, r = 0; i < n; i++) {
                if (i == j) continue;
                xs[r] = x[i];
                z[r++] = (y[i] - gp.outputMean()) / gp.outputStd();
            }
            double[] k = gp.kernel().matrix(xs);
            for (int r = 0, i = 0; i < n; i++) if (i != j) { k[r * m + r] += noise / w[i]; r++; }
            double[] alpha = Cholesky.factor(k, m).solve(z);
            double[] cross = gp.kernel().cross(x, xs);
            for (int i = 0; i < n; i++) {
                double mu = 0;
                for (int r = 0; r < m; r++) mu += cross[i * m + r] * alpha[r];
                assertEquals(mu, loo[j][i], 1e-6, "f^-" + j + "(x_" + i + ")");
            }
        }
    }

    @Test
    void aSourceIdenticalToTheTargetDominatesAndThePredictionsMatchIt() {
        List<SourceTask> sources = new java.util.ArrayList<>(UNRELATED);
        sources.add(1, source("same", RgpeSurrogateTest::f, 14));
        RgpeSurrogate rgpe = new RgpeSurrogate(sources, List.of("y"), 7);
        double[][] x = points(10, 21);
        double[] y = values(x, RgpeSurrogateTest::f);
        Surrogate.Model model = rgpe.fit("y", x, y, ones(x.length), 0);
        Map<String, Double> w = rgpe.weights("y");
        assertTrue(w.get("same") > 0.7, "weights " + w);
        assertTrue(w.get("same") > w.get(RgpeSurrogate.TARGET), "weights " + w);
        assertEquals(List.of("same"), rgpe.mostSimilar(1));

        double[][] test = points(200, 99);
        double[] predicted = model.predict(test)[0];
        double[] truth = values(test, RgpeSurrogateTest::f);
        double range = Arrays.stream(truth).max().orElseThrow() - Arrays.stream(truth).min().orElseThrow();
        double sq = 0, worst = 0;
        for (int i = 0; i < test.length; i++) {
            sq += (predicted[i] - truth[i]) * (predicted[i] - truth[i]);
            worst = Math.max(worst, Math.abs(predicted[i] - truth[i]));
        }
        double rmse = Math.sqrt(sq / test.length);
        assertTrue(rmse < 0.03 * range, "rmse " + rmse + " of range " + range);
        assertTrue(worst < 0.1 * range, "worst error " + worst + " of range " + range);

        // Plain GP on the same 10 runs is far worse: the transfer is what makes the difference.
        GaussianProcess alone = HyperparameterFit.defaults().withSeed(1).fit(x, y).gp();
        double[] gpPred = alone.predict(test).mean();
        double gpSq = 0;
        for (int i = 0; i < test.length; i++) gpSq += (gpPred[i] - truth[i]) * (gpPred[i] - truth[i]);
        assertTrue(Math.sqrt(gpSq / test.length) > 2 * rmse, "GP rmse " + Math.sqrt(gpSq / test.length) + " vs RGPE " + rmse);
    }

    @Test
    void withUnrelatedSourcesTheTargetModelDominates() {
        RgpeSurrogate rgpe = new RgpeSurrogate(UNRELATED, List.of("y"), 8);
        double[][] x = points(15, 22);
        double[] y = values(x, RgpeSurrogateTest::f);
        Surrogate.Model model = rgpe.fit("y", x, y, ones(x.length), 0);
        Map<String, Double> w = rgpe.weights("y");
        assertTrue(w.get(RgpeSurrogate.TARGET) > 0.9, "weights " + w);
        assertEquals(0.0, w.get("opposite"), "weights " + w);

        GaussianProcess alone = HyperparameterFit.defaults().withSeed(8).withStarts(3).fit(x, y).gp();
        double[][] test = points(100, 98);
        double[] a = model.predict(test)[0], b = alone.predict(test).mean();
        double sq = 0, range = Arrays.stream(y).max().orElseThrow() - Arrays.stream(y).min().orElseThrow();
        for (int i = 0; i < test.length; i++) sq += (a[i] - b[i]) * (a[i] - b[i]);
        assertTrue(Math.sqrt(sq / test.length) < 0.05 * range, "ensemble differs from the target GP by " + Math.sqrt(sq / test.length));
    }

    @Test
    void fewTargetRunsFallBackToTheSourcesShiftedThroughTheObservation() {
        RgpeSurrogate rgpe = new RgpeSurrogate(List.of(source("a", x -> f(x) + 5, 1), source("b", x -> f(x) - 5, 2)), List.of("y"), 9);
        double[] x0 = {0.4, 0.6};
        double y0 = f(x0) + 100;
        Surrogate.Model one = rgpe.fit("y", new double[][] {x0}, new double[] {y0}, new double[] {1}, 0);
        double[][] p = one.predict(new double[][] {x0, {0.9, 0.1}});
        assertEquals(y0, p[0][0], 1e-9);
        assertEquals(0, p[1][0], 1e-6, "sd at the observed point");
        assertEquals(y0 + f(new double[] {0.9, 0.1}) - f(x0), p[0][1], 0.05);
        assertTrue(p[1][1] >= 0 && p[1][1] < 0.1, "sd " + p[1][1]);
        // A declared scale (distance to a safety limit) adds the target's own prior spread away from the run.
        double[][] q = rgpe.fit("y", new double[][] {x0}, new double[] {y0}, new double[] {1}, 100).predict(new double[][] {{0.9, 0.1}});
        assertTrue(q[1][0] > 10 * p[1][1], "stretched sd " + q[1][0] + " vs " + p[1][1]);
        assertTrue(rgpe.mostSimilar(3).isEmpty());
        // No target run at all: the sources' mean.
        double[][] none = rgpe.fit("y", new double[0][], new double[0], new double[0], 0).predict(new double[][] {x0});
        assertEquals(f(x0), none[0][0], 0.05);
        assertThrows(IllegalArgumentException.class, () -> rgpe.fit("z", new double[][] {x0}, new double[] {1}, new double[] {1}, 0));
    }

    @Test
    void driftWeightsAndConditioningAreAccepted() {
        RgpeSurrogate rgpe = new RgpeSurrogate(UNRELATED, List.of("y"), 10, 32);
        double[][] x = points(8, 23);
        double[] y = values(x, RgpeSurrogateTest::f);
        double[] w = {0.1, 0.2, 0.3, 0.5, 0.7, 1, 1, 1};
        Surrogate.Model model = rgpe.fit("y", x, y, w, 0);
        double[] at = {0.5, 0.5};
        double before = model.predict(new double[][] {at})[1][0];
        double after = model.condition(at, model.predict(new double[][] {at})[0][0]).predict(new double[][] {at})[1][0];
        assertTrue(after <= before + 1e-12, "conditioning raised the sd from " + before + " to " + after);
        // Same data, same weights: deterministic.
        rgpe.fit("y", x, y, w, 0);
        Map<String, Double> first = rgpe.weights("y");
        rgpe.fit("y", x, y, w, 0);
        assertEquals(first, rgpe.weights("y"));
    }
}
