package io.metaline.engine.optim;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;

/**
 * Gradient clipping, returning new {@link Params} (the inputs are untouched).
 *
 * <ul>
 *   <li>{@link #byGlobalNorm}: if the Euclidean norm of all gradients together exceeds {@code maxNorm}, scales
 *       every gradient by {@code maxNorm / (norm + 1e-6)}, as PyTorch's {@code clip_grad_norm_}; reports the
 *       norm before clipping.
 *   <li>{@link #byValue}: limits every element to {@code [-limit, limit]}, as {@code clip_grad_value_}.
 * </ul>
 *
 * Gradients containing NaN or infinity are rejected by {@link #byGlobalNorm} (their norm means nothing); the
 * message names the first offending parameter.
 */
public final class GradClip {
    private GradClip() {}

    /** Added to the norm in the scale factor, as in PyTorch, so that clipping never divides by zero. */
    public static final double NORM_EPS = 1e-6;

    /**
     * The result of {@link #byGlobalNorm}.
     *
     * @param grads       the (possibly) scaled gradients; the input instance itself when no clipping was needed
     * @param preClipNorm the global norm before clipping
     * @param scale       the factor applied (1 when not clipped)
     */
    public record Clipped(Params grads, double preClipNorm, double scale) {
        /** True if the gradients were scaled down. */
        public boolean clipped() {
            return scale != 1.0;
        }
    }

    /**
     * The Euclidean norm of all values of {@code grads} together; computed with rescaling when the plain sum of
     * squares would overflow, so very large finite gradients give a finite norm.
     */
    public static double globalNorm(Params grads) {
        double sum = 0, maxAbs = 0;
        for (int i = 0; i < grads.size(); i++) {
            Tensor t = grads.tensor(i);
            for (int j = 0, n = t.size(); j < n; j++) {
                double v = t.getFlat(j);
                sum += v * v;
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        if (sum < Double.POSITIVE_INFINITY || !(maxAbs < Double.POSITIVE_INFINITY)) return Math.sqrt(sum);
        double scaled = 0;
        for (int i = 0; i < grads.size(); i++) {
            Tensor t = grads.tensor(i);
            for (int j = 0, n = t.size(); j < n; j++) {
                double v = t.getFlat(j) / maxAbs;
                scaled += v * v;
            }
        }
        return maxAbs * Math.sqrt(scaled);
    }

    /**
     * Scales {@code grads} so that their global norm is at most {@code maxNorm} (PyTorch's rule, see the class
     * comment).
     *
     * @throws IllegalArgumentException if {@code maxNorm} is not finite and positive
     * @throws ArithmeticException if a gradient is NaN or infinite
     */
    public static Clipped byGlobalNorm(Params grads, double maxNorm) {
        if (!(maxNorm > 0 && maxNorm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("GradClip.byGlobalNorm: maxNorm must be finite and > 0, got " + maxNorm);
        }
        double norm = globalNorm(grads);
        if (!(norm < Double.POSITIVE_INFINITY)) {
            grads.requireFinite("GradClip.byGlobalNorm: gradient");
            throw new ArithmeticException("GradClip.byGlobalNorm: the gradient norm is " + norm);
        }
        double scale = maxNorm / (norm + NORM_EPS);
        if (scale >= 1) return new Clipped(grads, norm, 1.0);
        return new Clipped(grads.map(t -> {
            double[] v = t.toArray();
            for (int j = 0; j < v.length; j++) v[j] *= scale;
            return Tensor.of(v, t.shape());
        }), norm, scale);
    }

    /**
     * Limits every element of {@code grads} to {@code [-limit, limit]}; NaN stays NaN.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive (infinity is allowed and changes nothing)
     */
    public static Params byValue(Params grads, double limit) {
        if (!(limit > 0)) throw new IllegalArgumentException("GradClip.byValue: limit must be > 0, got " + limit);
        return grads.map(t -> {
            double[] v = t.toArray();
            for (int j = 0; j < v.length; j++) {
                if (v[j] > limit) v[j] = limit;
                else if (v[j] < -limit) v[j] = -limit;
            }
            return Tensor.of(v, t.shape());
        });
    }
}
