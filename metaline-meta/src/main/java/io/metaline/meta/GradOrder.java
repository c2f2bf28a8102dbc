package io.metaline.meta;

/**
 * How the meta-gradient treats the inner loop: {@link #SECOND} differentiates through the inner gradient steps
 * exactly (Hessian-vector products included); {@link #FIRST} treats the inner gradients as constants, which is
 * cheaper and often nearly as good (first-order MAML).
 */
public enum GradOrder {
    FIRST,
    SECOND;

    /** The engine's create-graph flag for the inner gradients. */
    public boolean createGraph() {
        return this == SECOND;
    }
}
