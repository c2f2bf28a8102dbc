package io.metaline.optimize.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.meta.TrainingListener;
import io.metaline.optimize.EvenMixture;
import io.metaline.optimize.GpSurrogate;
import io.metaline.optimize.Objective;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Surrogate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A family of 2-D response surfaces q(x) = s * (1 - |x - c|^2 / 0.5) whose centre c and scale s vary by task:
 * after two runs of a new task, the meta-learned surrogate must predict the surface better than a GP without
 * transfer, and its uncertainty must cover the truth about as often as it claims.
 */
class MetaSurrogateTest {
    private static MetaPrior prior;

    private static double q(double[] c, double s, double[] x) {
        double d = (x[0] - c[0]) * (x[0] - c[0]) + (x[1] - c[1]) * (x[1] - c[1]);
        return s * (1 - d / 0.5);
    }

    private record Family(double[] c, double s) {}

    private static Family family(Rng rng) {
        return new Family(new double[] {rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7)}, rng.uniform(0.8, 1.2));
    }

    private static double[] point(Rng rng) {
        return new double[] {rng.nextDouble(), rng.nextDouble()};
    }

    @BeforeAll
    static void train() {
        Rng rng = new Rng(1);
        List<SourceTask> sources = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            Family f = family(rng);
            double[][] x = new double[25][];
            double[] y = new double[25];
            for (int i = 0; i < x.length; i++) {
                x[i] = point(rng);
                y[i] = q(f.c(), f.s(), x[i]) + 0.01 * rng.nextGaussian();
            }
            sources.add(new SourceTask("task" + t, x, Map.of("q", y)));
        }
        prior = MetaPrior.train(sources, List.of("q"), new MetaPrior.Config("maml", List.of(32, 32), 3, 0.05, 600, 8, 12, 2), 3,
                TrainingListener.SILENT);
    }

    @Test
    void afterTwoRunsTheMetaSurrogatePredictsBetterThanAPlainGpAndIsCalibrated() {
        Rng rng = new Rng(77);
        double metaErr = 0, gpErr = 0;
        int covered = 0, total = 0;
        for (int task = 0; task < 30; task++) {
            Family f = family(rng);
            double[][] x = {point(rng), point(rng)};
            double[] y = {q(f.c(), f.s(), x[0]), q(f.c(), f.s(), x[1])};
            double[] w = {1, 1};
            Surrogate.Model meta = new MetaSurrogate(prior).fit("q", x, y, w, 0);
            Surrogate.Model gp = new GpSurrogate(1).fit("q", x, y, w, 0);
            double[][] test = new double[50][];
            for (int i = 0; i < test.length; i++) test[i] = point(rng);
            double[][] pm = meta.predict(test), pg = gp.predict(test);
            for (int i = 0; i < test.length; i++) {
                double truth = q(f.c(), f.s(), test[i]);
                metaErr += Math.pow(pm[0][i] - truth, 2);
                gpErr += Math.pow(pg[0][i] - truth, 2);
                if (Math.abs(pm[0][i] - truth) <= 2 * pm[1][i]) covered++;
                total++;
            }
        }
        assertTrue(metaErr < 0.5 * gpErr, "meta MSE " + metaErr / total + " vs GP " + gpErr / total);
        double coverage = (double) covered / total;
        assertTrue(coverage > 0.85, "only " + coverage + " of the truth lies within 2 sd");
    }

    @Test
    void inSafeModeAHardLimitsOutcomeMixesTheFixedAndTheFittedResidualProcessOnceThereAreRunsEnough() {
        // An unfamiliar task, where the fixed wide residual process is wrong among its runs: for a hard limit's outcome
        // (declared scale > 0) safe mode averages it with the fitted one, and the mixture covers the truth more often.
        double[] c = UNFAMILIAR_CENTRE;
        int n = MetaSurrogate.fittedResidualRuns(2) + 10;
        Runs runs = unfamiliarRuns(new Rng(5), n);
        Surrogate safe = new MetaSurrogate(prior).forSafeMode();
        Surrogate.Model limit = safe.fit("q", runs.x(), runs.y(), runs.w(), 1.0);
        assertTrue(limit instanceof EvenMixture, "a hard limit's model from " + n + " runs");
        assertFalse(safe.fit("q", runs.x(), runs.y(), runs.w(), 0) instanceof EvenMixture, "an outcome without a hard limit");
        int few = MetaSurrogate.fittedResidualRuns(2) - 1;
        assertFalse(safe.fit("q", Arrays.copyOf(runs.x(), few), Arrays.copyOf(runs.y(), few), Arrays.copyOf(runs.w(), few), 1.0)
                instanceof EvenMixture, "fewer runs than a residual process is fitted from");
        double[][] g = grid();
        double[][] mixed = limit.predict(g), fixed = safe.fit("q", runs.x(), runs.y(), runs.w(), 0).predict(g);
        int mixedIn = 0, fixedIn = 0;
        for (int i = 0; i < g.length; i++) {
            double truth = q(c, 3.0, g[i]);
            if (Math.abs(mixed[0][i] - truth) <= 2 * mixed[1][i]) mixedIn++;
            if (Math.abs(fixed[0][i] - truth) <= 2 * fixed[1][i]) fixedIn++;
        }
        assertTrue(mixedIn >= fixedIn, "within 2 sd: mixture " + mixedIn + ", fixed " + fixedIn + " of " + g.length);
    }

    @Test
    void withManyRunsOfAnUnfamiliarTaskTheFittedResidualProcessConverges() {
        // A task unlike every source (sharper surface, centre in a corner): the network is wrong about it, so from
        // fittedResidualRuns runs on the residual process fitted to the task must do what the fixed one cannot.
        double[] c = UNFAMILIAR_CENTRE;
        int switchAt = MetaSurrogate.fittedResidualRuns(2), n = switchAt + 10;
        Runs runs = unfamiliarRuns(new Rng(5), n);
        double[][] x = runs.x();
        double[] y = runs.y(), w = runs.w();
        MetaSurrogate meta = new MetaSurrogate(prior);
        double[][] g = grid();
        double[][] fitted = meta.fit("q", x, y, w, 0).predict(g);
        // In safe mode too for an outcome without a hard limit (scale 0).
        assertArrayEquals(fitted[0], meta.forSafeMode().fit("q", x, y, w, 0).predict(g)[0]);
        // One run before the switch, safe mode's fixed wide residual process.
        int k = switchAt - 1;
        double[][] fixed = meta.forSafeMode().fit("q", Arrays.copyOf(x, k), Arrays.copyOf(y, k), Arrays.copyOf(w, k), 0).predict(g);
        double[][] plain = new GpSurrogate(1).fit("q", x, y, w, 0).predict(g);
        double fittedErr = 0, fixedErr = 0, plainErr = 0;
        for (int i = 0; i < g.length; i++) {
            double truth = q(c, 3.0, g[i]);
            fittedErr += Math.pow(fitted[0][i] - truth, 2) / g.length;
            fixedErr += Math.pow(fixed[0][i] - truth, 2) / g.length;
            plainErr += Math.pow(plain[0][i] - truth, 2) / g.length;
        }
        String figures = "MSE fitted residual " + fittedErr + ", fixed residual " + fixedErr + ", plain GP " + plainErr;
        assertTrue(fittedErr < 0.5 * fixedErr, figures);
        // Within a small factor of a GP without transfer: the wrong network leaves a wigglier residual (measured here:
        // 0.066 against the plain GP's 0.043).
        assertTrue(fittedErr < 2.5 * plainErr, figures);
    }

    @Test
    void onAnUnfamiliarTaskTheCrossValidatedUncertaintyWidensToCoverTheTruth() {
        // Safe mode keeps the residual process the earlier tasks chose, whose scale is the error the network made on
        // them; on a task unlike all of them that scale is far too small, and the task's own runs must show it.
        double[] c = UNFAMILIAR_CENTRE;
        Runs runs = unfamiliarRuns(new Rng(9), 8);
        double[][] g = grid();
        double[][] p = new MetaSurrogate(prior).forSafeMode().fit("q", runs.x(), runs.y(), runs.w(), 0).predict(g);
        int covered = 0;
        for (int i = 0; i < g.length; i++) if (Math.abs(p[0][i] - q(c, 3.0, g[i])) <= 1.96 * p[1][i]) covered++;
        double coverage = (double) covered / g.length;
        // Measured: 0.87 of the grid within the interval, against 0.33 without the check.
        assertTrue(coverage >= 0.8, "only " + coverage + " of the truth lies within the 95% interval");
    }

    @Test
    void theFittedResidualProcessIsCheckedByCrossValidationToo() {
        // From fittedResidualRuns on, the network is adapted to the very runs whose residuals the fitted process learns,
        // and maximum likelihood on a few noisy runs may find them smooth: a surface with a cliff the sources never had
        // (step), noisy runs at random points, and the intervals must still cover the truth on most of the grid.
        int tasks = 6, n = MetaSurrogate.fittedResidualRuns(2) + 6;
        double[][] g = grid();
        double coverage = 0;
        for (int t = 0; t < tasks; t++) {
            Rng rng = new Rng(1 + t);
            double[][] x = new double[n][];
            double[] y = new double[n], w = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = point(rng);
                y[i] = step(x[i]) + 0.05 * rng.nextGaussian();
                w[i] = 1;
            }
            double[][] p = new MetaSurrogate(prior).fit("q", x, y, w, 0).predict(g);
            for (int i = 0; i < g.length; i++) if (Math.abs(p[0][i] - step(g[i])) <= 1.96 * p[1][i]) coverage += 1.0 / (g.length * tasks);
        }
        // Measured: 0.85 of the grid within the intervals over the six tasks, 0.69 without the check (0.42 on one).
        assertTrue(coverage >= 0.8, "only " + coverage + " of the truth lies within the 95% intervals");
    }

    /** The unfamiliar task's surface at scale 1 with a cliff of 1.5 across the diagonal. */
    private static double step(double[] x) {
        return q(UNFAMILIAR_CENTRE, 1.0, x) + (x[0] + x[1] > 1 ? 1.5 : 0);
    }

    @Test
    void onAFamiliarTaskTheCrossValidationLeavesTheUncertaintyAlone() {
        // Runs of a task like the earlier ones: the network predicts them as well as it did those, so the intervals
        // keep their width (the check never narrows them, and here must not widen them much either).
        Rng rng = new Rng(10);
        double sdRatio = 0;
        int tasks = 10;
        for (int t = 0; t < tasks; t++) {
            Family f = family(rng);
            int n = 8;
            double[][] x = new double[n][];
            double[] y = new double[n], w = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = point(rng);
                y[i] = q(f.c(), f.s(), x[i]) + 0.01 * rng.nextGaussian();
                w[i] = 1;
            }
            MetaSurrogate meta = new MetaSurrogate(prior);
            double[][] checked = meta.forSafeMode().fit("q", x, y, w, 0).predict(grid());
            double[][] first = meta.forSafeMode().fit("q", Arrays.copyOf(x, 3), Arrays.copyOf(y, 3), Arrays.copyOf(w, 3), 0)
                    .predict(grid());
            double a = 0, b = 0;
            for (int i = 0; i < checked[1].length; i++) {
                a += checked[1][i];
                b += first[1][i];
            }
            sdRatio += a / b / tasks;
        }
        // With more runs the intervals narrow (3 runs: no check yet); a wide check would undo that.
        assertTrue(sdRatio < 1.0, "mean sd with 8 runs over mean sd with 3: " + sdRatio);
    }

    /** A task unlike every source: a sharper surface (scale 3) centred in a corner. */
    private static final double[] UNFAMILIAR_CENTRE = {0.9, 0.15};

    private record Runs(double[][] x, double[] y, double[] w) {}

    /** {@code n} noise-free runs of the unfamiliar task at random points, unit weights. */
    private static Runs unfamiliarRuns(Rng rng, int n) {
        double[][] x = new double[n][];
        double[] y = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = point(rng);
            y[i] = q(UNFAMILIAR_CENTRE, 3.0, x[i]);
            w[i] = 1;
        }
        return new Runs(x, y, w);
    }

    private static double[][] grid() {
        double[][] g = new double[121][];
        for (int i = 0; i < 11; i++) for (int j = 0; j < 11; j++) g[i * 11 + j] = new double[] {i / 10.0, j / 10.0};
        return g;
    }

    @Test
    void aSavedPriorLoadsBackAndPredictsTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prior.mlta");
        prior.save(file);
        MetaPrior loaded = MetaPrior.load(file);
        double[][] x = {{0.2, 0.4}, {0.6, 0.5}};
        double[] y = {0.3, 0.9};
        double[][] test = {{0.5, 0.5}, {0.1, 0.9}};
        double[][] a = new MetaSurrogate(prior).fit("q", x, y, new double[] {1, 1}, 0).predict(test);
        double[][] b = new MetaSurrogate(loaded).fit("q", x, y, new double[] {1, 1}, 0).predict(test);
        assertArrayEquals(a[0], b[0], 0.0);
        assertArrayEquals(a[1], b[1], 0.0);
        assertEquals(prior.outcome("q").residualLengthscale(), loaded.outcome("q").residualLengthscale(), 0.0);
        assertEquals(prior.outcome("q").residualNoise(), loaded.outcome("q").residualNoise(), 0.0);
    }

    @Test
    void theResidualSettingsComeFromTheHeldOutGrid() {
        MetaPrior.OutcomePrior p = prior.outcome("q");
        assertTrue(java.util.Arrays.stream(MetaPrior.RESIDUAL_LENGTHSCALES).anyMatch(l -> l == p.residualLengthscale()), p.toString());
        assertTrue(java.util.Arrays.stream(MetaPrior.RESIDUAL_NOISES).anyMatch(n -> n == p.residualNoise()), p.toString());
    }

    @Test
    void withNoInitialTrialsTheFirstSuggestionIsWhereThePriorPredictsTheOptimum() {
        // Task centres are uniform in [0.3, 0.7]^2, so the unadapted prior peaks near (0.5, 0.5).
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("a", "", 0, 1, Double.POSITIVE_INFINITY),
                ParameterSpec.continuous("b", "", 0, 1, Double.POSITIVE_INFINITY));
        StudySpec spec = StudySpec.of("zero-shot", space, Objective.maximise("q")).withInitialTrials(0).withSeed(3);
        Suggestion first = new Study(spec, new MetaSurrogate(prior)).ask(Map.of());
        assertTrue(first.reason().startsWith("no runs yet"), first.reason());
        double da = first.settings().get("a") - 0.5, db = first.settings().get("b") - 0.5;
        assertTrue(Math.sqrt(da * da + db * db) < 0.15, "first suggestion " + first.settings());
        // A plain GP cannot predict before any run: the same study starts with a random trial.
        Suggestion gp = new Study(spec, new GpSurrogate(3)).ask(Map.of());
        assertTrue(gp.reason().startsWith("initial design"), gp.reason());
    }
}
