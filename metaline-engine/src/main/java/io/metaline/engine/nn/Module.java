package io.metaline.engine.nn;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;

/**
 * A differentiable function with named parameters kept outside the module.
 *
 * <p>Implementations are immutable and hold configuration only. {@link #forward(Params, Tensor)} must not depend on
 * anything but its arguments, so the same module can be evaluated with the parameters from {@link #init}, with
 * adapted fast weights inside a meta-learning inner loop, or with perturbed parameters in a finite-difference check.
 *
 * <p>Modules compose by prefixing names: a container stores a child's parameters under {@code prefix + name} (with
 * {@code Params.Builder.putAll(prefix, child.init(rng))}) and evaluates the child with
 * {@link #forward(Params, String, Tensor)}, which reads the same prefixed names without copying the collection.
 */
public interface Module {
    /** Fresh parameters drawn from {@code rng}; the names are those {@link #forward(Params, Tensor)} reads. */
    Params init(Rng rng);

    /** The output for input {@code x} under {@code params} (which may hold other entries too; they are ignored). */
    default Tensor forward(Params params, Tensor x) {
        return forward(params, "", x);
    }

    /**
     * The output for input {@code x} with every parameter name read as {@code prefix + name}.
     *
     * @throws IllegalArgumentException if a parameter is missing or has the wrong shape, or {@code x} has the wrong
     *                                  shape; the message names the module and what was expected
     */
    Tensor forward(Params params, String prefix, Tensor x);
}
