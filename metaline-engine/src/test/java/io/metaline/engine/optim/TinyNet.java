package io.metaline.engine.optim;

import io.metaline.engine.Autograd;
import io.metaline.engine.Losses;
import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import java.util.List;

/** A 1-16-1 tanh network fitting y = sin(x) on [-2, 2], built directly from tensor operations (test helper). */
final class TinyNet {
    private TinyNet() {}

    static final int POINTS = 64;
    static final int HIDDEN = 16;
    static final Tensor X;
    static final Tensor Y;

    static {
        double[] x = new double[POINTS], y = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            x[i] = -2 + 4.0 * i / (POINTS - 1);
            y[i] = Math.sin(x[i]);
        }
        X = Tensor.of(x, POINTS, 1);
        Y = Tensor.of(y, POINTS, 1);
    }

    /** Weights: layer 0 N(0, 1), layer 1 N(0, 1/16), biases 0. */
    static Params init(long seed) {
        Rng rng = new Rng(seed);
        return Params.builder()
                .put("layer0.weight", Tensor.randn(rng, HIDDEN, 1))
                .put("layer0.bias", Tensor.zeros(HIDDEN))
                .put("layer1.weight", Tensor.randn(rng, 1, HIDDEN).mul(1.0 / Math.sqrt(HIDDEN)))
                .put("layer1.bias", Tensor.zeros(1))
                .build();
    }

    static Tensor loss(Params p) {
        Tensor h = X.matmulT(p.get("layer0.weight")).add(p.get("layer0.bias")).tanh();
        Tensor out = h.matmulT(p.get("layer1.weight")).add(p.get("layer1.bias"));
        return Losses.mse(out, Y);
    }

    static double lossValue(Params p) {
        return Autograd.noGrad(() -> loss(p)).item();
    }

    /** Gradients of the loss, as Params with the parameters' names. */
    static Params grads(Params p) {
        Params leaves = p.withGrad();
        List<Tensor> g = Autograd.grad(loss(leaves), leaves.tensors(), false);
        Params.Builder b = Params.builder();
        for (int i = 0; i < g.size(); i++) b.put(p.name(i), g.get(i));
        return b.build();
    }

    /** {@code steps} full-batch updates from {@code start}. */
    static Params train(Optimizer opt, Params start, int steps) {
        Params p = start;
        for (int i = 0; i < steps; i++) p = opt.step(p, grads(p));
        return p;
    }
}
