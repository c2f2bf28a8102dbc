package io.metaline.meta;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Module;

/**
 * The joint-training baseline that meta-learning papers compare against (the "pretrained" reference of Finn, Abbeel
 * and Levine 2017): one network trained on the pooled data of all tasks ({@link Task#all()}), with no adaptation in
 * the training objective, then fine-tuned on a new task's support set by plain SGD. Its {@link #taskUpdate}
 * direction is the gradient of the unadapted loss on all of the task's data; the reported query loss is, as for the
 * other learners, the loss on the query set after fine-tuning on the support set.
 */
public final class Pretrained implements MetaLearner {
    /**
     * @param innerSteps fine-tuning steps used when adapting, at least 0 (0: use the joint model as it is)
     * @param innerLr    their step size, positive
     */
    public record Config(int innerSteps, double innerLr) {
        public Config {
            if (innerSteps < 0) throw new IllegalArgumentException("Pretrained.Config: innerSteps must be >= 0, got " + innerSteps);
            if (!(innerLr > 0) || !Double.isFinite(innerLr)) {
                throw new IllegalArgumentException("Pretrained.Config: innerLr must be positive and finite, got " + innerLr);
            }
        }
    }

    private final Config config;
    /** Fine-tuning is MAML's inner loop with a fixed step: adaptation, prediction and loss are delegated to it. */
    private final Maml finetune;

    public Pretrained(Module net, TaskLoss loss, Config config) {
        this.config = config;
        this.finetune = new Maml(net, loss, new Maml.Config(Math.max(1, config.innerSteps()), config.innerLr()));
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "pretrained";
    }

    @Override
    public Params init(Rng rng) {
        return finetune.init(rng);
    }

    @Override
    public int innerSteps() {
        return config.innerSteps();
    }

    @Override
    public Params adapt(Params meta, Examples support, int steps, GradOrder order) {
        return finetune.adapt(meta, support, steps, order);
    }

    @Override
    public Tensor predict(Params adapted, Tensor x) {
        return finetune.predict(adapted, x);
    }

    @Override
    public Tensor loss(Params adapted, Examples data) {
        return finetune.loss(adapted, data);
    }

    @Override
    public TaskUpdate taskUpdate(Params meta, Task task, TrainingStep step) {
        Params leaves = meta.withGrad();
        Params direction = Autograd.grad(loss(leaves, task.all()), leaves, false);
        double queryLoss = loss(adapt(meta.detach(), task.support(), config.innerSteps(), GradOrder.FIRST), task.query()).item();
        return new TaskUpdate(direction, queryLoss);
    }

    /** The graph of one update is a single forward pass over the task's data, however many fine-tuning steps. */
    @Override
    public long graphBytes(Params meta, Task task, GradOrder order) {
        return Autograd.graphBytes(loss(meta.withGrad(), task.all()));
    }

    @Override
    public String toString() {
        return "Pretrained" + config + ", fine-tuned by " + finetune;
    }
}
