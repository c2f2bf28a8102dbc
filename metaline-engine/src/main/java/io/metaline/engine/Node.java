package io.metaline.engine;

/**
 * The record of how a tensor was computed: the operation's name, its inputs and its backward rule.
 * Only tensors that require gradients carry a node.
 */
final class Node {
    final String op;
    final Tensor[] inputs;
    final Backward backward;

    Node(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    /**
     * A backward rule. It is written with the same differentiable tensor operations as the forward pass, so that
     * when the engine runs it with gradient recording on, the returned gradients are themselves differentiable.
     */
    @FunctionalInterface
    interface Backward {
        /**
         * @param grad the gradient of the final output with respect to {@code out}
         * @param out  the tensor this node produced
         * @param want which inputs need a gradient; entries for the others may be null
         * @return one gradient per input, each with the shape of its input (or null where not wanted)
         */
        Tensor[] apply(Tensor grad, Tensor out, boolean[] want);
    }
}
