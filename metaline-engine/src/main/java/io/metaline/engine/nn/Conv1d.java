package io.metaline.engine.nn;

import io.metaline.engine.Params;
import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import java.util.List;

/**
 * A one-dimensional convolution (cross-correlation, as in PyTorch's {@code nn.Conv1d}) with zero padding:
 * input {@code [batch, in, length]}, output {@code [batch, out, (length + 2 padding - kernel) / stride + 1]}, with
 * {@code y[b, o, t] = bias[o] + sum_{c, k} weight[o, c, k] * xpad[b, c, t * stride + k]}.
 *
 * <p>Parameters: {@code "weight"} {@code [out, in, kernel]} and {@code "bias"} {@code [out]}. The forward pass is an
 * im2col built from tensor operations (zero padding by concatenation, one index-select of the kernel windows, a
 * permutation) followed by a single matrix product, so it differentiates to any order.
 */
public final class Conv1d implements Module {
    /** The parameter names, without prefix. */
    public static final String WEIGHT = "weight", BIAS = "bias";

    private final int in, out, kernel, stride, padding;
    private final Init init;

    /** A convolution initialised with {@link Init#PYTORCH_DEFAULT}. */
    public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(inChannels, outChannels, kernel, stride, padding, Init.PYTORCH_DEFAULT);
    }

    public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding, Init init) {
        Checks.positive("Conv1d", "input channels", inChannels);
        Checks.positive("Conv1d", "output channels", outChannels);
        Checks.positive("Conv1d", "kernel size", kernel);
        Checks.positive("Conv1d", "stride", stride);
        if (padding < 0) throw new IllegalArgumentException("Conv1d: padding must not be negative, got " + padding);
        if (init == null) throw new IllegalArgumentException("Conv1d: init must not be null");
        this.in = inChannels;
        this.out = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.init = init;
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    /** The output length for an input of {@code length} positions. */
    public int outLength(int length) {
        int padded = length + 2 * padding;
        if (padded < kernel) {
            throw new IllegalArgumentException(this + ": input length " + length + " with padding " + padding
                    + " is shorter than the kernel");
        }
        return (padded - kernel) / stride + 1;
    }

    @Override
    public Params init(Rng rng) {
        return Params.builder()
                .put(WEIGHT, init.weight(rng, in * kernel, out * kernel, out, in, kernel))
                .put(BIAS, init.bias(rng, in * kernel, out))
                .build();
    }

    @Override
    public Tensor forward(Params params, String prefix, Tensor x) {
        Tensor w = Checks.param(params, prefix + WEIGHT, toString(), out, in, kernel);
        Tensor b = Checks.param(params, prefix + BIAS, toString(), out);
        if (x.rank() != 3 || x.dim(1) != in) {
            throw new IllegalArgumentException(this + ": input must be [batch, " + in + ", length], got " + Checks.shape(x));
        }
        int batch = x.dim(0), length = x.dim(2), outLen = outLength(length);
        Tensor xp = x;
        if (padding > 0) {
            Tensor pad = Tensor.zeros(batch, in, padding);
            xp = Tensor.concat(2, List.of(pad, x, pad));
        }
        // Window t, tap k reads padded position t * stride + k.
        int[] idx = new int[outLen * kernel];
        for (int t = 0; t < outLen; t++) {
            for (int k = 0; k < kernel; k++) idx[t * kernel + k] = t * stride + k;
        }
        Tensor cols = xp.indexSelect(2, idx)          // [batch, in, outLen * kernel]
                .reshape(batch, in, outLen, kernel)
                .permute(0, 2, 1, 3)                    // [batch, outLen, in, kernel]
                .reshape(batch, outLen, in * kernel);
        return cols.matmulT(w.reshape(out, in * kernel)) // [batch, outLen, out]
                .add(b)
                .permute(0, 2, 1);
    }

    @Override
    public String toString() {
        return "Conv1d(" + in + " -> " + out + ", kernel " + kernel + ", stride " + stride + ", padding " + padding + ")";
    }
}
