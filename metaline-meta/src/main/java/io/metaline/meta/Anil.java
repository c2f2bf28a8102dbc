package io.metaline.meta;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Activation;
import io.metaline.engine.nn.Linear;
import io.metaline.engine.nn.Mlp;
import io.metaline.engine.nn.Module;
import java.util.Arrays;
import java.util.List;

/**
 * ANIL, "Almost No Inner Loop" (Raghu, Raghu, Bengio and Vinyals, "Rapid Learning or Feature Reuse? Towards
 * Understanding the Effectiveness of MAML", ICLR 2020): MAML whose inner loop adapts only the network's head (the
 * last layer of an {@link Mlp}, {@link Mlp#headParamNames()}); the outer loop still learns every weight.
 *
 * <p>Because the body is fixed during adaptation, its features are computed once per support set and the inner
 * loop runs on the head alone. The result is the same function of the meta-parameters as adapting the whole network
 * with a head-only mask (and so is the meta-gradient, through the features, at either order); only the cost differs.
 */
public final class Anil implements MetaLearner {
    /**
     * @param innerSteps inner gradient steps during meta-training, at least 1
     * @param innerLr    inner step size, positive
     */
    public record Config(int innerSteps, double innerLr) {
        public Config {
            if (innerSteps < 1) throw new IllegalArgumentException("Anil.Config: innerSteps must be >= 1, got " + innerSteps);
            if (!(innerLr > 0) || !Double.isFinite(innerLr)) {
                throw new IllegalArgumentException("Anil.Config: innerLr must be positive and finite, got " + innerLr);
            }
        }
    }

    /** The last layer of the network and its output activation, reading the network's own parameter names. */
    private record Head(Linear layer, String prefix, Activation activation) implements Module {
        @Override
        public Params init(Rng rng) {
            return Params.builder().putAll(prefix, layer.init(rng)).build();
        }

        @Override
        public Tensor forward(Params params, String outer, Tensor x) {
            return activation.apply(layer.forward(params, outer + prefix, x));
        }
    }

    private final Mlp net;
    private final Config config;
    private final Linear[] body;
    private final List<String> headNames;
    private final InnerLoop inner;

    public Anil(Mlp net, TaskLoss loss, Config config) {
        this.net = net;
        this.config = config;
        List<Integer> widths = net.config().widths();
        int last = net.layers() - 1;
        this.body = new Linear[last];
        for (int i = 0; i < last; i++) body[i] = new Linear(widths.get(i), widths.get(i + 1), net.config().init());
        Head head = new Head(new Linear(widths.get(last), widths.get(last + 1), net.config().init()), Mlp.prefix(last),
                net.config().output());
        this.headNames = net.headParamNames();
        this.inner = new InnerLoop(head, loss, InnerLoop.ALL, InnerLoop.fixedRate(config.innerLr()));
    }

    public Config config() {
        return config;
    }

    /** The names of the parameters the inner loop adapts. */
    public List<String> adaptedNames() {
        return headNames;
    }

    @Override
    public String name() {
        return "anil";
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
        for (String name : headNames) {
            if (!meta.contains(name)) {
                throw new IllegalArgumentException("Anil: the meta-parameters have no head parameter '" + name + "' of "
                        + net + "; known: " + meta.names());
            }
        }
        Examples features = withInputs(support, features(meta, support.x()));
        Params head = inner.run(meta, meta.select(headNames::contains), features, steps, order);
        return meta.with(head);
    }

    @Override
    public Tensor predict(Params adapted, Tensor x) {
        return net.forward(adapted, x);
    }

    @Override
    public Tensor loss(Params adapted, Examples data) {
        return inner.loss(adapted, withInputs(data, features(adapted, data.x())));
    }

    @Override
    public TaskUpdate taskUpdate(Params meta, Task task, TrainingStep step) {
        Params leaves = meta.withGrad();
        Tensor queryLoss = loss(adapt(leaves, task.support(), config.innerSteps(), step.order()), task.query());
        return new TaskUpdate(Autograd.grad(queryLoss, leaves, false), queryLoss.item());
    }

    /** The body's output (the head's input): every layer but the last, each followed by the hidden activation. */
    private Tensor features(Params params, Tensor x) {
        int in = net.config().widths().get(0);
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(-1) != in) {
            throw new IllegalArgumentException("Anil on " + net + ": input must be [n, " + in + "] or [batch, n, " + in
                    + "], got " + Arrays.toString(x.shape()));
        }
        Tensor h = x;
        for (int i = 0; i < body.length; i++) h = net.config().hidden().apply(body[i].forward(params, Mlp.prefix(i), h));
        return h;
    }

    private static Examples withInputs(Examples data, Tensor x) {
        return data.isClassification() ? Examples.classification(x, data.labels()) : Examples.regression(x, data.y());
    }

    @Override
    public String toString() {
        return "Anil" + config + " on " + net;
    }
}
