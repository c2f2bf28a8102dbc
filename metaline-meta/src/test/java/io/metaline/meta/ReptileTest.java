package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Mlp;
import io.metaline.meta.MetaLearner.TrainingStep;
import org.junit.jupiter.api.Test;

class ReptileTest {
    private static final Task TASK = TestTasks.sine(10, 10).sample(new Rng(20));
    private static final TrainingStep STEP = new TrainingStep(3, 10, GradOrder.SECOND);

    @Test
    void directionIsMetaMinusSgdStepsOnSupportAndQueryTogether() {
        Mlp net = Mlp.of(1, 16, 1);
        Reptile reptile = new Reptile(net, TaskLoss.MSE, Reptile.Config.of(4, 0.01));
        Maml sgd = new Maml(net, TaskLoss.MSE, new Maml.Config(4, 0.01));
        Params meta = reptile.init(new Rng(21));
        MetaLearner.TaskUpdate update = reptile.taskUpdate(meta, TASK, STEP);
        Params expected = meta.zip(sgd.adapt(meta, TASK.all(), 4, GradOrder.FIRST), Tensor::sub);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(expected, update.direction()), 1e-15);
        double supportOnly = sgd.loss(sgd.adapt(meta, TASK.support(), 4, GradOrder.FIRST), TASK.query()).item();
        assertEquals(supportOnly, update.queryLoss(), 1e-15, "query loss after adapting on the support set only");
    }

    @Test
    void minibatchStepsAreDeterministicAndDifferFromFullBatch() {
        Mlp net = Mlp.of(1, 16, 1);
        Reptile mini = new Reptile(net, TaskLoss.MSE, new Reptile.Config(5, 0.01, 4));
        Reptile full = new Reptile(net, TaskLoss.MSE, Reptile.Config.of(5, 0.01));
        Params meta = mini.init(new Rng(22));
        Params a = mini.taskUpdate(meta, TASK, STEP).direction();
        Params b = mini.taskUpdate(meta, TASK, STEP).direction();
        assertEquals(0, MetaGradientCheck.maxAbsDiff(a, b), "same task, same iteration: same shuffle");
        assertTrue(MetaGradientCheck.maxAbsDiff(a, full.taskUpdate(meta, TASK, STEP).direction()) > 1e-6);
        Params adaptedTwice = mini.adapt(meta, TASK.support(), 5, GradOrder.FIRST);
        assertEquals(0, MetaGradientCheck.maxAbsDiff(adaptedTwice, mini.adapt(meta, TASK.support(), 5, GradOrder.FIRST)));
    }

    @Test
    void repeatedSerialStepsWithOneTaskFitThatTask() {
        Mlp net = Mlp.of(1, 16, 1);
        Reptile reptile = new Reptile(net, TaskLoss.MSE, Reptile.Config.of(5, 0.01));
        Params meta = reptile.init(new Rng(23));
        double before = reptile.loss(meta, TASK.all()).item();
        for (int i = 0; i < 20; i++) {
            Params d = reptile.taskUpdate(meta, TASK, STEP).direction();
            meta = meta.zip(d, (p, g) -> p.sub(g.mul(0.5)));
        }
        assertTrue(reptile.loss(meta, TASK.all()).item() < 0.8 * before);
    }
}
