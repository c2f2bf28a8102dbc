package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Linear;
import io.metaline.engine.optim.Adam;
import io.metaline.meta.MetaLearner.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoNetTest {
    private static final int DIM = 8;

    /** An N-way K-shot episode of Gaussian clusters: class means ~ N(0, 3^2 I), examples ~ N(mean, I). */
    static Task episode(Rng rng, int ways, int shots, int queries) {
        return episode(rng, ways, shots, queries, DIM, 1);
    }

    /**
     * As above, but only the first {@code informative} coordinates separate the classes; the others are zero-mean
     * noise with standard deviation {@code nuisance}, which a learned embedding should learn to ignore.
     */
    static Task episode(Rng rng, int ways, int shots, int queries, int informative, double nuisance) {
        double[][] means = new double[ways][DIM];
        for (double[] m : means) for (int d = 0; d < informative; d++) m[d] = 3 * rng.nextGaussian();
        return new Task("blobs", sample(rng, means, shots, informative, nuisance),
                sample(rng, means, queries, informative, nuisance));
    }

    private static Examples sample(Rng rng, double[][] means, int perClass, int informative, double nuisance) {
        int n = means.length * perClass;
        double[] x = new double[n * DIM];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % means.length;
            for (int d = 0; d < DIM; d++) {
                x[i * DIM + d] = means[labels[i]][d] + (d < informative ? 1 : nuisance) * rng.nextGaussian();
            }
        }
        return Examples.classification(Tensor.of(x, n, DIM), labels);
    }

    private static Params identity() {
        double[] eye = new double[DIM * DIM];
        for (int d = 0; d < DIM; d++) eye[d * DIM + d] = 1;
        return Params.builder().put("weight", Tensor.of(eye, DIM, DIM)).put("bias", Tensor.zeros(DIM)).build();
    }

    private static double accuracy(ProtoNet net, Params meta, Task task) {
        Params adapted = net.adapt(meta, task.support(), 0, GradOrder.FIRST);
        int[] predicted = net.predict(adapted, task.query().x()).argmaxLastAxis();
        int[] labels = task.query().labels();
        int right = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) right++;
        return (double) right / labels.length;
    }

    @Test
    void prototypesAreTheClassMeansOfTheSupportEmbeddings() {
        ProtoNet net = new ProtoNet(new Linear(DIM, 3));
        Params meta = net.init(new Rng(40));
        Task task = episode(new Rng(41), 4, 3, 2);
        Tensor prototypes = net.adapt(meta, task.support(), 0, GradOrder.FIRST).get(ProtoNet.PROTOTYPES);
        assertArrayEquals(new int[] {4, 3}, prototypes.shape());
        Tensor e = new Linear(DIM, 3).forward(meta, task.support().x());
        int[] labels = task.support().labels();
        for (int c = 0; c < 4; c++) {
            for (int d = 0; d < 3; d++) {
                double sum = 0;
                int count = 0;
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] == c) {
                        sum += e.get(i, d);
                        count++;
                    }
                }
                assertEquals(sum / count, prototypes.get(c, d), 1e-12);
            }
        }
    }

    @Test
    void logitsAreMinusSquaredDistancesToThePrototypes() {
        ProtoNet net = new ProtoNet(new Linear(DIM, DIM));
        Task task = episode(new Rng(42), 3, 2, 2);
        Params adapted = net.adapt(identity(), task.support(), 0, GradOrder.FIRST);
        Tensor logits = net.predict(adapted, task.query().x());
        Tensor p = adapted.get(ProtoNet.PROTOTYPES), x = task.query().x();
        for (int i = 0; i < x.dim(0); i++) {
            for (int c = 0; c < 3; c++) {
                double d2 = 0;
                for (int d = 0; d < DIM; d++) d2 += Math.pow(x.get(i, d) - p.get(c, d), 2);
                assertEquals(-d2, logits.get(i, c), 1e-12);
            }
        }
    }

    @Test
    void anIdentityEmbeddingClassifiesHeldOutGaussianEpisodesFarAboveChance() {
        ProtoNet net = new ProtoNet(new Linear(DIM, DIM));
        Rng rng = new Rng(43);
        double total = 0;
        for (int i = 0; i < 20; i++) total += accuracy(net, identity(), episode(rng, 5, 5, 10));
        assertTrue(total / 20 > 0.9, "5-way accuracy " + total / 20 + " (chance 0.2)");
    }

    @Test
    void metaGradientMatchesFiniteDifferencesOfTheQueryLoss() {
        ProtoNet net = new ProtoNet(new Linear(DIM, 3));
        Params meta = net.init(new Rng(44));
        Task task = episode(new Rng(45), 3, 2, 3);
        Params direction = net.taskUpdate(meta, task, new TrainingStep(0, 1, GradOrder.SECOND)).direction();
        Params numeric = MetaGradientCheck.numeric(
                m -> net.loss(net.adapt(m, task.support(), 0, GradOrder.FIRST), task.query()).item(), meta);
        MetaGradientCheck.assertClose("ProtoNet gradient", numeric, direction);
    }

    @Test
    void trainingALinearEmbeddingLearnsToIgnoreNuisanceCoordinates() {
        ProtoNet net = new ProtoNet(new Linear(DIM, 2));
        Params meta = net.init(new Rng(46));
        Rng test = new Rng(47);
        List<Task> heldOut = new ArrayList<>();
        for (int i = 0; i < 30; i++) heldOut.add(episode(test, 5, 1, 5, 2, 3));
        double before = heldOut.stream().mapToDouble(t -> accuracy(net, meta, t)).average().orElseThrow();
        Adam adam = Adam.adam(0.05);
        Rng rng = new Rng(48);
        Params trained = meta;
        for (int it = 0; it < 150; it++) {
            List<Task> batch = List.of(episode(rng, 5, 1, 5, 2, 3), episode(rng, 5, 1, 5, 2, 3));
            trained = adam.step(trained, TestTasks.meanDirection(net, trained, batch, new TrainingStep(it, 150, GradOrder.SECOND)));
        }
        Params end = trained;
        double after = heldOut.stream().mapToDouble(t -> accuracy(net, end, t)).average().orElseThrow();
        assertTrue(after > before + 0.05, "accuracy before " + before + ", after " + after);
    }

    @Test
    void regressionTasksAndMissingClassesAreRejectedWithAClearMessage() {
        ProtoNet net = new ProtoNet(new Linear(1, 2));
        Params meta = net.init(new Rng(49));
        Examples regression = Examples.regression(Tensor.zeros(3, 1), Tensor.zeros(3, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.adapt(meta, regression, 0, GradOrder.FIRST));
        assertTrue(e.getMessage().contains("regression"), e.getMessage());
        Task task = new Task("regression", regression, regression);
        assertThrows(IllegalArgumentException.class, () -> net.taskUpdate(meta, task, new TrainingStep(0, 1, GradOrder.FIRST)));

        Examples missing = Examples.classification(Tensor.zeros(3, 1), 0, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> net.adapt(meta, missing, 0, GradOrder.FIRST));
        assertTrue(e.getMessage().contains("class 1 has no example"), e.getMessage());

        Params adapted = net.adapt(meta, Examples.classification(Tensor.zeros(2, 1), 0, 1), 0, GradOrder.FIRST);
        e = assertThrows(IllegalArgumentException.class,
                () -> net.loss(adapted, Examples.classification(Tensor.zeros(1, 1), 2)));
        assertTrue(e.getMessage().contains("only had classes 0..1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.predict(meta, Tensor.zeros(1, 1)));
        assertTrue(e.getMessage().contains("prototypes"), e.getMessage());
    }
}
