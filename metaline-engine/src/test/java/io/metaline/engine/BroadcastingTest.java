package io.metaline.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Forward values of numpy-style broadcasting: hand-computed examples, and a naive index computation on many shapes. */
class BroadcastingTest {

    @Test
    void matrixPlusRowVector() {
        Tensor m = Tensor.matrix(new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
        Tensor v = Tensor.vector(10, 20, 30, 40);
        expect(m.add(v), new int[] {3, 4}, 11, 22, 33, 44, 15, 26, 37, 48, 19, 30, 41, 52);
        expect(v.sub(m), new int[] {3, 4}, 9, 18, 27, 36, 5, 14, 23, 32, 1, 10, 19, 28);
    }

    @Test
    void columnTimesRowIsOuterProduct() {
        Tensor col = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        Tensor row = Tensor.of(new double[] {1, 10, 100, 1000}, 1, 4);
        expect(col.mul(row), new int[] {3, 4}, 1, 10, 100, 1000, 2, 20, 200, 2000, 3, 30, 300, 3000);
        expect(row.mul(col), new int[] {3, 4}, 1, 10, 100, 1000, 2, 20, 200, 2000, 3, 30, 300, 3000);
    }

    @Test
    void scalarWithMatrix() {
        Tensor s = Tensor.scalar(12);
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 6, 12}, 2, 3);
        expect(s.div(m), new int[] {2, 3}, 12, 6, 4, 3, 2, 1);
        expect(m.div(s), new int[] {2, 3}, 1 / 12.0, 2 / 12.0, 3 / 12.0, 4 / 12.0, 6 / 12.0, 1);
        expect(s.sub(m), new int[] {2, 3}, 11, 10, 9, 8, 6, 0);
    }

    @Test
    void rank3WithRank2() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2);
        Tensor b = Tensor.of(new double[] {100, 200, 300, 400, 500, 600}, 3, 2);
        expect(a.add(b), new int[] {2, 3, 2}, 101, 202, 303, 404, 505, 606, 107, 208, 309, 410, 511, 612);
        Tensor c = Tensor.of(new double[] {1, -1}, 2, 1, 1);
        Tensor d = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        expect(c.mul(d), new int[] {2, 1, 3}, 1, 2, 3, -1, -2, -3);
    }

    @Test
    void broadcastToAndSumTo() {
        Tensor col = Tensor.of(new double[] {1, 2}, 2, 1);
        expect(col.broadcastTo(2, 3), new int[] {2, 3}, 1, 1, 1, 2, 2, 2);
        expect(col.broadcastTo(2, 2, 3), new int[] {2, 2, 3}, 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2);
        expect(Tensor.scalar(5).broadcastTo(2, 2), new int[] {2, 2}, 5, 5, 5, 5);
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        expect(m.sumTo(3), new int[] {3}, 5, 7, 9);
        expect(m.sumTo(1, 3), new int[] {1, 3}, 5, 7, 9);
        expect(m.sumTo(2, 1), new int[] {2, 1}, 6, 15);
        expect(m.sumTo(), new int[] {}, 21);
        expect(m.sumTo(1, 1), new int[] {1, 1}, 21);
        expect(m.sumTo(2, 3), new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void whereBroadcastsValuesToTheMask() {
        Tensor mask = Tensor.of(new double[] {1, 0, 0, 1, 1, 0}, 2, 3);
        Tensor a = Tensor.vector(1, 2, 3);
        Tensor b = Tensor.of(new double[] {-1, -2}, 2, 1);
        expect(Tensor.where(mask, a, b), new int[] {2, 3}, 1, -1, -1, 1, 2, -2);
        expect(Tensor.where(mask, Tensor.scalar(7), Tensor.scalar(0)), new int[] {2, 3}, 7, 0, 0, 7, 7, 0);
    }

    // ---------------------------------------------------------------- against a naive implementation

    static Stream<Arguments> shapePairs() {
        int[][][] pairs = {
            {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{4}, {3, 4}}, {{3, 1}, {1, 4}}, {{1, 4}, {3, 1}}, {{}, {2, 3}},
            {{2, 3}, {}}, {{2, 3, 4}, {3, 4}}, {{3, 4}, {2, 3, 4}}, {{2, 3, 4}, {3, 1}}, {{3, 1}, {2, 1, 4}},
            {{2, 1, 4}, {1, 3, 1}}, {{1, 3, 1}, {2, 1, 4}}, {{2, 3, 4}, {2, 1, 4}}, {{2, 3, 4}, {1, 1, 4}},
            {{1}, {2, 3}}, {{1, 1}, {5}}, {{5, 1, 2}, {5, 3, 1}}, {{2, 3, 4}, {2, 3, 1}}, {{4, 1}, {4}},
        };
        String[] ops = {"add", "sub", "mul", "div"};
        return Arrays.stream(pairs).flatMap(p -> Arrays.stream(ops).map(op -> Arguments.of(op, p[0], p[1])));
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @MethodSource("shapePairs")
    void arithmeticMatchesNaiveBroadcasting(String op, int[] sa, int[] sb) {
        Rng rng = new Rng(Arrays.hashCode(sa) * 31L + Arrays.hashCode(sb));
        Tensor a = Tensor.uniform(rng, 0.5, 2, sa), b = Tensor.uniform(rng, 0.5, 2, sb);
        BinaryOperator<Tensor> f = switch (op) {
            case "add" -> Tensor::add;
            case "sub" -> Tensor::sub;
            case "mul" -> Tensor::mul;
            default -> Tensor::div;
        };
        DoubleBinaryOperator g = switch (op) {
            case "add" -> (x, y) -> x + y;
            case "sub" -> (x, y) -> x - y;
            case "mul" -> (x, y) -> x * y;
            default -> (x, y) -> x / y;
        };
        int rank = Math.max(sa.length, sb.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) out[i] = Math.max(dimAligned(sa, i, rank), dimAligned(sb, i, rank));
        double[] expected = new double[Shapes.size(out)];
        int[] idx = new int[rank];
        for (int flat = 0; flat < expected.length; flat++) {
            unravel(flat, out, idx);
            expected[flat] = g.applyAsDouble(a.getFlat(broadcastIndex(idx, sa)), b.getFlat(broadcastIndex(idx, sb)));
        }
        Tensor r = f.apply(a, b);
        assertArrayEquals(out, r.shape(), "shape");
        assertArrayEquals(expected, r.toArray(), 0.0);
        // broadcastTo / sumTo agree with the same indexing
        Tensor ab = a.broadcastTo(out);
        double[] sums = new double[a.size()];
        for (int flat = 0; flat < expected.length; flat++) {
            unravel(flat, out, idx);
            int src = broadcastIndex(idx, sa);
            assertArrayEquals(new double[] {a.getFlat(src)}, new double[] {ab.getFlat(flat)}, 0.0, "broadcastTo");
            sums[src] += r.getFlat(flat);
        }
        assertArrayEquals(sums, r.sumTo(sa).toArray(), 1e-12, "sumTo");
    }

    private static int dimAligned(int[] shape, int i, int rank) {
        int off = rank - shape.length;
        return i < off ? 1 : shape[i - off];
    }

    private static void unravel(int flat, int[] shape, int[] idx) {
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
    }

    /** Flat index into {@code shape} of the element broadcast to the multi-index {@code idx} of the result. */
    private static int broadcastIndex(int[] idx, int[] shape) {
        int off = idx.length - shape.length, flat = 0;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : idx[d + off]);
        return flat;
    }

    private static void expect(Tensor t, int[] shape, double... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toArray(), 1e-15);
    }
}
