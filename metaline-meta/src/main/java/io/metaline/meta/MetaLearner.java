package io.metaline.meta;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;

/**
 * A way of learning, from many tasks, a starting point (and possibly how to move from it) that adapts to a new
 * task from a few examples.
 *
 * <p>Lifecycle: {@link #init} makes the meta-parameters; a trainer repeatedly asks {@link #taskUpdate} for each
 * task of a batch and feeds the mean direction to an optimiser; at test time {@link #adapt} turns the
 * meta-parameters and a support set into adapted parameters, and {@link #predict} / {@link #loss} use them.
 *
 * <p>All methods are pure functions of their arguments: implementations are immutable, hold no per-task state and
 * may be called from several threads at once. Meta-parameters passed in are plain values; an implementation makes
 * its own gradient leaves, so graphs of different tasks never share nodes.
 */
public interface MetaLearner {

    /** Short name used in reports and files ({@code "maml"}, {@code "reptile"}...). */
    String name();

    /** Fresh meta-parameters: the network's weights plus any the learner owns (e.g. inner learning rates). */
    Params init(Rng rng);

    /** Inner steps used during meta-training (and the default for adaptation). */
    int innerSteps();

    /**
     * Parameters adapted to {@code support} by {@code steps} inner updates starting from {@code meta}. When
     * {@code meta}'s tensors require gradients, the result stays differentiable with respect to them (exactly for
     * {@link GradOrder#SECOND}, treating inner gradients as constants for {@link GradOrder#FIRST}); otherwise no graph
     * is kept and memory stays flat however many steps are taken.
     */
    Params adapt(Params meta, Examples support, int steps, GradOrder order);

    /** The model's output on {@code x} with adapted parameters. */
    Tensor predict(Params adapted, Tensor x);

    /** The task loss of adapted parameters on {@code data}. */
    Tensor loss(Params adapted, Examples data);

    /**
     * This task's contribution to a meta-update: a direction with the names of {@code meta} that an optimiser
     * descends (the meta-gradient for MAML-like learners), and the query loss after adaptation.
     */
    TaskUpdate taskUpdate(Params meta, Task task, TrainingStep step);

    /**
     * Approximate bytes the graph of one task's update holds at {@code order}; a trainer multiplies by the tasks in
     * flight to decide whether a run fits in memory.
     */
    default long graphBytes(Params meta, Task task, GradOrder order) {
        Params adapted = adapt(meta.withGrad(), task.support(), innerSteps(), order);
        return Autograd.graphBytes(loss(adapted, task.query()));
    }

    /** One task's share of a meta-update. */
    record TaskUpdate(Params direction, double queryLoss) {}

    /**
     * Where training stands when an update is asked for: some learners anneal with progress (MAML++'s multi-step
     * loss weights), and the order may change during training.
     */
    record TrainingStep(int iteration, int totalIterations, GradOrder order) {
        public TrainingStep {
            if (iteration < 0 || totalIterations < 1) {
                throw new IllegalArgumentException("TrainingStep: iteration " + iteration + " of " + totalIterations);
            }
        }

        /** Fraction of training done, in [0, 1]. */
        public double progress() {
            return Math.min(1.0, (double) iteration / totalIterations);
        }
    }
}
