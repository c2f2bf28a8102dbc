package io.metaline.meta;

import static io.metaline.meta.MetaGradientCheck.adaptedQueryLoss;
import static io.metaline.meta.MetaGradientCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.meta.MetaLearner.TrainingStep;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetaSgdTest {
    private static final Task TASK = TestTasks.sine(5, 7).sample(new Rng(12));

    private static MetaSgd metaSgd(int steps) {
        return new MetaSgd(TestTasks.smoothNet(), TaskLoss.MSE, new MetaSgd.Config(steps, 0.005, 0.05));
    }

    @Test
    void everyWeightHasALearnedRateOfItsShapeDrawnFromTheConfiguredRange() {
        Params meta = metaSgd(1).init(new Rng(3));
        Params weights = TestTasks.smoothNet().init(new Rng(3));
        assertEquals(2 * weights.size(), meta.size());
        for (String name : weights.names()) {
            Tensor lr = meta.get(MetaSgd.LR_PREFIX + name);
            assertEquals(Arrays.toString(weights.get(name).shape()), Arrays.toString(lr.shape()));
            for (double v : lr.toArray()) assertTrue(v >= 0.005 && v <= 0.05, name + ": " + v);
            assertEquals(0, MetaGradientCheck.maxAbsDiff(weights.select(name::equals), meta.select(name::equals)));
        }
    }

    @ParameterizedTest(name = "{0} inner steps")
    @ValueSource(ints = {1, 3})
    void secondOrderMetaGradientMatchesFiniteDifferencesForWeightsAndRates(int steps) {
        MetaSgd learner = metaSgd(steps);
        Params meta = learner.init(new Rng(4));
        MetaLearner.TaskUpdate update = learner.taskUpdate(meta, TASK, new TrainingStep(0, 1, GradOrder.SECOND));
        Params numeric = MetaGradientCheck.numeric(m -> adaptedQueryLoss(learner, m, TASK, steps), meta);
        assertClose("Meta-SGD meta-gradient, " + steps + " steps", numeric, update.direction());
        assertTrue(update.direction().select(n -> n.startsWith(MetaSgd.LR_PREFIX)).norm() > 0, "the rates get a gradient");
    }

    @ParameterizedTest(name = "{0} inner steps")
    @ValueSource(ints = {1, 3})
    void firstOrderWeightGradientIsTheQueryGradientAtTheAdaptedWeights(int steps) {
        MetaSgd learner = metaSgd(steps);
        Params meta = learner.init(new Rng(5));
        Params direction = learner.taskUpdate(meta, TASK, new TrainingStep(0, 1, GradOrder.FIRST)).direction();
        Params fast = learner.adapt(meta, TASK.support(), steps, GradOrder.FIRST).withGrad();
        Params fomaml = Autograd.grad(learner.loss(fast, TASK.query()), fast, false);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(fomaml, MetaSgd.weights(direction)), 1e-12);
        if (steps == 1) {
            // fast = p - lr * g0 with g0 constant: d/d lr = -g0 * dL/dfast.
            Params w = MetaSgd.weights(meta).withGrad();
            Params g0 = Autograd.grad(learner.loss(w, TASK.support()), w, false);
            Params expected = g0.zip(fomaml, (g, q) -> g.mul(q).neg());
            for (String name : fomaml.names()) {
                assertEquals(0, MetaGradientCheck.maxAbsDiff(expected.select(name::equals),
                        Params.builder().put(name, direction.get(MetaSgd.LR_PREFIX + name)).build()), 1e-12);
            }
        }
    }

    @Test
    void adaptationUsesTheLearnedRates() {
        MetaSgd learner = metaSgd(1);
        Params meta = learner.init(new Rng(6));
        // All rates equal to 0.03: exactly MAML with inner rate 0.03.
        Params uniform = meta.with(meta.select(n -> n.startsWith(MetaSgd.LR_PREFIX)).map(t -> Tensor.full(0.03, t.shape())));
        Maml maml = new Maml(TestTasks.smoothNet(), TaskLoss.MSE, new Maml.Config(1, 0.03));
        Params expected = maml.adapt(MetaSgd.weights(uniform), TASK.support(), 2, GradOrder.FIRST);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(expected, learner.adapt(uniform, TASK.support(), 2, GradOrder.FIRST)), 1e-15);
        // A zero rate freezes its weight; the others move.
        Params frozen = uniform.with(Params.builder().put("lr.layer0.weight", Tensor.zeros(6, 1)).build());
        Params adapted = learner.adapt(frozen, TASK.support(), 2, GradOrder.FIRST);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(meta.select("layer0.weight"::equals), adapted.select("layer0.weight"::equals)));
        assertNotEquals(0, MetaGradientCheck.maxAbsDiff(meta.select("layer1.weight"::equals), adapted.select("layer1.weight"::equals)));
    }
}
