package io.metaline.meta;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Module;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Reptile (Nichol, Achiam and Schulman, "On First-Order Meta-Learning Algorithms", 2018): train on a task with
 * plain SGD for a few steps, then move the initialisation towards the weights reached. {@link #taskUpdate} returns
 * the direction {@code meta - adapted} (adapted on all of the task's data, {@link Task#all()}); an outer SGD with
 * learning rate epsilon descending the mean of these directions is Reptile's meta-step, with a meta-batch of 1 the
 * serial version and a larger one the batched version. No gradient flows through the inner loop, so the gradient
 * order of a {@link TrainingStep} is irrelevant here.
 *
 * <p>With {@code batchSize > 0} each inner step uses a minibatch, cycling through shuffled data (reshuffled after
 * every pass, as in the paper). The shuffle is deterministic: in {@link #taskUpdate} it is seeded from the task id
 * and the iteration, in {@link #adapt} from the support set's contents, so the same inputs give the same result on
 * any thread.
 */
public final class Reptile implements MetaLearner {
    /**
     * @param innerSteps SGD steps per task, at least 1
     * @param innerLr    their step size, positive
     * @param batchSize  examples per step; 0 for the whole data set every step
     */
    public record Config(int innerSteps, double innerLr, int batchSize) {
        public Config {
            if (innerSteps < 1) throw new IllegalArgumentException("Reptile.Config: innerSteps must be >= 1, got " + innerSteps);
            if (!(innerLr > 0) || !Double.isFinite(innerLr)) {
                throw new IllegalArgumentException("Reptile.Config: innerLr must be positive and finite, got " + innerLr);
            }
            if (batchSize < 0) {
                throw new IllegalArgumentException("Reptile.Config: batchSize must be >= 0 (0 = full batch), got " + batchSize);
            }
        }

        /** Full-batch steps. */
        public static Config of(int innerSteps, double innerLr) {
            return new Config(innerSteps, innerLr, 0);
        }
    }

    private final Module net;
    private final Config config;
    private final InnerLoop inner;

    public Reptile(Module net, TaskLoss loss, Config config) {
        this.net = net;
        this.config = config;
        this.inner = new InnerLoop(net, loss, InnerLoop.ALL, InnerLoop.fixedRate(config.innerLr()));
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "reptile";
    }

    @Override
    public Params init(Rng rng) {
        return net.init(rng);
    }

    @Override
    public int innerSteps() {
        return config.innerSteps();
    }

    @Override
    public Params adapt(Params meta, Examples support, int steps, GradOrder order) {
        return sgd(meta, support, steps, order, () -> new Rng(contentHash(support)));
    }

    @Override
    public Tensor predict(Params adapted, Tensor x) {
        return net.forward(adapted, x);
    }

    @Override
    public Tensor loss(Params adapted, Examples data) {
        return inner.loss(adapted, data);
    }

    /**
     * The direction {@code meta - adapted} after {@code innerSteps} SGD steps on support and query together; the
     * reported query loss is that after adapting on the support set alone, as at test time.
     */
    @Override
    public TaskUpdate taskUpdate(Params meta, Task task, TrainingStep step) {
        Params start = meta.detach();
        Supplier<Rng> shuffle = () -> new Rng(task.id() == null ? 0 : task.id().hashCode()).split(step.iteration());
        Params adapted = sgd(start, task.all(), config.innerSteps(), GradOrder.FIRST, shuffle);
        double queryLoss = loss(adapt(start, task.support(), config.innerSteps(), GradOrder.FIRST), task.query()).item();
        return new TaskUpdate(start.zip(adapted, Tensor::sub), queryLoss);
    }

    /** No graph survives an inner step, so a task's update holds one step's graph at a time. */
    @Override
    public long graphBytes(Params meta, Task task, GradOrder order) {
        return Autograd.graphBytes(loss(meta.withGrad(), task.all()));
    }

    private Params sgd(Params meta, Examples data, int steps, GradOrder order, Supplier<Rng> shuffle) {
        int n = data.size(), batch = config.batchSize();
        if (batch == 0 || batch >= n) return inner.run(meta, meta, data, steps, order);
        Rng rng = shuffle.get();
        Params fast = meta;
        int[] perm = rng.permutation(n);
        int at = 0;
        for (int s = 0; s < steps; s++) {
            if (at + batch > n) {
                perm = rng.permutation(n);
                at = 0;
            }
            fast = inner.run(meta, fast, data.subset(Arrays.copyOfRange(perm, at, at + batch)), 1, order);
            at += batch;
        }
        return fast;
    }

    /** A seed from the examples themselves, so adaptation is a pure function of its arguments. */
    private static long contentHash(Examples data) {
        long h = Arrays.hashCode(data.x().toArray());
        h = 31 * h + (data.isClassification() ? Arrays.hashCode(data.labels()) : Arrays.hashCode(data.y().toArray()));
        return h;
    }

    @Override
    public String toString() {
        return "Reptile" + config + " on " + net;
    }
}
