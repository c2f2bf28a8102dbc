package io.metaline.meta;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Module;
import java.util.Arrays;

/**
 * Meta-SGD (Li, Zhou, Chen and Li, "Meta-SGD: Learning to Learn Quickly for Few-Shot Learning", 2017): MAML in
 * which the inner step size is itself meta-learned, one rate per weight. The meta-parameters are the network's
 * weights plus, for every weight tensor {@code name}, a rate tensor {@code "lr." + name} of the same shape; an inner
 * step is {@code p - lr ⊙ grad}, and the meta-gradient reaches the rates as well as the weights. Rates are not
 * constrained to be positive (as in the paper).
 */
public final class MetaSgd implements MetaLearner {
    /** Prefix of the learned-rate entries: the rate of weight {@code "layer0.weight"} is {@code "lr.layer0.weight"}. */
    public static final String LR_PREFIX = "lr.";

    /**
     * @param innerSteps inner gradient steps during meta-training, at least 1
     * @param lrLow      the initial rates are drawn uniformly from [lrLow, lrHigh] (the paper uses [0.005, 0.1]);
     *                   positive
     * @param lrHigh     upper end of that range, at least lrLow; equal ends give a constant initial rate
     */
    public record Config(int innerSteps, double lrLow, double lrHigh) {
        public Config {
            if (innerSteps < 1) throw new IllegalArgumentException("MetaSgd.Config: innerSteps must be >= 1, got " + innerSteps);
            if (!(lrLow > 0) || !Double.isFinite(lrHigh) || !(lrHigh >= lrLow)) {
                throw new IllegalArgumentException("MetaSgd.Config: initial rates need 0 < lrLow <= lrHigh < infinity, got ["
                        + lrLow + ", " + lrHigh + "]");
            }
        }

        /** Every rate starts at {@code lr}. */
        public static Config constant(int innerSteps, double lr) {
            return new Config(innerSteps, lr, lr);
        }
    }

    private final Module net;
    private final Config config;
    private final InnerLoop inner;

    public MetaSgd(Module net, TaskLoss loss, Config config) {
        this.net = net;
        this.config = config;
        this.inner = new InnerLoop(net, loss, InnerLoop.ALL, MetaSgd::learnedRateStep);
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "metasgd";
    }

    @Override
    public Params init(Rng rng) {
        Params weights = net.init(rng);
        Params.Builder b = Params.builder().putAll("", weights);
        for (int i = 0; i < weights.size(); i++) {
            String name = weights.name(i);
            if (name.startsWith(LR_PREFIX)) {
                throw new IllegalArgumentException("MetaSgd: network parameter '" + name + "' starts with '" + LR_PREFIX
                        + "', which is reserved for the learned rates; rename it");
            }
            int[] shape = weights.tensor(i).shape();
            b.put(LR_PREFIX + name, config.lrLow() == config.lrHigh()
                    ? Tensor.full(config.lrLow(), shape)
                    : Tensor.uniform(rng, config.lrLow(), config.lrHigh(), shape));
        }
        return b.build();
    }

    @Override
    public int innerSteps() {
        return config.innerSteps();
    }

    @Override
    public Params adapt(Params meta, Examples support, int steps, GradOrder order) {
        return inner.run(meta, weights(meta), support, steps, order);
    }

    @Override
    public Tensor predict(Params adapted, Tensor x) {
        return net.forward(adapted, x);
    }

    @Override
    public Tensor loss(Params adapted, Examples data) {
        return inner.loss(adapted, data);
    }

    @Override
    public TaskUpdate taskUpdate(Params meta, Task task, TrainingStep step) {
        Params leaves = meta.withGrad();
        Tensor queryLoss = loss(adapt(leaves, task.support(), config.innerSteps(), step.order()), task.query());
        return new TaskUpdate(Autograd.grad(queryLoss, leaves, false), queryLoss.item());
    }

    /** The network weights among the meta-parameters (everything but the rates). */
    static Params weights(Params meta) {
        return meta.select(name -> !name.startsWith(LR_PREFIX));
    }

    /** {@code p - lr ⊙ g} with each weight's own rate tensor read from the meta-parameters. */
    private static Params learnedRateStep(Params meta, Params current, Params grads, int step) {
        Params.Builder b = Params.builder();
        for (int i = 0; i < current.size(); i++) {
            String name = current.name(i);
            String rateName = LR_PREFIX + name;
            if (!meta.contains(rateName)) {
                throw new IllegalArgumentException("MetaSgd: the meta-parameters have no learned rate '" + rateName
                        + "' for weight '" + name + "'; make them with MetaSgd.init (known: " + meta.names() + ")");
            }
            Tensor p = current.tensor(i), lr = meta.get(rateName);
            if (!Arrays.equals(lr.shape(), p.shape())) {
                throw new IllegalArgumentException("MetaSgd: rate '" + rateName + "' has shape " + Arrays.toString(lr.shape())
                        + " but weight '" + name + "' has shape " + Arrays.toString(p.shape()) + "; they must match");
            }
            b.put(name, p.sub(lr.mul(grads.tensor(i))));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "MetaSgd" + config + " on " + net;
    }
}
