package io.metaline.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Finite-difference checks of first and second derivatives.
 *
 * <p>First order: the analytic gradient of a scalar function against central differences with step
 * {@link #H} (truncation error O(h^2), about 1e-10 relative for smooth functions; rounding about 1e-16/h).
 * Second order: the gradient of the squared gradient norm, {@code d/dx |df/dx|^2 = 2 H(x) df/dx}, computed by
 * differentiating the create-graph gradient, against central differences of the first-order gradient norm.
 * A check passes when |analytic - numeric| <= ATOL + RTOL * |numeric| element by element.
 */
final class GradCheck {
    static final double H = 1e-6;
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-7;

    private GradCheck() {}

    /** Checks d f / d inputs at the given point. */
    static void first(String what, Function<List<Tensor>, Tensor> f, List<Tensor> point) {
        List<Tensor> leaves = leaves(point);
        List<Tensor> analytic = Autograd.grad(f.apply(leaves), leaves, false);
        for (int k = 0; k < point.size(); k++) {
            double[] numeric = numeric(v -> f.apply(v).item(), point, k);
            compare(what + ", input " + k, analytic.get(k).toArray(), numeric);
        }
    }

    /** Checks the gradient of |grad f|^2, i.e. a Hessian-vector product, at the given point. */
    static void second(String what, Function<List<Tensor>, Tensor> f, List<Tensor> point) {
        Function<List<Tensor>, Tensor> gradNormSq = v -> {
            List<Tensor> gs = Autograd.grad(f.apply(v), v, true);
            Tensor s = Tensor.scalar(0.0);
            for (Tensor g : gs) s = s.add(g.mul(g).sum());
            return s;
        };
        List<Tensor> leaves = leaves(point);
        List<Tensor> analytic = Autograd.grad(gradNormSq.apply(leaves), leaves, false);
        for (int k = 0; k < point.size(); k++) {
            double[] numeric = numeric(v -> gradNormSq.apply(leaves(v)).item(), point, k);
            compare(what + " (second order), input " + k, analytic.get(k).toArray(), numeric);
        }
    }

    static List<Tensor> leaves(List<Tensor> point) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : point) out.add(t.detach().withGrad());
        return out;
    }

    private static double[] numeric(Function<List<Tensor>, Double> f, List<Tensor> point, int k) {
        double[] base = point.get(k).toArray();
        double[] grad = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone(), minus = base.clone();
            plus[i] += H;
            minus[i] -= H;
            grad[i] = (f.apply(replace(point, k, plus)) - f.apply(replace(point, k, minus))) / (2 * H);
        }
        return grad;
    }

    private static List<Tensor> replace(List<Tensor> point, int k, double[] values) {
        List<Tensor> out = new ArrayList<>();
        for (int j = 0; j < point.size(); j++) {
            Tensor t = point.get(j);
            out.add(j == k ? Tensor.of(values, t.shape()).withGrad() : t.detach().withGrad());
        }
        return out;
    }

    private static void compare(String what, double[] analytic, double[] numeric) {
        for (int i = 0; i < numeric.length; i++) {
            double err = Math.abs(analytic[i] - numeric[i]);
            assertTrue(err <= ATOL + RTOL * Math.abs(numeric[i]),
                    what + ": element " + i + " analytic " + analytic[i] + " vs finite difference " + numeric[i]);
        }
    }
}
