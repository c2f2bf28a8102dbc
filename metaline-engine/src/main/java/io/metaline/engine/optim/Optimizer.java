package io.metaline.engine.optim;

import io.metaline.engine.Params;

/**
 * A first-order optimiser: turns parameters and their gradients into updated parameters.
 *
 * <p>{@link #step} never modifies its inputs and never records a computation graph; it returns new tensors. A
 * parameter that {@linkplain io.metaline.engine.Tensor#requiresGrad() requires gradients} comes back as a fresh
 * leaf that requires gradients too, so a training loop can feed the result straight into the next forward pass.
 *
 * <p>The optimiser remembers the parameter names and shapes of its first step (or of a loaded state) and
 * rejects parameters that differ. Implementations are stateful and not thread-safe.
 */
public interface Optimizer {

    /**
     * One update. {@code grads} must have exactly the names, order and shapes of {@code params}.
     *
     * @return the updated parameters, in the same order and with the same names
     * @throws IllegalArgumentException if names or shapes differ (the message names the keys)
     */
    Params step(Params params, Params grads);

    /** Updates taken so far (also the 0-based index of the next update in the learning-rate schedule). */
    int stepCount();

    /** The learning rate the next update will use (base rate times the schedule's factor). */
    double learningRate();

    /** A snapshot of the complete state; later steps do not change it. */
    OptimizerState state();

    /**
     * Replaces the step count and buffers with {@code state}'s, so that the next {@link #step} continues exactly
     * where the saved optimiser stopped. The hyper-parameters and schedule of this instance are kept (resuming
     * with, say, a different learning rate is allowed); use {@link #restore} to take them from the state.
     *
     * @throws IllegalArgumentException if the state is of another kind or has buffers this optimiser cannot use
     */
    void load(OptimizerState state);

    /**
     * A new optimiser of {@code state}'s kind, configured from {@code state.config()}, continuing from the state.
     * The schedule is not serialised (it may be any function); pass the one the original optimiser used.
     */
    static Optimizer restore(OptimizerState state, LrSchedule schedule) {
        switch (state.kind()) {
            case Sgd.KIND:
                return Sgd.restore(state, schedule);
            case Adam.KIND:
                return Adam.restore(state, schedule);
            default:
                throw new IllegalArgumentException("Optimizer.restore: unknown optimiser kind '" + state.kind()
                        + "' (known: " + Sgd.KIND + ", " + Adam.KIND + ")");
        }
    }
}
