package io.metaline.meta;

import static io.metaline.meta.MetaGradientCheck.adaptedQueryLoss;
import static io.metaline.meta.MetaGradientCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Mlp;
import io.metaline.meta.MetaLearner.TrainingStep;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnilTest {
    private static final Task TASK = TestTasks.sine(5, 7).sample(new Rng(13));

    /** Naive ANIL: the shared inner loop over the whole network, adapting only the head's parameters. */
    private static InnerLoop naive(Mlp net, TaskLoss loss, double lr) {
        List<String> head = net.headParamNames();
        return new InnerLoop(net, loss, head::contains, InnerLoop.fixedRate(lr));
    }

    private static Params naiveDirection(InnerLoop naive, Params meta, Task task, int steps, GradOrder order) {
        Params leaves = meta.withGrad();
        Tensor q = naive.loss(naive.run(leaves, leaves, task.support(), steps, order), task.query());
        return Autograd.grad(q, leaves, false);
    }

    @ParameterizedTest(name = "{0} inner steps")
    @ValueSource(ints = {1, 3})
    void secondOrderMetaGradientMatchesFiniteDifferencesOfTheAdaptedQueryLoss(int steps) {
        Anil learner = new Anil(TestTasks.smoothNet(), TaskLoss.MSE, new Anil.Config(steps, 0.02));
        Params meta = learner.init(new Rng(7));
        Params direction = learner.taskUpdate(meta, TASK, new TrainingStep(0, 1, GradOrder.SECOND)).direction();
        Params numeric = MetaGradientCheck.numeric(m -> adaptedQueryLoss(learner, m, TASK, steps), meta);
        assertClose("ANIL meta-gradient, " + steps + " steps", numeric, direction);
        assertTrue(direction.select("layer0.weight"::equals).norm() > 0, "the body gets an outer gradient");
    }

    @ParameterizedTest(name = "{0} inner steps")
    @ValueSource(ints = {1, 3})
    void firstOrderMetaGradientIsTheQueryGradientAtTheAdaptedWeights(int steps) {
        Anil learner = new Anil(TestTasks.smoothNet(), TaskLoss.MSE, new Anil.Config(steps, 0.02));
        Params meta = learner.init(new Rng(8));
        Params direction = learner.taskUpdate(meta, TASK, new TrainingStep(0, 1, GradOrder.FIRST)).direction();
        Params fast = learner.adapt(meta, TASK.support(), steps, GradOrder.FIRST).withGrad();
        Params fomaml = Autograd.grad(learner.loss(fast, TASK.query()), fast, false);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(fomaml, direction), 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GradOrder.class)
    void featureCachingGivesTheSameAdaptationAndMetaGradientAsTheNaiveHeadOnlyLoop(GradOrder order) {
        Mlp net = Mlp.of(1, 16, 16, 1);
        Anil learner = new Anil(net, TaskLoss.MSE, new Anil.Config(3, 0.01));
        InnerLoop naive = naive(net, TaskLoss.MSE, 0.01);
        Params meta = learner.init(new Rng(9));
        Params fast = learner.adapt(meta, TASK.support(), 3, order);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(naive.run(meta, meta, TASK.support(), 3, order), fast), 1e-12);
        Params direction = learner.taskUpdate(meta, TASK, new TrainingStep(0, 1, order)).direction();
        assertEquals(0, MetaGradientCheck.maxAbsDiff(naiveDirection(naive, meta, TASK, 3, order), direction), 1e-12);
    }

    @Test
    void featureCachingMatchesTheNaiveLoopForClassification() {
        Mlp net = Mlp.of(2, 8, 3);
        Rng rng = new Rng(10);
        Task task = new Task("blobs", Examples.classification(Tensor.randn(rng, 6, 2), 0, 1, 2, 0, 1, 2),
                Examples.classification(Tensor.randn(rng, 4, 2), 2, 1, 0, 1));
        Anil learner = new Anil(net, TaskLoss.CROSS_ENTROPY, new Anil.Config(2, 0.1));
        Params meta = learner.init(rng);
        Params direction = learner.taskUpdate(meta, task, new TrainingStep(0, 1, GradOrder.SECOND)).direction();
        Params expected = naiveDirection(naive(net, TaskLoss.CROSS_ENTROPY, 0.1), meta, task, 2, GradOrder.SECOND);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(expected, direction), 1e-12);
    }

    @Test
    void adaptationChangesOnlyTheHead() {
        Mlp net = Mlp.of(1, 8, 8, 1);
        Anil learner = new Anil(net, TaskLoss.MSE, new Anil.Config(2, 0.05));
        Params meta = learner.init(new Rng(11));
        Params fast = learner.adapt(meta, TASK.support(), 2, GradOrder.FIRST);
        for (String name : net.paramNames()) {
            double moved = MetaGradientCheck.maxAbsDiff(meta.select(name::equals), fast.select(name::equals));
            assertEquals(net.headParamNames().contains(name), moved > 0, name + " moved by " + moved);
        }
    }
}
