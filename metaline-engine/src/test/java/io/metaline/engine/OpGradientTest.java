package io.metaline.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable operation and every loss, differentiated once and twice, against finite differences.
 *
 * <p>Each case is a function of one or more input tensors drawn from a seeded {@link Rng}. A non-scalar result
 * {@code y} is reduced to a scalar as {@code sum(W * y)} with a constant random {@code W} of y's shape, so every
 * output element contributes with its own weight (a plain sum would hide errors: softmax sums to 1).
 *
 * <p>First order: {@link GradCheck#first}, the gradient against central differences. Second order:
 * {@link GradCheck#second}, the gradient of the squared gradient norm (a Hessian-vector product through the
 * create-graph backward pass) against central differences of that norm. For operations that are linear or
 * piecewise linear (add, reshape, slice, relu, max...) the second derivative is zero, which would make the check
 * trivially true, so their second-order case squares the result before weighting: {@code sum(W * y^2)}.
 *
 * <p>Tolerances (from {@link GradCheck}): step h = {@value GradCheck#H}; an element passes when
 * {@code |analytic - numeric| <= }{@value GradCheck#ATOL}{@code  + }{@value GradCheck#RTOL}{@code  * |numeric|}.
 * Inputs are chosen so that the step never crosses a kink or a domain boundary: positive inputs (0.5 to 2) for
 * log, sqrt and fractional powers, inputs at least 0.2 from zero for abs, relu and leakyRelu, at least 0.2 from
 * the limits for clamp, values at least 0.15 apart for max, and Huber residuals at least 0.2 from delta.
 */
class OpGradientTest {

    /** One function to check; {@code second} is {@code first} with a nonlinearity added for linear operations. */
    record Case(String name, Function<List<Tensor>, Tensor> first, Function<List<Tensor>, Tensor> second,
                List<Tensor> point) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrder(Case c) {
        GradCheck.first(c.name(), c.first(), c.point());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrder(Case c) {
        GradCheck.second(c.name(), c.second(), c.point());
    }

    // ---------------------------------------------------------------- the cases

    static Stream<Case> cases() {
        Cases c = new Cases(new Rng(20240611L));
        arithmetic(c);
        elementwise(c);
        reductions(c);
        linearAlgebra(c);
        shapes(c);
        losses(c);
        return c.all.stream();
    }

    private static void arithmetic(Cases c) {
        int[][][] pairs = {
            {{3, 4}, {3, 4}},
            {{3, 4}, {4}},
            {{4}, {3, 4}},
            {{3, 1}, {1, 4}},
            {{}, {2, 3}},
            {{2, 3}, {}},
            {{2, 3, 4}, {3, 4}},
            {{3, 4}, {2, 3, 4}},
            {{3, 1}, {2, 1, 4}},
        };
        for (int[][] p : pairs) {
            String shapes = Arrays.toString(p[0]) + " with " + Arrays.toString(p[1]);
            c.linear("add " + shapes, v -> v.get(0).add(v.get(1)), c.randn(p[0]), c.randn(p[1]));
            c.linear("sub " + shapes, v -> v.get(0).sub(v.get(1)), c.randn(p[0]), c.randn(p[1]));
            c.op("mul " + shapes, v -> v.get(0).mul(v.get(1)), c.randn(p[0]), c.randn(p[1]));
            c.op("div " + shapes, v -> v.get(0).div(v.get(1)), c.randn(p[0]), c.awayFromZero(0.5, 2.0, p[1]));
        }
        c.linear("mul(double)", v -> v.get(0).mul(-1.7), c.randn(3, 4));
        c.linear("add(double)", v -> v.get(0).add(0.3), c.randn(3, 4));
        c.linear("sub(double)", v -> v.get(0).sub(0.3), c.randn(3, 4));
        c.linear("div(double)", v -> v.get(0).div(2.5), c.randn(3, 4));
        c.linear("rsub", v -> v.get(0).rsub(2.0), c.randn(3, 4));
        c.linear("neg", v -> v.get(0).neg(), c.randn(3, 4));
        c.linear("broadcastTo [3,1] to [2,3,4]", v -> v.get(0).broadcastTo(2, 3, 4), c.randn(3, 1));
        c.linear("broadcastTo [4] to [3,4]", v -> v.get(0).broadcastTo(3, 4), c.randn(4));
        c.linear("broadcastTo [] to [2,3]", v -> v.get(0).broadcastTo(2, 3), c.randn());
        int[][] sumTargets = {{3, 1}, {4}, {1, 4}, {2, 1, 4}, {2, 3, 1}, {1, 1}, {}};
        for (int[] t : sumTargets) {
            c.linear("sumTo [2,3,4] to " + Arrays.toString(t), v -> v.get(0).sumTo(t), c.randn(2, 3, 4));
        }
        Tensor mask = c.mask(3, 4);
        c.linear("where", v -> Tensor.where(mask, v.get(0), v.get(1)), c.randn(3, 4), c.randn(3, 4));
        c.linear("where, broadcast values", v -> Tensor.where(mask, v.get(0), v.get(1)), c.randn(4), c.randn(3, 1));
    }

    private static void elementwise(Cases c) {
        c.op("exp", v -> v.get(0).exp(), c.randn(3, 4));
        c.op("log", v -> v.get(0).log(), c.positive(3, 4));
        c.op("sqrt", v -> v.get(0).sqrt(), c.positive(3, 4));
        c.op("pow 2", v -> v.get(0).pow(2), c.randn(3, 4));
        c.op("pow 3", v -> v.get(0).pow(3), c.randn(3, 4));
        c.op("pow 0.5", v -> v.get(0).pow(0.5), c.positive(3, 4));
        c.op("pow -1.5", v -> v.get(0).pow(-1.5), c.positive(3, 4));
        c.op("square", v -> v.get(0).square(), c.randn(3, 4));
        c.linear("abs", v -> v.get(0).abs(), c.awayFromZero(0.2, 1.5, 3, 4));
        c.op("tanh", v -> v.get(0).tanh(), c.randn(3, 4));
        c.op("sigmoid", v -> v.get(0).sigmoid(), c.randn(3, 4));
        c.linear("relu", v -> v.get(0).relu(), c.awayFromZero(0.2, 1.5, 3, 4));
        c.linear("leakyRelu", v -> v.get(0).leakyRelu(0.1), c.awayFromZero(0.2, 1.5, 3, 4));
        c.op("softplus", v -> v.get(0).softplus(), c.randn(3, 4).mul(2.0));
        c.linear("clamp", v -> v.get(0).clamp(-0.5, 0.5), c.awayFromLimits(-0.5, 0.5, 3, 4));
    }

    private static void reductions(Cases c) {
        c.linear("sum()", v -> v.get(0).sum(), c.randn(2, 3, 4));
        for (int axis : new int[] {0, 1, 2, -1}) {
            for (boolean keep : new boolean[] {true, false}) {
                c.linear("sum axis " + axis + " keep " + keep, v -> v.get(0).sum(axis, keep), c.randn(2, 3, 4));
            }
        }
        c.linear("mean()", v -> v.get(0).mean(), c.randn(2, 3, 4));
        for (int axis = 0; axis < 3; axis++) {
            int ax = axis;
            c.linear("mean axis " + ax, v -> v.get(0).mean(ax, false), c.randn(2, 3, 4));
            c.linear("max axis " + ax, v -> v.get(0).max(ax, false), c.distinct(2, 3, 4));
            c.linear("max axis " + ax + " keep", v -> v.get(0).max(ax, true), c.distinct(2, 3, 4));
            c.op("logsumexp axis " + ax, v -> v.get(0).logsumexp(ax, false), c.randn(2, 3, 4));
            c.op("logsumexp axis " + ax + " keep", v -> v.get(0).logsumexp(ax, true), c.randn(2, 3, 4));
            c.op("softmax axis " + ax, v -> v.get(0).softmax(ax), c.randn(2, 3, 4));
            c.op("logSoftmax axis " + ax, v -> v.get(0).logSoftmax(ax), c.randn(2, 3, 4));
        }
        c.linear("max()", v -> v.get(0).max(), c.distinct(3, 4));
        c.op("softmax axis -1", v -> v.get(0).softmax(-1), c.randn(3, 4));
    }

    private static void linearAlgebra(Cases c) {
        c.op("matmul [3,4]x[4,5]", v -> v.get(0).matmul(v.get(1)), c.randn(3, 4), c.randn(4, 5));
        c.op("matmulT [3,4]x[5,4]^T", v -> v.get(0).matmulT(v.get(1)), c.randn(3, 4), c.randn(5, 4));
        c.op("matmul [2,3,4]x[2,4,5]", v -> v.get(0).matmul(v.get(1)), c.randn(2, 3, 4), c.randn(2, 4, 5));
        c.op("matmul [2,3,4]x[4,5]", v -> v.get(0).matmul(v.get(1)), c.randn(2, 3, 4), c.randn(4, 5));
        c.op("matmulT [2,3,4]x[5,4]^T", v -> v.get(0).matmulT(v.get(1)), c.randn(2, 3, 4), c.randn(5, 4));
        // The transpose flags directly: the backward rules of each flag combination use the others.
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                String f = " ta=" + ta + " tb=" + tb;
                int[] a2 = ta ? new int[] {4, 3} : new int[] {3, 4}, b2 = tb ? new int[] {5, 4} : new int[] {4, 5};
                c.op("MatMul.matmul 2-D" + f, v -> MatMul.matmul(v.get(0), v.get(1), ta, tb), c.randn(a2), c.randn(b2));
                int[] a3 = {2, a2[0], a2[1]}, b3 = {2, b2[0], b2[1]};
                c.op("MatMul.matmul batched" + f, v -> MatMul.matmul(v.get(0), v.get(1), ta, tb), c.randn(a3), c.randn(b3));
                c.op("MatMul.matmul batch x matrix" + f, v -> MatMul.matmul(v.get(0), v.get(1), ta, tb), c.randn(a3), c.randn(b2));
            }
        }
    }

    private static void shapes(Cases c) {
        c.linear("reshape [2,3,4] to [6,4]", v -> v.get(0).reshape(6, 4), c.randn(2, 3, 4));
        c.linear("reshape [2,3,4] to [4,-1]", v -> v.get(0).reshape(4, -1), c.randn(2, 3, 4));
        c.linear("transpose [3,4]", v -> v.get(0).transpose(), c.randn(3, 4));
        c.linear("transpose [2,3,4]", v -> v.get(0).transpose(), c.randn(2, 3, 4));
        c.linear("permute (2,0,1)", v -> v.get(0).permute(2, 0, 1), c.randn(2, 3, 4));
        c.linear("permute (1,2,0)", v -> v.get(0).permute(1, 2, 0), c.randn(2, 3, 4));
        c.linear("permute (0,2,1,3)", v -> v.get(0).permute(0, 2, 1, 3), c.randn(2, 3, 2, 2));
        c.linear("slice axis 0", v -> v.get(0).slice(0, 1, 2), c.randn(2, 3, 4));
        c.linear("slice axis 1", v -> v.get(0).slice(1, 1, 3), c.randn(2, 3, 4));
        c.linear("slice axis 2", v -> v.get(0).slice(2, 0, 3), c.randn(2, 3, 4));
        c.linear("slice axis -1", v -> v.get(0).slice(-1, 2, 4), c.randn(2, 3, 4));
        for (int axis = 0; axis < 3; axis++) {
            int ax = axis;
            int[] s0 = {2, 3, 4}, s1 = Shapes.withDim(s0, ax, 1), s2 = Shapes.withDim(s0, ax, 2);
            c.linear("concat axis " + ax, v -> Tensor.concat(ax, v), c.randn(s0), c.randn(s1), c.randn(s2));
            c.linear("stack axis " + ax, v -> Tensor.stack(ax, v), c.randn(2, 3), c.randn(2, 3), c.randn(2, 3));
        }
        c.linear("stack axis 2 (end)", v -> Tensor.stack(2, v), c.randn(2, 3), c.randn(2, 3));
        c.linear("indexSelect axis 0", v -> v.get(0).indexSelect(0, 1, 0, 1, 1), c.randn(2, 3, 4));
        c.linear("indexSelect axis 1", v -> v.get(0).indexSelect(1, 2, 2, 0), c.randn(2, 3, 4));
        c.linear("indexSelect axis 2", v -> v.get(0).indexSelect(2, 3, 0, 3, 1, 3), c.randn(2, 3, 4));
        for (int axis = 0; axis < 3; axis++) {
            int ax = axis;
            int[] shape = {2, 3, 4};
            int k = 2; // picks per position, with repeats
            int[] index = c.indices(shape[ax], Shapes.outer(shape, ax) * k * Shapes.inner(shape, ax));
            c.linear("gather axis " + ax, v -> v.get(0).gather(ax, index), c.randn(shape));
        }
        c.linear("unsqueeze 0", v -> v.get(0).unsqueeze(0), c.randn(3, 4));
        c.linear("unsqueeze 1", v -> v.get(0).unsqueeze(1), c.randn(3, 4));
        c.linear("unsqueeze 2 (end)", v -> v.get(0).unsqueeze(2), c.randn(3, 4));
        c.linear("unsqueeze -1", v -> v.get(0).unsqueeze(-1), c.randn(3, 4));
    }

    private static void losses(Cases c) {
        c.op("mse", v -> Losses.mse(v.get(0), v.get(1)), c.randn(4, 3), c.randn(4, 3));
        Tensor target = c.randn(4, 3);
        Tensor prediction = target.add(c.huberResiduals(1.0, 4, 3));
        c.op("huber", v -> Losses.huber(v.get(0), v.get(1), 1.0), prediction, target);
        int[] labels = {0, 3, 3, 1};
        c.op("crossEntropy", v -> Losses.crossEntropy(v.get(0), labels), c.randn(4, 5).mul(2.0));
        c.op("binaryCrossEntropy", v -> Losses.binaryCrossEntropy(v.get(0), v.get(1)),
                c.uniform(0.1, 0.9, 4, 3), c.uniform(0.0, 1.0, 4, 3));
        c.op("binaryCrossEntropyWithLogits", v -> Losses.binaryCrossEntropyWithLogits(v.get(0), v.get(1)),
                c.randn(4, 3).mul(2.0), c.uniform(0.0, 1.0, 4, 3));
        for (boolean full : new boolean[] {false, true}) {
            c.op("gaussianNll full=" + full, v -> Losses.gaussianNll(v.get(0), v.get(1), v.get(2), full, 1e-6),
                    c.randn(4, 3), c.uniform(0.3, 2.0, 4, 3), c.randn(4, 3));
        }
    }

    // ---------------------------------------------------------------- building cases and inputs

    private static final class Cases {
        final Rng rng;
        final List<Case> all = new ArrayList<>();

        Cases(Rng rng) {
            this.rng = rng;
        }

        /** A smooth operation: both orders check {@code sum(W * f(x))}. */
        void op(String name, Function<List<Tensor>, Tensor> f, Tensor... point) {
            Tensor w = weights(f, point);
            Function<List<Tensor>, Tensor> weighted = v -> f.apply(v).mul(w).sum();
            all.add(new Case(name, weighted, weighted, List.of(point)));
        }

        /** A (piecewise) linear operation: the second-order check uses {@code sum(W * f(x)^2)}. */
        void linear(String name, Function<List<Tensor>, Tensor> f, Tensor... point) {
            Tensor w = weights(f, point);
            all.add(new Case(name, v -> f.apply(v).mul(w).sum(), v -> f.apply(v).square().mul(w).sum(),
                    List.of(point)));
        }

        private Tensor weights(Function<List<Tensor>, Tensor> f, Tensor[] point) {
            int[] shape = Autograd.noGrad(() -> f.apply(List.of(point))).shape();
            return Tensor.randn(rng, shape);
        }

        Tensor randn(int... shape) {
            return Tensor.randn(rng, shape);
        }

        Tensor uniform(double lo, double hi, int... shape) {
            return Tensor.uniform(rng, lo, hi, shape);
        }

        Tensor positive(int... shape) {
            return uniform(0.5, 2.0, shape);
        }

        /** Magnitudes in [lo, hi) with random signs. */
        Tensor awayFromZero(double lo, double hi, int... shape) {
            double[] d = new double[Shapes.size(shape)];
            for (int i = 0; i < d.length; i++) d[i] = (rng.nextInt(2) == 0 ? -1 : 1) * rng.uniform(lo, hi);
            return Tensor.of(d, shape);
        }

        /** Values at least 0.2 from the limits: below, inside and above [lo, hi]. */
        Tensor awayFromLimits(double lo, double hi, int... shape) {
            double[] d = new double[Shapes.size(shape)];
            for (int i = 0; i < d.length; i++) {
                d[i] = switch (i % 3) {
                    case 0 -> lo - rng.uniform(0.2, 1.0);
                    case 1 -> rng.uniform(lo + 0.2, hi - 0.2);
                    default -> hi + rng.uniform(0.2, 1.0);
                };
            }
            return Tensor.of(d, shape);
        }

        /** Distinct values at least 0.15 apart, in random order. */
        Tensor distinct(int... shape) {
            int n = Shapes.size(shape);
            int[] perm = rng.permutation(n);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = (perm[i] - n / 2.0) * 0.2 + rng.uniform(0.0, 0.05);
            return Tensor.of(d, shape);
        }

        /** Residuals on both sides of {@code delta}: magnitudes in [0.1, delta-0.2] or [delta+0.2, delta+1]. */
        Tensor huberResiduals(double delta, int... shape) {
            double[] d = new double[Shapes.size(shape)];
            for (int i = 0; i < d.length; i++) {
                double mag = i % 2 == 0 ? rng.uniform(0.1, delta - 0.2) : rng.uniform(delta + 0.2, delta + 1.0);
                d[i] = (i % 4 < 2 ? 1 : -1) * mag;
            }
            return Tensor.of(d, shape);
        }

        /** A 0/1 mask with both values present. */
        Tensor mask(int... shape) {
            double[] d = new double[Shapes.size(shape)];
            for (int i = 0; i < d.length; i++) d[i] = i < 2 ? i : rng.nextInt(2);
            return Tensor.of(d, shape);
        }

        /** {@code count} indices in [0, n), every index used and some repeated. */
        int[] indices(int n, int count) {
            int[] idx = new int[count];
            for (int i = 0; i < count; i++) idx[i] = i < n ? i : rng.nextInt(n);
            return idx;
        }
    }
}
