package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Mlp;
import io.metaline.meta.MetaLearner.TrainingStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad inputs fail with an IllegalArgumentException whose message says what was wrong. */
class InvalidInputTest {
    private static final TrainingStep STEP = new TrainingStep(0, 1, GradOrder.SECOND);

    private static void rejects(String fragment, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    @Test
    void anEmptySupportSetIsRejected() {
        Examples none = Examples.regression(Tensor.zeros(0, 1), Tensor.zeros(0, 1));
        Examples some = Examples.regression(Tensor.zeros(2, 1), Tensor.zeros(2, 1));
        rejects("support set is empty", () -> new Task("t", none, some));
    }

    @Test
    void inputsOfTheWrongWidthAreRejectedByEveryLearner() {
        Mlp net = Mlp.of(2, 4, 1);
        Task task = TestTasks.sine(3, 3).sample(new Rng(70)); // width 1, the net wants 2
        for (String name : new String[] {"maml", "reptile", "metasgd", "anil", "mamlpp", "pretrained"}) {
            MetaLearner learner = Algorithms.create(name, net, TaskLoss.MSE, 0.01, 1);
            Params meta = learner.init(new Rng(71));
            rejects("[n, 2]", () -> learner.taskUpdate(meta, task, STEP));
            rejects("[n, 2]", () -> learner.adapt(meta, task.support(), 1, GradOrder.FIRST));
        }
    }

    @Test
    void metaParametersOfAnotherNetworkAreRejectedNamingTheParameter() {
        Task task = TestTasks.sine(3, 3).sample(new Rng(72));
        Params other = Mlp.of(1, 4, 4, 1).init(new Rng(73));
        MetaLearner maml = Algorithms.create("maml", Mlp.of(1, 8, 1), TaskLoss.MSE, 0.01, 1);
        rejects("layer0.weight", () -> maml.taskUpdate(other, task, STEP));
        MetaLearner anil = Algorithms.create("anil", Mlp.of(1, 8, 1), TaskLoss.MSE, 0.01, 1);
        rejects("layer1.weight", () -> anil.adapt(Mlp.of(1, 1).init(new Rng(74)), task.support(), 1, GradOrder.FIRST));
    }

    @Test
    void learnedRatesMustBePresent() {
        Task task = TestTasks.sine(3, 3).sample(new Rng(75));
        Params plain = Mlp.of(1, 4, 1).init(new Rng(76));
        rejects("lr.layer0.weight", () -> Algorithms.create("metasgd", Mlp.of(1, 4, 1), TaskLoss.MSE, 0.01, 1)
                .taskUpdate(plain, task, STEP));
        rejects("lslr.step0.layer0.weight", () -> Algorithms.create("mamlpp", Mlp.of(1, 4, 1), TaskLoss.MSE, 0.01, 1)
                .taskUpdate(plain, task, STEP));
    }

    @Test
    void aClassificationTaskForARegressionLossIsRejected() {
        Task task = new Task("c", Examples.classification(Tensor.zeros(2, 1), 0, 1), Examples.classification(Tensor.zeros(2, 1), 1, 0));
        MetaLearner maml = Algorithms.create("maml", Mlp.of(1, 2), TaskLoss.MSE, 0.01, 1);
        rejects("MSE loss needs regression targets", () -> maml.taskUpdate(maml.init(new Rng(77)), task, STEP));
    }

    @Test
    void invalidConfigurationsAreRejected() {
        rejects("innerSteps", () -> new Maml.Config(0, 0.1));
        rejects("lrLow", () -> new MetaSgd.Config(1, 0.1, 0.01));
        rejects("innerLr", () -> new Anil.Config(1, Double.NaN));
        rejects("batchSize", () -> new Reptile.Config(1, 0.1, -1));
        rejects("mslFraction", () -> new MamlPlusPlus.Config(1, 0.1, 1.5));
        rejects("innerSteps", () -> new Pretrained.Config(-1, 0.1));
    }
}
