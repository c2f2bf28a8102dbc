package io.metaline.engine.nn;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;

/**
 * A fully connected layer {@code y = x W^T + b} with parameters {@code "weight"} {@code [out, in]} (PyTorch layout)
 * and {@code "bias"} {@code [out]}. The input is {@code [n, in]} or a batch {@code [b, n, in]}; the output has the
 * same leading dimensions and {@code out} features.
 */
public final class Linear implements Module {
    /** The parameter names, without prefix. */
    public static final String WEIGHT = "weight", BIAS = "bias";

    private final int in, out;
    private final Init init;

    /** A layer initialised with {@link Init#PYTORCH_DEFAULT}. */
    public Linear(int in, int out) {
        this(in, out, Init.PYTORCH_DEFAULT);
    }

    public Linear(int in, int out, Init init) {
        Checks.positive("Linear", "input size", in);
        Checks.positive("Linear", "output size", out);
        if (init == null) throw new IllegalArgumentException("Linear: init must not be null");
        this.in = in;
        this.out = out;
        this.init = init;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public Init init() {
        return init;
    }

    @Override
    public Params init(Rng rng) {
        return Params.builder()
                .put(WEIGHT, init.weight(rng, in, out, out, in))
                .put(BIAS, init.bias(rng, in, out))
                .build();
    }

    @Override
    public Tensor forward(Params params, String prefix, Tensor x) {
        Tensor w = Checks.param(params, prefix + WEIGHT, toString(), out, in);
        Tensor b = Checks.param(params, prefix + BIAS, toString(), out);
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(-1) != in) {
            throw new IllegalArgumentException(this + ": input must be [n, " + in + "] or [batch, n, " + in
                    + "], got " + Checks.shape(x));
        }
        return x.matmulT(w).add(b);
    }

    @Override
    public String toString() {
        return "Linear(" + in + " -> " + out + ")";
    }
}
