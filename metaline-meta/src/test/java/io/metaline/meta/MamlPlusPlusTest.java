package io.metaline.meta;

import static io.metaline.meta.MetaGradientCheck.adaptedQueryLoss;
import static io.metaline.meta.MetaGradientCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.meta.MetaLearner.TrainingStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MamlPlusPlusTest {
    private static final Task TASK = TestTasks.sine(5, 7).sample(new Rng(14));
    private static final int TOTAL = 100;

    private static MamlPlusPlus learner(int steps) {
        return new MamlPlusPlus(TestTasks.smoothNet(), TaskLoss.MSE, new MamlPlusPlus.Config(steps, 0.02, 0.1));
    }

    /** Distinct rates, so a mix-up of steps or layers would show. */
    private static Params perturbedRates(MamlPlusPlus learner, long seed) {
        Params meta = learner.init(new Rng(seed));
        Rng rng = new Rng(seed + 1);
        return meta.with(meta.select(n -> n.startsWith(MamlPlusPlus.LSLR_PREFIX))
                .map(t -> Tensor.scalar(rng.uniform(0.005, 0.04))));
    }

    /** The multi-step objective, from separate adaptations of 1..steps steps. */
    private static double multiStepLoss(MamlPlusPlus learner, Params meta, int steps, double progress) {
        double[] w = MamlPlusPlus.stepWeights(steps, progress, 0.1);
        double sum = 0;
        for (int s = 0; s < steps; s++) if (w[s] != 0) sum += w[s] * adaptedQueryLoss(learner, meta, TASK, s + 1);
        return sum;
    }

    @ParameterizedTest(name = "{0} inner steps, iteration {1} of 100")
    @CsvSource({"1, 0", "3, 4", "3, 50"})
    void secondOrderMetaGradientMatchesFiniteDifferencesOfTheMultiStepLoss(int steps, int iteration) {
        MamlPlusPlus learner = learner(steps);
        Params meta = perturbedRates(learner, 15);
        TrainingStep step = new TrainingStep(iteration, TOTAL, GradOrder.SECOND);
        MetaLearner.TaskUpdate update = learner.taskUpdate(meta, TASK, step);
        Params numeric = MetaGradientCheck.numeric(m -> multiStepLoss(learner, m, steps, step.progress()), meta);
        assertClose("MAML++ meta-gradient, " + steps + " steps at " + step.progress(), numeric, update.direction());
        assertEquals(adaptedQueryLoss(learner, meta, TASK, steps), update.queryLoss(), 1e-12, "reports the last step's loss");
    }

    @ParameterizedTest(name = "{0} inner steps, iteration {1} of 100")
    @CsvSource({"1, 0", "3, 4", "3, 50"})
    void firstOrderWeightGradientIsTheWeightedQueryGradientsAtEachStep(int steps, int iteration) {
        MamlPlusPlus learner = learner(steps);
        Params meta = perturbedRates(learner, 16);
        TrainingStep step = new TrainingStep(iteration, TOTAL, GradOrder.FIRST);
        Params direction = MamlPlusPlus.weights(learner.taskUpdate(meta, TASK, step).direction());
        double[] w = MamlPlusPlus.stepWeights(steps, step.progress(), 0.1);
        Params expected = null;
        for (int s = 0; s < steps; s++) {
            Params fast = learner.adapt(meta, TASK.support(), s + 1, GradOrder.FIRST).withGrad();
            double ws = w[s];
            Params g = Autograd.grad(learner.loss(fast, TASK.query()), fast, false).map(t -> t.mul(ws));
            expected = expected == null ? g : expected.zip(g, Tensor::add);
        }
        assertEquals(0, MetaGradientCheck.maxAbsDiff(expected, direction), 1e-12);
    }

    @Test
    void ratesAreOneScalarPerStepAndWeightStartingAtTheInnerRate() {
        MamlPlusPlus learner = learner(3);
        Params meta = learner.init(new Rng(17));
        Params weights = TestTasks.smoothNet().init(new Rng(17));
        assertEquals(weights.size() * 4, meta.size());
        for (int s = 0; s < 3; s++) {
            for (String name : weights.names()) {
                Tensor rate = meta.get("lslr.step" + s + "." + name);
                assertEquals(0, rate.rank());
                assertEquals(0.02, rate.item());
            }
        }
    }

    @Test
    void withItsInitialRatesAdaptationIsMamlEvenBeyondTheTrainedSteps() {
        MamlPlusPlus learner = learner(2);
        Params meta = learner.init(new Rng(18));
        Maml maml = new Maml(TestTasks.smoothNet(), TaskLoss.MSE, new Maml.Config(2, 0.02));
        Params expected = maml.adapt(MamlPlusPlus.weights(meta), TASK.support(), 5, GradOrder.FIRST);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(expected, learner.adapt(meta, TASK.support(), 5, GradOrder.FIRST)), 1e-15);
    }

    @Test
    void eachStepUsesItsOwnRates() {
        MamlPlusPlus learner = learner(2);
        Params meta = learner.init(new Rng(19));
        Params stepOneFrozen = meta.with(meta.select(n -> n.startsWith("lslr.step1.")).map(t -> Tensor.scalar(0)));
        assertEquals(0, MetaGradientCheck.maxAbsDiff(learner.adapt(stepOneFrozen, TASK.support(), 1, GradOrder.FIRST),
                learner.adapt(stepOneFrozen, TASK.support(), 2, GradOrder.FIRST)), "a zero rate at step 1 stops there");
        Params stepZeroFrozen = meta.with(meta.select(n -> n.startsWith("lslr.step0.")).map(t -> Tensor.scalar(0)));
        assertEquals(0, MetaGradientCheck.maxAbsDiff(MamlPlusPlus.weights(meta),
                learner.adapt(stepZeroFrozen, TASK.support(), 1, GradOrder.FIRST)), "a zero rate at step 0 stays put");
        Params layerFrozen = meta.with(meta.select(n -> n.endsWith(".layer1.weight")).map(t -> Tensor.scalar(0)));
        Params fast = learner.adapt(layerFrozen, TASK.support(), 3, GradOrder.FIRST);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(meta.select("layer1.weight"::equals), fast.select("layer1.weight"::equals)));
        assertTrue(MetaGradientCheck.maxAbsDiff(meta.select("layer2.weight"::equals), fast.select("layer2.weight"::equals)) > 0);
    }

    @Test
    void multiStepLossWeightsStartUniformAndAnnealToTheLastStep() {
        assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, MamlPlusPlus.stepWeights(5, 0, 0.1), 1e-15);
        assertArrayEquals(new double[] {0, 0, 0, 0, 1}, MamlPlusPlus.stepWeights(5, 0.1, 0.1), 0);
        assertArrayEquals(new double[] {0, 0, 1}, MamlPlusPlus.stepWeights(3, 0, 0), 0);
        assertArrayEquals(new double[] {1}, MamlPlusPlus.stepWeights(1, 0, 0.5), 0);
        double previousLast = 0;
        for (int i = 0; i < 100; i++) {
            double[] w = MamlPlusPlus.stepWeights(5, i / 1000.0, 0.1);
            double sum = 0;
            for (int s = 0; s < 4; s++) {
                assertTrue(w[s] >= MamlPlusPlus.MIN_STEP_WEIGHT / 5 - 1e-15, "floor at step " + s + ": " + w[s]);
                assertEquals(w[0], w[s], 0, "earlier steps share one weight");
                sum += w[s];
            }
            assertEquals(1.0, sum + w[4], 1e-12);
            assertTrue(w[4] >= previousLast, "the last step's weight never decreases");
            previousLast = w[4];
        }
        assertEquals(1 - 4 * MamlPlusPlus.MIN_STEP_WEIGHT / 5, previousLast, 1e-12, "floored just before the end");
    }
}
