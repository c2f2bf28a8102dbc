package io.metaline.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Forward values against hand computations, closed forms and naive loops; and the random number generator. */
class ForwardValueTest {

    // ---------------------------------------------------------------- stable softmax family

    @Test
    void softmaxRowsSumToOneAndAreStableForLargeLogits() {
        Tensor logits = Tensor.matrix(new double[][] {{1000, 999, 998}, {-1000, 0, 1000}, {1, 2, 3}, {-1000, -1000, -1000}});
        Tensor s = logits.softmax(1);
        assertTrue(s.isFinite(), s.toString());
        for (int r = 0; r < 4; r++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) sum += s.get(r, c);
            // softmax is exp(x - logsumexp(x)): for |x| ~ 1000 the subtraction loses about |x| * 2^-52 ~ 1e-13
            assertEquals(1.0, sum, 1e-12, "row " + r);
        }
        // shift invariance: row 0 is softmax(2, 1, 0), row 2 is softmax(1, 2, 3)
        double z = 1 + Math.exp(-1) + Math.exp(-2);
        assertArrayEquals(new double[] {1 / z, Math.exp(-1) / z, Math.exp(-2) / z}, row(s, 0), 1e-12);
        assertArrayEquals(new double[] {Math.exp(-2) / z, Math.exp(-1) / z, 1 / z}, row(s, 2), 1e-15);
        assertArrayEquals(new double[] {0, 0, 1}, row(s, 1), 1e-12);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, row(s, 3), 1e-12);
        Tensor ls = logits.logSoftmax(1);
        assertTrue(ls.isFinite(), ls.toString());
        assertEquals(-2000, ls.get(1, 0), 1e-9);
        assertEquals(-Math.log(z), ls.get(0, 0), 1e-13);
    }

    @Test
    void softmaxAlongEachAxisMatchesClosedForm() {
        Tensor x = Tensor.randn(new Rng(4), 2, 3, 4).mul(3);
        for (int axis = 0; axis < 3; axis++) {
            Tensor s = x.softmax(axis), lse = x.logsumexp(axis, true);
            for (int i = 0; i < 24; i++) {
                int[] idx = {i / 12, (i / 4) % 3, i % 4};
                double sum = 0;
                for (int k = 0; k < x.dim(axis); k++) {
                    int[] j = idx.clone();
                    j[axis] = k;
                    sum += Math.exp(x.get(j));
                }
                int[] l = idx.clone();
                l[axis] = 0;
                assertEquals(Math.exp(x.get(idx)) / sum, s.get(idx), 1e-14);
                assertEquals(Math.log(sum), lse.get(l), 1e-13);
            }
        }
    }

    @Test
    void logsumexpOfLargeEqualValues() {
        assertEquals(1000 + Math.log(2), Tensor.vector(1000, 1000).logsumexp(0, false).item(), 1e-12);
        assertEquals(-1000 + Math.log(2), Tensor.vector(-1000, -1000).logsumexp(0, false).item(), 1e-12);
        Tensor x = Tensor.vector(1000, 1000).withGrad();
        Tensor g = Autograd.grad(x.logsumexp(0, false), x, false);
        assertArrayEquals(new double[] {0.5, 0.5}, g.toArray(), 1e-15);
    }

    @Test
    void softplusAndSigmoidDoNotOverflow() {
        Tensor x = Tensor.vector(-1000, 1000, 0, -40, 40);
        Tensor sp = x.softplus();
        assertEquals(0.0, sp.getFlat(0), 0.0);
        assertEquals(1000.0, sp.getFlat(1), 0.0);
        assertEquals(Math.log(2), sp.getFlat(2), 1e-15);
        assertEquals(Math.exp(-40), sp.getFlat(3), 1e-30);
        assertEquals(40.0, sp.getFlat(4), 1e-15);
        Tensor sg = x.sigmoid();
        assertTrue(sg.isFinite());
        assertEquals(0.0, sg.getFlat(0), 0.0);
        assertEquals(1.0, sg.getFlat(1), 0.0);
        assertEquals(0.5, sg.getFlat(2), 0.0);
        Tensor th = x.tanh();
        assertArrayEquals(new double[] {-1, 1, 0, -1, 1}, th.toArray(), 1e-15);
        assertEquals(Math.tanh(0.3), Tensor.scalar(0.3).tanh().item(), 1e-15);
        assertEquals(Math.tanh(-1e-9), Tensor.scalar(-1e-9).tanh().item(), 1e-24);
    }

    @Test
    void elementwiseFunctionsMatchMath() {
        double[] v = {0.3, 1.7, 2.5, 0.01};
        Tensor x = Tensor.vector(v);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.exp(v[i]), x.exp().getFlat(i), 1e-15 * Math.exp(v[i]));
            assertEquals(Math.log(v[i]), x.log().getFlat(i), 1e-15);
            assertEquals(Math.sqrt(v[i]), x.sqrt().getFlat(i), 1e-15);
            assertEquals(Math.pow(v[i], -1.5), x.pow(-1.5).getFlat(i), 1e-12 * Math.pow(v[i], -1.5));
            assertEquals(v[i] * v[i], x.pow(2).getFlat(i), 0.0);
        }
        assertArrayEquals(new double[] {-0.5, 0, 0.2, 0.5}, Tensor.vector(-3, 0, 0.2, 9).clamp(-0.5, 0.5).toArray(), 0.0);
        assertArrayEquals(new double[] {0, 0, 2}, Tensor.vector(-1, 0, 2).relu().toArray(), 0.0);
        assertArrayEquals(new double[] {-0.1, 0, 2}, Tensor.vector(-1, 0, 2).leakyRelu(0.1).toArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 2}, Tensor.vector(-1, 0, 2).abs().toArray(), 0.0);
    }

    // ---------------------------------------------------------------- losses

    @Test
    void crossEntropyEqualsHandComputation() {
        Tensor logits = Tensor.matrix(new double[][] {{1, 2, 3}, {1, 1, 1}, {1000, 0, -1000}});
        double row0 = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
        double row1 = Math.log(3);
        double row2 = 1000; // label 1: log-softmax = 0 - 1000
        assertEquals((row0 + row1 + row2) / 3, Losses.crossEntropy(logits, new int[] {2, 0, 1}).item(), 1e-12);
    }

    @Test
    void huberEqualsHandComputation() {
        // residuals -0.5 (quadratic), 2 and -3 (linear), 1 (exactly delta: quadratic = linear = 0.5)
        Tensor p = Tensor.vector(0, 2, -3, 1), t = Tensor.vector(0.5, 0, 0, 0);
        assertEquals((0.125 + 1.5 + 2.5 + 0.5) / 4, Losses.huber(p, t, 1.0).item(), 1e-15);
        // delta 2: 0.5 d^2 for |d| <= 2, else 2 (|d| - 1)
        assertEquals((0.125 + 2 + 4 + 0.5) / 4, Losses.huber(p, t, 2.0).item(), 1e-15);
    }

    @Test
    void gaussianNllEqualsHandComputation() {
        Tensor mean = Tensor.vector(0, 1), var = Tensor.vector(1, 4), target = Tensor.vector(1, 1);
        double expected = (0.5 * (0 + 1) + 0.5 * Math.log(4)) / 2;
        assertEquals(expected, Losses.gaussianNll(mean, var, target, false, 1e-6).item(), 1e-15);
        assertEquals(expected + 0.5 * Math.log(2 * Math.PI), Losses.gaussianNll(mean, var, target, true, 1e-6).item(), 1e-15);
        // variance below eps is clamped to eps
        double eps = 1e-3;
        assertEquals(0.5 * (Math.log(eps) + 0.25 / eps),
                Losses.gaussianNll(Tensor.vector(0), Tensor.vector(0), Tensor.vector(0.5), false, eps).item(), 1e-12);
    }

    @Test
    void mseAndBinaryCrossEntropyEqualHandComputation() {
        assertEquals((1 + 4 + 0.25) / 3, Losses.mse(Tensor.vector(1, 2, 3), Tensor.vector(0, 0, 2.5)).item(), 1e-15);
        assertEquals(-(Math.log(0.8) + Math.log(0.7)) / 2,
                Losses.binaryCrossEntropy(Tensor.vector(0.8, 0.3), Tensor.vector(1, 0)).item(), 1e-15);
        assertEquals(-(0.25 * Math.log(0.6) + 0.75 * Math.log(0.4)),
                Losses.binaryCrossEntropy(Tensor.vector(0.6), Tensor.vector(0.25)).item(), 1e-15);
        // with logits: softplus(x) - t x
        assertEquals((Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2,
                Losses.binaryCrossEntropyWithLogits(Tensor.vector(2, -1), Tensor.vector(1, 0)).item(), 1e-15);
        assertEquals(500.0, Losses.binaryCrossEntropyWithLogits(Tensor.vector(1000, -1000), Tensor.vector(0, 0)).item(), 1e-12);
        assertEquals(0.0, Losses.binaryCrossEntropyWithLogits(Tensor.vector(1000, -1000), Tensor.vector(1, 0)).item(), 0.0);
    }

    @Test
    void binaryCrossEntropyClampsTheLogAtMinus100() {
        // confidently wrong: each element costs 100, not infinity
        assertEquals(100.0, Losses.binaryCrossEntropy(Tensor.vector(0, 1), Tensor.vector(1, 0)).item(), 1e-12);
        // confidently right: 0, not 0 * -inf = NaN
        assertEquals(0.0, Losses.binaryCrossEntropy(Tensor.vector(0, 1), Tensor.vector(0, 1)).item(), 1e-12);
        assertEquals(50.0, Losses.binaryCrossEntropy(Tensor.vector(0, 1), Tensor.vector(0.5, 0.5)).item(), 1e-12);
    }

    // ---------------------------------------------------------------- reductions

    @Test
    void maxGivesTheGradientToTheFirstMaximalElement() {
        Tensor x = Tensor.vector(1, 3, 3, 2).withGrad();
        assertEquals(3.0, x.max().item(), 0.0);
        assertArrayEquals(new double[] {0, 1, 0, 0}, Autograd.grad(x.max(), x, false).toArray(), 0.0);

        Tensor m = Tensor.matrix(new double[][] {{2, 7, 1}, {2, 7, 5}, {1, 7, 5}}).withGrad();
        assertArrayEquals(new double[] {2, 7, 5}, m.max(0, false).toArray(), 0.0);
        assertArrayEquals(new double[] {1, 1, 0, 0, 0, 1, 0, 0, 0},
                Autograd.grad(m.max(0, false).sum(), m, false).toArray(), 0.0);
        assertArrayEquals(new double[] {7, 7, 7}, m.max(1, false).toArray(), 0.0);
        assertArrayEquals(new double[] {0, 1, 0, 0, 1, 0, 0, 1, 0},
                Autograd.grad(m.max(1, false).sum(), m, false).toArray(), 0.0);
        assertArrayEquals(new int[] {1, 1, 1}, m.argmaxLastAxis());
    }

    @Test
    void sumAndMeanAlongAxes() {
        Tensor x = Tensor.of(IntStream.range(0, 24).asDoubleStream().toArray(), 2, 3, 4);
        assertEquals(276.0, x.sum().item(), 0.0);
        assertEquals(11.5, x.mean().item(), 0.0);
        Tensor s0 = x.sum(0, false);
        assertArrayEquals(new int[] {3, 4}, s0.shape());
        assertEquals(0 + 12, s0.get(0, 0), 0.0);
        Tensor s1 = x.sum(1, true);
        assertArrayEquals(new int[] {2, 1, 4}, s1.shape());
        assertEquals(13 + 17 + 21, s1.get(1, 0, 1), 0.0);
        Tensor m2 = x.mean(-1, false);
        assertArrayEquals(new int[] {2, 3}, m2.shape());
        assertEquals((20 + 21 + 22 + 23) / 4.0, m2.get(1, 2), 0.0);
    }

    // ---------------------------------------------------------------- matmul

    static Stream<Arguments> matmulCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String layout : new String[] {"2-D", "batched", "batch x matrix"}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int seed = 0; seed < 4; seed++) b.add(Arguments.of(layout, ta, tb, seed));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} ta={1} tb={2} seed {3}")
    @MethodSource("matmulCases")
    void matmulMatchesNaiveTripleLoop(String layout, boolean ta, boolean tb, int seed) {
        Rng rng = new Rng(100 + seed);
        // small and odd sizes, plus some wide enough to reach every kernel path
        int m = 1 + rng.nextInt(seed == 3 ? 40 : 7), k = 1 + rng.nextInt(seed == 3 ? 40 : 7);
        int n = 1 + rng.nextInt(seed == 3 ? 40 : 7), batch = 1 + rng.nextInt(3);
        boolean batchedA = !layout.equals("2-D"), batchedB = layout.equals("batched");
        Tensor a = Tensor.randn(rng, shape(batchedA, batch, ta ? k : m, ta ? m : k));
        Tensor bm = Tensor.randn(rng, shape(batchedB, batch, tb ? n : k, tb ? k : n));
        Tensor c = MatMul.matmul(a, bm, ta, tb);
        assertArrayEquals(shape(batchedA, batch, m, n), c.shape());
        for (int q = 0; q < (batchedA ? batch : 1); q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double av = ta ? at(a, batchedA, q, p, i) : at(a, batchedA, q, i, p);
                        double bv = tb ? at(bm, batchedB, q, j, p) : at(bm, batchedB, q, p, j);
                        s += av * bv;
                    }
                    double got = batchedA ? c.get(q, i, j) : c.get(i, j);
                    assertEquals(s, got, 1e-12 * (1 + Math.abs(s)), "[" + q + "," + i + "," + j + "]");
                }
            }
        }
        // The public entry points are the flag combinations (false,false) and (false,true).
        if (!ta) assertArrayEquals(c.toArray(), (tb ? a.matmulT(bm) : a.matmul(bm)).toArray(), 0.0);
    }

    private static int[] shape(boolean batched, int batch, int r, int c) {
        return batched ? new int[] {batch, r, c} : new int[] {r, c};
    }

    private static double at(Tensor t, boolean batched, int q, int r, int c) {
        return batched ? t.get(q, r, c) : t.get(r, c);
    }

    // ---------------------------------------------------------------- permute and shape operations

    static Stream<int[]> permutations() {
        return Stream.of(new int[] {0}, new int[] {1, 0}, new int[] {0, 1}, new int[] {2, 0, 1}, new int[] {1, 2, 0},
                new int[] {0, 2, 1}, new int[] {2, 1, 0}, new int[] {3, 1, 0, 2}, new int[] {0, 3, 2, 1},
                new int[] {1, 0, 3, 2}, new int[] {-1, 0, 1});
    }

    @ParameterizedTest
    @MethodSource("permutations")
    void permuteMatchesNaiveIndexing(int[] axes) {
        int r = axes.length;
        int[] shape = Arrays.copyOf(new int[] {2, 3, 4, 5}, r);
        Tensor x = Tensor.randn(new Rng(r * 10L + axes[0]), shape);
        Tensor y = x.permute(axes);
        int[] norm = Arrays.stream(axes).map(a -> a < 0 ? a + r : a).toArray();
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) outShape[i] = shape[norm[i]];
        assertArrayEquals(outShape, y.shape());
        int[] out = new int[r], in = new int[r];
        for (int flat = 0; flat < y.size(); flat++) {
            int f = flat;
            for (int d = r - 1; d >= 0; d--) {
                out[d] = f % outShape[d];
                f /= outShape[d];
            }
            for (int d = 0; d < r; d++) in[norm[d]] = out[d];
            assertEquals(x.get(in), y.getFlat(flat), 0.0);
        }
        if (r >= 2) {
            Tensor t = x.transpose();
            for (int flat = 0; flat < t.size(); flat++) {
                int[] idx = unravel(flat, t.shape());
                int tmp = idx[r - 1];
                idx[r - 1] = idx[r - 2];
                idx[r - 2] = tmp;
                assertEquals(x.get(idx), t.getFlat(flat), 0.0);
            }
        }
    }

    @Test
    void sliceConcatStackIndexSelectGatherValues() {
        Tensor x = Tensor.of(IntStream.range(0, 12).asDoubleStream().toArray(), 3, 4);
        assertArrayEquals(new double[] {1, 2, 5, 6, 9, 10}, x.slice(1, 1, 3).toArray(), 0.0);
        assertArrayEquals(new double[] {4, 5, 6, 7}, x.slice(0, 1, 2).toArray(), 0.0);
        assertArrayEquals(new double[] {8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11}, x.indexSelect(0, 2, 0, 2).toArray(), 0.0);
        assertArrayEquals(new double[] {3, 3, 7, 7, 11, 11}, x.indexSelect(1, 3, 3).toArray(), 0.0);
        assertArrayEquals(new double[] {1, 4, 10}, x.gather(1, 1, 0, 2).toArray(), 0.0);
        assertArrayEquals(new double[] {8, 1, 6, 3}, x.gather(0, 2, 0, 1, 0).toArray(), 0.0);
        Tensor a = Tensor.of(new double[] {1, 2}, 1, 2), b = Tensor.of(new double[] {3, 4, 5, 6}, 2, 2);
        Tensor cat0 = Tensor.concat(0, List.of(a, b));
        assertArrayEquals(new int[] {3, 2}, cat0.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, cat0.toArray(), 0.0);
        Tensor cat1 = Tensor.concat(1, List.of(b, b.slice(1, 0, 1)));
        assertArrayEquals(new double[] {3, 4, 3, 5, 6, 5}, cat1.toArray(), 0.0);
        Tensor p = Tensor.vector(1, 2), q = Tensor.vector(3, 4);
        assertArrayEquals(new double[] {1, 2, 3, 4}, Tensor.stack(0, List.of(p, q)).toArray(), 0.0);
        Tensor s1 = Tensor.stack(1, List.of(p, q));
        assertArrayEquals(new int[] {2, 2}, s1.shape());
        assertArrayEquals(new double[] {1, 3, 2, 4}, s1.toArray(), 0.0);
        assertArrayEquals(new int[] {3, 1, 4}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[] {3, 4, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {2, 6}, x.reshape(2, -1).shape());
    }

    // ---------------------------------------------------------------- Rng

    @Test
    void sameSeedSameSequenceDifferentSeedDifferentSequence() {
        Rng a = new Rng(42), b = new Rng(42), c = new Rng(43);
        boolean differs = false;
        for (int i = 0; i < 1000; i++) {
            long x = a.nextLong();
            assertEquals(x, b.nextLong());
            differs |= x != c.nextLong();
        }
        assertTrue(differs);
    }

    @Test
    void splitStreamsDifferAndAreReproducible() {
        Rng parent = new Rng(7);
        long before = parent.state();
        Rng s1 = parent.split(1), s1again = parent.split(1), s2 = parent.split(2);
        assertEquals(before, parent.state(), "split must not advance the parent");
        int same12 = 0, sameParent = 0;
        for (int i = 0; i < 1000; i++) {
            long x = s1.nextLong();
            assertEquals(x, s1again.nextLong());
            if (x == s2.nextLong()) same12++;
            if (x == parent.nextLong()) sameParent++;
        }
        assertEquals(0, same12);
        assertEquals(0, sameParent);
        assertEquals(new Rng(7).split(1).nextLong(), new Rng(7).split(1).nextLong());
    }

    @Test
    void fromStateContinuesExactly() {
        Rng r = new Rng(5);
        for (int i = 0; i < 37; i++) r.nextGaussian();
        Rng copy = Rng.fromState(r.state());
        for (int i = 0; i < 500; i++) {
            assertEquals(r.nextLong(), copy.nextLong());
            assertEquals(r.nextDouble(), copy.nextDouble());
            assertEquals(r.nextGaussian(), copy.nextGaussian());
            assertEquals(r.nextInt(17), copy.nextInt(17));
        }
    }

    @Test
    void gaussianMeanAndVariance() {
        Rng r = new Rng(2024);
        int n = 100_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            assertTrue(Double.isFinite(g));
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n, var = sumSq / n - mean * mean;
        assertEquals(0.0, mean, 0.01, "mean");
        assertEquals(1.0, var, 0.02, "variance");
    }

    @Test
    void uniformStaysInRange() {
        Rng r = new Rng(3);
        for (int i = 0; i < 10_000; i++) {
            double d = r.nextDouble();
            assertTrue(d >= 0 && d < 1);
            double u = r.uniform(-2, 5);
            assertTrue(u >= -2 && u < 5);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 7, 10, 33})
    void nextIntIsRoughlyUniform(int bound) {
        Rng r = new Rng(bound);
        int n = 20_000 * bound;
        long[] counts = new long[bound];
        for (int i = 0; i < n; i++) counts[r.nextInt(bound)]++;
        double expected = (double) n / bound, chi2 = 0;
        for (long c : counts) chi2 += (c - expected) * (c - expected) / expected;
        // loose bound: the chi-square mean is bound-1 and its standard deviation sqrt(2(bound-1))
        double limit = (bound - 1) + 6 * Math.sqrt(2.0 * (bound - 1));
        assertTrue(chi2 < limit, "chi-square " + chi2 + " over " + limit + ", counts " + Arrays.toString(counts));
    }

    /** For a bound near 2^32 / 2.67, plain modulo would put 56% of draws in the lower half. */
    @Test
    void nextIntHasNoModuloBiasForLargeBounds() {
        Rng r = new Rng(77);
        int bound = 3 << 29, n = 100_000, low = 0;
        for (int i = 0; i < n; i++) {
            int v = r.nextInt(bound);
            assertTrue(v >= 0 && v < bound);
            if (v < bound / 2) low++;
        }
        assertEquals(0.5, (double) low / n, 0.01);
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 10, 1000})
    void permutationIsAPermutation(int n) {
        int[] p = new Rng(n + 1).permutation(n);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        assertArrayEquals(IntStream.range(0, n).toArray(), sorted);
        if (n >= 10) {
            assertFalse(Arrays.equals(p, IntStream.range(0, n).toArray()), "should be shuffled");
            assertFalse(Arrays.equals(p, new Rng(n + 2).permutation(n)), "different seeds, different order");
            assertArrayEquals(p, new Rng(n + 1).permutation(n), "same seed, same order");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static double[] row(Tensor m, int r) {
        return m.slice(0, r, r + 1).toArray();
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
