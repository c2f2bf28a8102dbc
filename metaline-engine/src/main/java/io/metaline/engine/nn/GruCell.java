package io.metaline.engine.nn;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A gated recurrent unit cell with PyTorch's {@code nn.GRUCell} equations:
 * <pre>
 *   r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *   z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *   h' = (1 - z) * n + z * h
 * </pre>
 * Parameters (gates stacked r, z, n along the first axis, as in PyTorch): {@code "weight_ih"} {@code [3H, in]},
 * {@code "weight_hh"} {@code [3H, H]}, {@code "bias_ih"} {@code [3H]}, {@code "bias_hh"} {@code [3H]}, all
 * initialised uniform in &plusmn;1/sqrt(H) like PyTorch.
 *
 * <p>{@link #step} advances one time step; {@link #sequence} and {@link #last} run an input {@code [batch, time, in]}
 * from an initial state. As a {@link Module}, {@code forward} runs the sequence from a zero state and returns all
 * hidden states {@code [batch, time, H]}.
 */
public final class GruCell implements Module {
    /** The parameter names, without prefix. */
    public static final String WEIGHT_IH = "weight_ih", WEIGHT_HH = "weight_hh", BIAS_IH = "bias_ih", BIAS_HH = "bias_hh";

    private final int inputSize, hiddenSize;

    public GruCell(int inputSize, int hiddenSize) {
        Checks.positive("GruCell", "input size", inputSize);
        Checks.positive("GruCell", "hidden size", hiddenSize);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public Params init(Rng rng) {
        double bound = 1.0 / Math.sqrt(hiddenSize);
        int g = 3 * hiddenSize;
        return Params.builder()
                .put(WEIGHT_IH, Init.uniform(rng, bound, g, inputSize))
                .put(WEIGHT_HH, Init.uniform(rng, bound, g, hiddenSize))
                .put(BIAS_IH, Init.uniform(rng, bound, g))
                .put(BIAS_HH, Init.uniform(rng, bound, g))
                .build();
    }

    /** One step: input {@code [batch, in]} and state {@code [batch, H]} give the next state {@code [batch, H]}. */
    public Tensor step(Params params, Tensor x, Tensor h) {
        return step(params, "", x, h);
    }

    /** {@link #step(Params, Tensor, Tensor)} reading parameter names with {@code prefix}. */
    public Tensor step(Params params, String prefix, Tensor x, Tensor h) {
        Weights w = weights(params, prefix);
        if (x.rank() != 2 || x.dim(1) != inputSize) {
            throw new IllegalArgumentException(this + ": step input must be [batch, " + inputSize + "], got " + Checks.shape(x));
        }
        checkState(h, x.dim(0));
        return update(x.matmulT(w.ih).add(w.bih), h, w);
    }

    /**
     * Runs {@code x} {@code [batch, time, in]} from {@code h0} {@code [batch, H]} (null for zeros) and returns every
     * hidden state, {@code [batch, time, H]}.
     */
    public Tensor sequence(Params params, Tensor x, Tensor h0) {
        return sequence(params, "", x, h0);
    }

    /** {@link #sequence(Params, Tensor, Tensor)} reading parameter names with {@code prefix}. */
    public Tensor sequence(Params params, String prefix, Tensor x, Tensor h0) {
        return Tensor.stack(1, run(params, prefix, x, h0));
    }

    /** Runs {@code x} {@code [batch, time, in]} from {@code h0} (null for zeros) and returns the final state {@code [batch, H]}. */
    public Tensor last(Params params, Tensor x, Tensor h0) {
        return last(params, "", x, h0);
    }

    /** {@link #last(Params, Tensor, Tensor)} reading parameter names with {@code prefix}. */
    public Tensor last(Params params, String prefix, Tensor x, Tensor h0) {
        List<Tensor> states = run(params, prefix, x, h0);
        return states.get(states.size() - 1);
    }

    /** All hidden states {@code [batch, time, H]} from a zero initial state. */
    @Override
    public Tensor forward(Params params, String prefix, Tensor x) {
        return sequence(params, prefix, x, null);
    }

    private List<Tensor> run(Params params, String prefix, Tensor x, Tensor h0) {
        Weights w = weights(params, prefix);
        if (x.rank() != 3 || x.dim(2) != inputSize || x.dim(1) == 0) {
            throw new IllegalArgumentException(this + ": sequence input must be [batch, time >= 1, " + inputSize
                    + "], got " + Checks.shape(x));
        }
        int batch = x.dim(0), time = x.dim(1);
        Tensor h = h0 == null ? Tensor.zeros(batch, hiddenSize) : h0;
        checkState(h, batch);
        // The input projections of all time steps in one product.
        Tensor gi = x.matmulT(w.ih).add(w.bih); // [batch, time, 3H]
        List<Tensor> states = new ArrayList<>(time);
        for (int t = 0; t < time; t++) {
            h = update(gi.slice(1, t, t + 1).reshape(batch, 3 * hiddenSize), h, w);
            states.add(h);
        }
        return states;
    }

    /** The next state from the input projection {@code gi = x W_ih^T + b_ih} {@code [batch, 3H]}. */
    private Tensor update(Tensor gi, Tensor h, Weights w) {
        int hs = hiddenSize;
        Tensor gh = h.matmulT(w.hh).add(w.bhh);
        Tensor r = gi.slice(1, 0, hs).add(gh.slice(1, 0, hs)).sigmoid();
        Tensor z = gi.slice(1, hs, 2 * hs).add(gh.slice(1, hs, 2 * hs)).sigmoid();
        Tensor n = gi.slice(1, 2 * hs, 3 * hs).add(r.mul(gh.slice(1, 2 * hs, 3 * hs))).tanh();
        return n.add(z.mul(h.sub(n))); // (1 - z) n + z h
    }

    private void checkState(Tensor h, int batch) {
        if (h.rank() != 2 || h.dim(0) != batch || h.dim(1) != hiddenSize) {
            throw new IllegalArgumentException(this + ": hidden state must be [" + batch + ", " + hiddenSize
                    + "], got " + Checks.shape(h));
        }
    }

    private Weights weights(Params params, String prefix) {
        int g = 3 * hiddenSize;
        String me = toString();
        return new Weights(
                Checks.param(params, prefix + WEIGHT_IH, me, g, inputSize),
                Checks.param(params, prefix + WEIGHT_HH, me, g, hiddenSize),
                Checks.param(params, prefix + BIAS_IH, me, g),
                Checks.param(params, prefix + BIAS_HH, me, g));
    }

    private record Weights(Tensor ih, Tensor hh, Tensor bih, Tensor bhh) {}

    @Override
    public String toString() {
        return "GruCell(" + inputSize + " -> " + hiddenSize + ")";
    }
}
