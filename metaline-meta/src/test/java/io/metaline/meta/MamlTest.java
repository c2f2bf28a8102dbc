package io.metaline.meta;

import static io.metaline.meta.MetaGradientCheck.adaptedQueryLoss;
import static io.metaline.meta.MetaGradientCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.meta.MetaLearner.TrainingStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MamlTest {
    private static final Task TASK = TestTasks.sine(5, 7).sample(new Rng(11));

    private static Maml maml(int steps) {
        return new Maml(TestTasks.smoothNet(), TaskLoss.MSE, new Maml.Config(steps, 0.02));
    }

    @ParameterizedTest(name = "{0} inner steps")
    @ValueSource(ints = {1, 3})
    void secondOrderMetaGradientMatchesFiniteDifferencesOfTheAdaptedQueryLoss(int steps) {
        Maml learner = maml(steps);
        Params meta = learner.init(new Rng(1));
        MetaLearner.TaskUpdate update = learner.taskUpdate(meta, TASK, new TrainingStep(0, 1, GradOrder.SECOND));
        Params numeric = MetaGradientCheck.numeric(m -> adaptedQueryLoss(learner, m, TASK, steps), meta);
        assertClose("MAML meta-gradient, " + steps + " steps", numeric, update.direction());
        assertEquals(adaptedQueryLoss(learner, meta, TASK, steps), update.queryLoss(), 1e-12);
    }

    @ParameterizedTest(name = "{0} inner steps")
    @ValueSource(ints = {1, 3})
    void firstOrderMetaGradientIsTheQueryGradientAtTheAdaptedWeights(int steps) {
        Maml learner = maml(steps);
        Params meta = learner.init(new Rng(2));
        Params direction = learner.taskUpdate(meta, TASK, new TrainingStep(0, 1, GradOrder.FIRST)).direction();
        Params fast = learner.adapt(meta, TASK.support(), steps, GradOrder.FIRST).withGrad();
        Params fomaml = Autograd.grad(learner.loss(fast, TASK.query()), fast, false);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(fomaml, direction), 1e-12);
    }
}
