package io.metaline.meta;

import io.metaline.engine.Autograd;
import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import io.metaline.engine.nn.Module;
import java.util.function.Predicate;

/**
 * The gradient-descent inner loop shared by the MAML family: starting from the network part of the
 * meta-parameters, take {@code steps} gradient steps on the support loss, updating only the adaptable parameters,
 * with step sizes given by an {@link UpdateRule}.
 */
final class InnerLoop {
    /** How one inner step moves the adaptable parameters. */
    @FunctionalInterface
    interface UpdateRule {
        /**
         * @param meta    all meta-parameters (a rule may read learned step sizes from them)
         * @param current the adaptable parameters before the step
         * @param grads   their gradients, same names
         * @param step    0-based index of the inner step
         */
        Params apply(Params meta, Params current, Params grads, int step);
    }

    /** Every parameter adapts: the loop then updates them all at once, without selecting and merging. */
    static final Predicate<String> ALL = name -> true;

    private final Module net;
    private final TaskLoss loss;
    private final Predicate<String> adaptable;
    private final UpdateRule rule;

    InnerLoop(Module net, TaskLoss loss, Predicate<String> adaptable, UpdateRule rule) {
        this.net = net;
        this.loss = loss;
        this.adaptable = adaptable;
        this.rule = rule;
    }

    /** A plain step {@code p - lr * g}. */
    static UpdateRule fixedRate(double lr) {
        return (meta, current, grads, step) -> current.sgdStep(grads, lr);
    }

    /**
     * The network parameters after {@code steps} updates. {@code weights} are the network's parameters taken from
     * the meta-parameters; if they require gradients the steps stay on the graph (per {@code order}), otherwise
     * each step starts from fresh leaves and no graph survives it.
     */
    Params run(Params meta, Params weights, Examples support, int steps, GradOrder order) {
        return run(meta, weights, support, steps, order, null);
    }

    /** What {@link #run} produced after each inner step (MAML++'s multi-step loss reads the query loss there). */
    @FunctionalInterface
    interface StepObserver {
        /** @param step 0-based index of the step just taken; {@code fast} the parameters after it */
        void afterStep(int step, Params fast);
    }

    /** As {@link #run(Params, Params, Examples, int, GradOrder)}, showing {@code observer} (if not null) every step. */
    Params run(Params meta, Params weights, Examples support, int steps, GradOrder order, StepObserver observer) {
        boolean tracked = weights.tensor(0).requiresGrad();
        Params fast = weights;
        for (int s = 0; s < steps; s++) {
            Params current = tracked ? fast : fast.withGrad();
            Params adapt = adaptable == ALL ? current : current.select(adaptable);
            Tensor supportLoss = loss.of(net.forward(current, support.x()), support);
            Params grads = Autograd.grad(supportLoss, adapt, tracked && order.createGraph());
            Params moved = rule.apply(meta, adapt, grads, s);
            fast = adaptable == ALL ? moved : current.with(moved);
            if (!tracked) fast = fast.detach();
            if (observer != null) observer.afterStep(s, fast);
        }
        return fast;
    }

    Tensor loss(Params fast, Examples data) {
        return loss.of(net.forward(fast, data.x()), data);
    }

    Module net() {
        return net;
    }
}
