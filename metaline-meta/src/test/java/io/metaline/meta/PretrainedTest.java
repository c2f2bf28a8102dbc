package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.meta.MetaLearner.TrainingStep;
import org.junit.jupiter.api.Test;

class PretrainedTest {
    private static final Task TASK = TestTasks.sine(5, 7).sample(new Rng(30));

    @Test
    void directionIsTheGradientOfTheUnadaptedLossOnAllOfTheTasksData() {
        Pretrained learner = new Pretrained(TestTasks.smoothNet(), TaskLoss.MSE, new Pretrained.Config(3, 0.02));
        Params meta = learner.init(new Rng(31));
        Params direction = learner.taskUpdate(meta, TASK, new TrainingStep(0, 1, GradOrder.SECOND)).direction();
        Params numeric = MetaGradientCheck.numeric(m -> learner.loss(m, TASK.all()).item(), meta);
        MetaGradientCheck.assertClose("joint-training gradient", numeric, direction);
    }

    @Test
    void adaptationIsPlainFineTuningAndTheReportedLossFollowsIt() {
        Pretrained learner = new Pretrained(TestTasks.smoothNet(), TaskLoss.MSE, new Pretrained.Config(3, 0.02));
        Maml sgd = new Maml(TestTasks.smoothNet(), TaskLoss.MSE, new Maml.Config(3, 0.02));
        Params meta = learner.init(new Rng(32));
        Params tuned = learner.adapt(meta, TASK.support(), 3, GradOrder.FIRST);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(sgd.adapt(meta, TASK.support(), 3, GradOrder.FIRST), tuned));
        assertEquals(learner.loss(tuned, TASK.query()).item(),
                learner.taskUpdate(meta, TASK, new TrainingStep(0, 1, GradOrder.FIRST)).queryLoss(), 1e-15);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(meta, learner.adapt(meta, TASK.support(), 0, GradOrder.FIRST)));
    }
}
