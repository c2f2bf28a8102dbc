package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.meta.TrainingListener;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.optimize.transfer.MetaSurrogate;
import io.metaline.optimize.transfer.SourceTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks whose objective jumps where an outcome leaves its specification, the jump's place in the settings moving
 * from task to task: the dimension {@code d = x0 + x1 - 1 + shift} (shift varies by task) must stay within +/- 0.2,
 * and the cost is {@code 0.5 + 0.2 x0} plus 1 for a part out of tolerance (a logistic step 0.02 wide). After three
 * runs of a new task, the prior's objective learnt over the dimension, composed with the task's model of the
 * dimension, must predict the cost far better than the prior's model of the cost over the settings alone (mean
 * squared error 0.017 against 0.172 when written).
 */
class LearntOutcomeAwareObjectiveTest {
    private static final List<OutcomeConstraint> TOLERANCE = List.of(OutcomeConstraint.softMin("d", -0.2),
            OutcomeConstraint.softMax("d", 0.2));
    private static MetaPrior prior;

    private static double dimension(double shift, double[] x) {
        return x[0] + x[1] - 1 + shift;
    }

    private static double cost(double shift, double[] x) {
        double outside = Math.abs(dimension(shift, x)) - 0.2;
        return 0.5 + 0.2 * x[0] + 1 / (1 + Math.exp(-outside / 0.02));
    }

