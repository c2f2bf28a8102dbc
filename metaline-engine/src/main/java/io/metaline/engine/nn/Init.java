package io.metaline.engine.nn;

import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;

/**
 * Parameter initialisation schemes, all drawn from a seeded {@link Rng} (same seed, same values).
 *
 * <p>The constants choose a scheme for a layer's weight and bias; the static methods draw one tensor directly.
 * Fan-in and fan-out follow PyTorch: for a weight {@code [out, in]} they are {@code in} and {@code out}; for a
 * convolution weight {@code [out, in, kernel]} they are {@code in * kernel} and {@code out * kernel}.
 *
 * <ul>
 *   <li>{@link #XAVIER_UNIFORM}, {@link #XAVIER_NORMAL}: Glorot and Bengio (2010), variance 2 / (fanIn + fanOut);
 *       biases zero.</li>
 *   <li>{@link #HE_UNIFORM}, {@link #HE_NORMAL}: He et al. (2015), fan-in mode for ReLU, variance 2 / fanIn;
 *       biases zero.</li>
 *   <li>{@link #PYTORCH_DEFAULT}: uniform in &plusmn;1/sqrt(fanIn) for weight and bias alike, which is what
 *       PyTorch's {@code nn.Linear} and {@code nn.Conv1d} do by default.</li>
 *   <li>{@link #ZEROS}: all zeros (useful for a head that should start at the zero function).</li>
 * </ul>
 */
public enum Init {
    XAVIER_UNIFORM,
    XAVIER_NORMAL,
    HE_UNIFORM,
    HE_NORMAL,
    PYTORCH_DEFAULT,
    ZEROS;

    /** A weight of the given shape under this scheme. */
    public Tensor weight(Rng rng, int fanIn, int fanOut, int... shape) {
        switch (this) {
            case XAVIER_UNIFORM: return xavierUniform(rng, fanIn, fanOut, shape);
            case XAVIER_NORMAL: return xavierNormal(rng, fanIn, fanOut, shape);
            case HE_UNIFORM: return heUniform(rng, fanIn, shape);
            case HE_NORMAL: return heNormal(rng, fanIn, shape);
            case PYTORCH_DEFAULT: return fanInUniform(rng, fanIn, shape);
            case ZEROS: return zeros(shape);
            default: throw new AssertionError(this);
        }
    }

    /** A bias of {@code size} entries: uniform &plusmn;1/sqrt(fanIn) for {@link #PYTORCH_DEFAULT}, zeros otherwise. */
    public Tensor bias(Rng rng, int fanIn, int size) {
        return this == PYTORCH_DEFAULT ? fanInUniform(rng, fanIn, size) : zeros(size);
    }

    // ---------------------------------------------------------------- direct draws

    /** Uniform in &plusmn;sqrt(6 / (fanIn + fanOut)). */
    public static Tensor xavierUniform(Rng rng, int fanIn, int fanOut, int... shape) {
        fans(fanIn, fanOut);
        return uniform(rng, Math.sqrt(6.0 / (fanIn + fanOut)), shape);
    }

    /** Normal with standard deviation sqrt(2 / (fanIn + fanOut)). */
    public static Tensor xavierNormal(Rng rng, int fanIn, int fanOut, int... shape) {
        fans(fanIn, fanOut);
        return normal(rng, Math.sqrt(2.0 / (fanIn + fanOut)), shape);
    }

    /** Uniform in &plusmn;sqrt(6 / fanIn) (Kaiming uniform, gain sqrt(2) for ReLU). */
    public static Tensor heUniform(Rng rng, int fanIn, int... shape) {
        fans(fanIn, 1);
        return uniform(rng, Math.sqrt(6.0 / fanIn), shape);
    }

    /** Normal with standard deviation sqrt(2 / fanIn) (Kaiming normal, gain sqrt(2) for ReLU). */
    public static Tensor heNormal(Rng rng, int fanIn, int... shape) {
        fans(fanIn, 1);
        return normal(rng, Math.sqrt(2.0 / fanIn), shape);
    }

    /** Uniform in &plusmn;1/sqrt(fanIn): PyTorch's default for linear and convolution layers. */
    public static Tensor fanInUniform(Rng rng, int fanIn, int... shape) {
        fans(fanIn, 1);
        return uniform(rng, 1.0 / Math.sqrt(fanIn), shape);
    }

    /** Uniform in [-bound, bound). */
    public static Tensor uniform(Rng rng, double bound, int... shape) {
        return Tensor.uniform(rng, -bound, bound, shape);
    }

    /** Normal with mean 0 and standard deviation {@code std}. */
    public static Tensor normal(Rng rng, double std, int... shape) {
        return Tensor.randn(rng, shape).mul(std);
    }

    public static Tensor zeros(int... shape) {
        return Tensor.zeros(shape);
    }

    private static void fans(int fanIn, int fanOut) {
        if (fanIn <= 0 || fanOut <= 0) {
            throw new IllegalArgumentException("Init: fan-in and fan-out must be positive, got " + fanIn + " and " + fanOut);
        }
    }
}
