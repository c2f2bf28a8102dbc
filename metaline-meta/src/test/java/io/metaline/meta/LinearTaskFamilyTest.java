package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Mlp;
import io.metaline.engine.optim.Adam;
import io.metaline.engine.optim.LrSchedule;
import io.metaline.meta.MetaLearner.TrainingStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A known answer: tasks y = a x + b with a ~ N(2, 0.5^2), b ~ N(-1, 0.5^2), x ~ U[-2, 2], and a linear model
 * theta = (w, c) trained with MSE. Every learner here ends near theta = (2, -1), the mean of the task optima.
 *
 * <p>Why: for a noise-free linear task the support loss is exactly (theta - theta*)^T S (theta - theta*), with S
 * the second-moment matrix of (x, 1) over the support inputs, so a gradient step gives
 * theta' - theta* = (I - 2 alpha S)(theta - theta*) = A (theta - theta*), and likewise for k steps or learned
 * diagonal rates (A then depends on the rates, not on theta). The query loss after adaptation is
 * (theta - theta*)^T A^T Q A (theta - theta*); since the inputs are drawn independently of (a, b), its expectation
 * over tasks is (theta - E theta*)^T M (theta - E theta*) + const with M = E[A^T Q A] positive definite, minimised at
 * theta = E theta* = (2, -1) whatever the rates. The same argument covers joint training (A = I), first-order MAML
 * (mean update E[2 Q A](theta - E theta*)) and Reptile (mean update E[I - prod_j (I - 2 alpha S_j)](theta - E theta*)),
 * so all of their fixed points are the task mean. Learners that also learn their rates (Meta-SGD, MAML++) reach the
 * slope; see the test for what holds of their intercept.
 */
class LinearTaskFamilyTest {
    private static final double MEAN_A = 2, MEAN_B = -1, START_A = -3, START_B = 4;
    /** The learned inner rate of the intercept, for the learners that learn rates. */
    private static final Map<String, String> LEARNED_RATES =
            Map.of("metasgd", "lr.layer0.bias", "mamlpp", "lslr.step0.layer0.bias");

    static TaskDistribution linearTasks() {
        return rng -> {
            double a = MEAN_A + 0.5 * rng.nextGaussian(), b = MEAN_B + 0.5 * rng.nextGaussian();
            return new Task("linear", TestTasks.regression(rng, 5, -2, 2, x -> a * x + b),
                    TestTasks.regression(rng, 10, -2, 2, x -> a * x + b));
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maml", "fomaml", "metasgd", "anil", "mamlpp", "reptile", "pretrained"})
    void metaTrainingFromABadStartReachesTheMeanOfTheTaskOptima(String algorithm) {
        int innerSteps = algorithm.equals("reptile") ? 5 : 1;
        MetaLearner learner = Algorithms.create(algorithm, Mlp.of(1, 1), TaskLoss.MSE, 0.1, innerSteps);
        GradOrder order = Algorithms.defaultOrder(algorithm);
        Params meta = learner.init(new Rng(50)).with(Params.builder()
                .put("layer0.weight", Tensor.of(new double[] {START_A}, 1, 1))
                .put("layer0.bias", Tensor.vector(START_B))
                .build());
        int iterations = 400;
        Adam adam = new Adam(Adam.Config.adam(0.05), LrSchedule.cosine(iterations, 0.02));
        TaskDistribution tasks = linearTasks();
        Rng rng = new Rng(51);
        for (int it = 0; it < iterations; it++) {
            TrainingStep step = new TrainingStep(it, iterations, order);
            meta = adam.step(meta, TestTasks.meanDirection(learner, meta, tasks.sample(rng, 8), step));
        }
        double w = meta.get("layer0.weight").item(), c = meta.get("layer0.bias").item();
        assertEquals(MEAN_A, w, 0.15, algorithm + " slope");
        if (!LEARNED_RATES.containsKey(algorithm)) {
            assertEquals(MEAN_B, c, 0.15, algorithm + " intercept");
            return;
        }
        // With learned rates the intercept's rate heads for 1 / (2 S_cc) = 0.5, which adapts the intercept almost
        // exactly (up to its coupling with the slope) and leaves the loss nearly flat in c, so c converges slowly.
        // It still moves towards the task mean, and the mean is still the best initialisation at the learned rates.
        assertEquals(0.5, meta.get(LEARNED_RATES.get(algorithm)).item(), 0.05, algorithm + " intercept rate");
        assertTrue(Math.abs(c - MEAN_B) < 0.5 * Math.abs(START_B - MEAN_B), algorithm + " intercept " + c);
        Params atMean = meta.with(Params.builder()
                .put("layer0.weight", Tensor.of(new double[] {MEAN_A}, 1, 1))
                .put("layer0.bias", Tensor.vector(MEAN_B))
                .build());
        List<Task> heldOut = tasks.sample(new Rng(52), 500);
        double trained = TestTasks.meanAdaptedLoss(learner, meta, heldOut, 1);
        double mean = TestTasks.meanAdaptedLoss(learner, atMean, heldOut, 1);
        assertTrue(mean <= trained, algorithm + ": one-step loss " + mean + " from the task mean, " + trained + " where training stopped");
    }
}