    @BeforeAll
    static void train() {
        Rng rng = new Rng(11);
        List<SourceTask> sources = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            double shift = rng.uniform(-0.3, 0.3);
            double[][] x = new double[30][];
            double[] c = new double[x.length], d = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
                c[i] = cost(shift, x[i]) + 0.01 * rng.nextGaussian();
                d[i] = dimension(shift, x[i]) + 0.01 * rng.nextGaussian();
            }
            sources.add(new SourceTask("task" + t, x, Map.of("c", c, "d", d)));
        }
        MetaPrior.Config config = new MetaPrior.Config("maml", List.of(32, 32), 3, 0.05, 600, 8, 12, 2);
        prior = MetaPrior.train(sources, List.of("c", "d"), config, 3, TrainingListener.SILENT)
                .withObjectiveOverOutcomes(sources, "c", TOLERANCE, 3, TrainingListener.SILENT);
    }

    @Test
    void afterThreeRunsTheObjectiveLearntOverTheOutcomePredictsTheCostFarBetter() {
        MetaSurrogate surrogate = new MetaSurrogate(prior);
        Surrogate.ObjectiveOverOutcomes learnt = surrogate.objectiveOverOutcomes();
        assertNotNull(learnt);
        assertEquals(List.of("d"), learnt.features().outcomes());
        Rng rng = new Rng(77);
        double composedErr = 0, plainErr = 0;
        int total = 0;
        for (int task = 0; task < 20; task++) {
            double shift = rng.uniform(-0.3, 0.3);
            double[][] x = new double[3][];
            double[] c = new double[3], d = new double[3], w = {1, 1, 1};
            for (int i = 0; i < 3; i++) {
                x[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
                c[i] = cost(shift, x[i]);
                d[i] = dimension(shift, x[i]);
            }
            Surrogate.Model dimensionModel = surrogate.fit("d", x, d, w, 0);
            Surrogate.Model composed = OutcomeAwareObjective.learnt(learnt, x, c, w, List.of(dimensionModel));
            Surrogate.Model plain = surrogate.fit("c", x, c, w, 0);
            double[][] grid = new double[121][];
            for (int i = 0; i < 11; i++) for (int j = 0; j < 11; j++) grid[i * 11 + j] = new double[] {i / 10.0, j / 10.0};
            double[] a = composed.predict(grid)[0], b = plain.predict(grid)[0];
            for (int i = 0; i < grid.length; i++) {
                double truth = cost(shift, grid[i]);
                composedErr += (a[i] - truth) * (a[i] - truth);
                plainErr += (b[i] - truth) * (b[i] - truth);
                total++;
            }
        }
        assertTrue(composedErr < 0.25 * plainErr, "mean squared error of the cost: composed " + composedErr / total
                + ", over the settings alone " + plainErr / total);
    }

    @Test
    void aStudyUsesTheLearntObjectiveOnlyWhenItModelsTheFeaturedOutcomes() {
        SearchSpace space = new SearchSpace(List.of(ParameterSpec.continuous("x0", "", 0, 1, 1), ParameterSpec.continuous("x1", "", 0, 1, 1)), List.of());
        StudySpec withLimits = new StudySpec("s", space, Objective.minimise("c"), TOLERANCE, SafetyConfig.OFF, DriftPolicy.NONE,
                StudySpec.Acquisition.EXPECTED_IMPROVEMENT, 0, List.of(), 5);
        StudySpec without = new StudySpec("s", space, Objective.minimise("c"), List.of(), SafetyConfig.OFF, DriftPolicy.NONE,
                StudySpec.Acquisition.EXPECTED_IMPROVEMENT, 0, List.of(), 5);
        Trial run = new Trial(1, Map.of("x0", 0.5, "x1", 0.5), Map.of(), Trial.Status.COMPLETED, Map.of("c", 0.6, "d", 0.0), null, null, null);
        Trial other = new Trial(2, Map.of("x0", 0.1, "x1", 0.9), Map.of(), Trial.Status.COMPLETED, Map.of("c", 0.52, "d", 0.0), null, null, null);
        MetaSurrogate surrogate = new MetaSurrogate(prior);
        double[][] at = {{0.3, 0.3}};
        double[] viaStudy = new SuggestionEngine(withLimits, surrogate).objectiveModel(List.of(run, other)).predict(at)[0];
        double[] plain = new SuggestionEngine(without, surrogate).objectiveModel(List.of(run, other)).predict(at)[0];
        double[][] x = {{0.5, 0.5}, {0.1, 0.9}};
        double[] w = {1, 1};
        Surrogate.Model d = surrogate.fit("d", x, new double[] {0, 0}, w, 0);
        double[] composed = OutcomeAwareObjective.learnt(surrogate.objectiveOverOutcomes(), x, new double[] {0.6, 0.52}, w, List.of(d))
                .predict(at)[0];
        assertArrayEquals(composed, viaStudy, 1e-12);
        assertArrayEquals(surrogate.fit("c", x, new double[] {0.6, 0.52}, w, 0).predict(at)[0], plain, 1e-12);
        assertNull(new GpSurrogate(1).objectiveOverOutcomes());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> prior.withObjectiveOverOutcomes(List.of(), "c", List.of(OutcomeConstraint.softMax("c", 1)), 1, TrainingListener.SILENT));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
        assertTrue(prior.toString().contains("c learnt over [d]"), prior.toString());
    }

    @Test
    void aSavedPriorKeepsItsObjectiveOverOutcomes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prior.mlta");
        prior.save(file);
        MetaPrior loaded = MetaPrior.load(file);
        MetaPrior.OverOutcomes a = prior.overOutcomes(), b = loaded.overOutcomes();
        assertEquals(a.objective(), b.objective());
        assertEquals(a.features().outcomes(), b.features().outcomes());
        assertEquals(a.features().limits(), b.features().limits());
        assertArrayEquals(a.features().lower(), b.features().lower(), 0);
        assertArrayEquals(a.features().span(), b.features().span(), 0);
        assertFalse(b.prior().outcome("c").adapts(), "the objective over the outcomes is shared, not adapted");
        assertTrue(loaded.outcome("c").adapts() && loaded.outcome("d").adapts());
        double[][] x = {{0.2, 0.4, 0.3, 0.9, 0.9}, {0.6, 0.5, 0.6, 0.4, 0.9}};
        double[] y = {0.8, 1.4}, w = {1, 1};
        double[][] test = {{0.5, 0.5, 0.5, 0.5, 0.5}};
        double[][] p = new MetaSurrogate(a.prior()).fit("c", x, y, w, 0).predict(test);
        double[][] q = new MetaSurrogate(b.prior()).fit("c", x, y, w, 0).predict(test);
        assertArrayEquals(p[0], q[0], 0);
        assertArrayEquals(p[1], q[1], 0);
        assertEquals(Arrays.toString(prior.outcome("d").errorBySupport()), Arrays.toString(loaded.outcome("d").errorBySupport()));
    }
}
