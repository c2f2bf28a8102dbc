package io.metaline.engine.nn;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016) over the last axis, as PyTorch's {@code nn.LayerNorm(features)}:
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, with the biased variance of each row. Parameters:
 * {@code "weight"} (the gain, initialised to ones) and {@code "bias"} (zeros), both {@code [features]}. The input
 * may have any rank from 1 up whose last dimension is {@code features}.
 */
public final class LayerNorm implements Module {
    /** The parameter names, without prefix. */
    public static final String WEIGHT = "weight", BIAS = "bias";

    private final int features;
    private final double eps;

    /** Layer normalisation with {@code eps = 1e-5} (PyTorch's default). */
    public LayerNorm(int features) {
        this(features, 1e-5);
    }

    public LayerNorm(int features, double eps) {
        Checks.positive("LayerNorm", "features", features);
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("LayerNorm: eps must be positive and finite, got " + eps);
        }
        this.features = features;
        this.eps = eps;
    }

    public int features() {
        return features;
    }

    public double eps() {
        return eps;
    }

    /** Gain ones and bias zeros (the generator is not used). */
    @Override
    public Params init(Rng rng) {
        return Params.builder().put(WEIGHT, Tensor.ones(features)).put(BIAS, Tensor.zeros(features)).build();
    }

    @Override
    public Tensor forward(Params params, String prefix, Tensor x) {
        Tensor gain = Checks.param(params, prefix + WEIGHT, toString(), features);
        Tensor bias = Checks.param(params, prefix + BIAS, toString(), features);
        if (x.rank() < 1 || x.dim(-1) != features) {
            throw new IllegalArgumentException(this + ": input's last dimension must be " + features + ", got "
                    + Checks.shape(x));
        }
        Tensor centred = x.sub(x.mean(-1, true));
        Tensor var = centred.square().mean(-1, true);
        return centred.div(var.add(eps).sqrt()).mul(gain).add(bias);
    }

    @Override
    public String toString() {
        return "LayerNorm(" + features + ", eps " + eps + ")";
    }
}
