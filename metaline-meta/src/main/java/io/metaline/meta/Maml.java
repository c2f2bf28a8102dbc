package io.metaline.meta;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Module;

/**
 * Model-Agnostic Meta-Learning (Finn, Abbeel and Levine, ICML 2017): learn an initialisation from which a few
 * gradient steps on a task's support set give a low loss on its query set. The meta-gradient differentiates
 * through the inner steps exactly ({@link GradOrder#SECOND}) or treats the inner gradients as constants
 * (first-order MAML, {@link GradOrder#FIRST}); the order is chosen per call through {@link TrainingStep#order()}.
 */
public final class Maml implements MetaLearner {
    /**
     * @param innerSteps inner gradient steps during meta-training, at least 1
     * @param innerLr    inner step size, positive
     */
    public record Config(int innerSteps, double innerLr) {
        public Config {
            if (innerSteps < 1) throw new IllegalArgumentException("Maml.Config: innerSteps must be >= 1, got " + innerSteps);
            if (!(innerLr > 0) || !Double.isFinite(innerLr)) {
                throw new IllegalArgumentException("Maml.Config: innerLr must be positive and finite, got " + innerLr);
            }
        }
    }

    private final Module net;
    private final Config config;
    private final InnerLoop inner;

    public Maml(Module net, TaskLoss loss, Config config) {
        this.net = net;
        this.config = config;
        this.inner = new InnerLoop(net, loss, InnerLoop.ALL, InnerLoop.fixedRate(config.innerLr()));
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "maml";
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
        return inner.run(meta, meta, support, steps, order);
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

    @Override
    public String toString() {
        return "Maml" + config + " on " + net;
    }
}
