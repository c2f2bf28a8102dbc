package io.metaline.engine;

import java.util.Arrays;

/** Broadcasting arithmetic, constant scaling and shifting, broadcast/sum-to and where, each with its backward rule. */
final class Arithmetic {
    private Arithmetic() {}

    private static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3;

    static Tensor add(Tensor a, Tensor b) {
        int[] out = Shapes.broadcast(a.shape, b.shape, "add");
        return Tensor.result("add", binary(ADD, a, b, out), out,
                (g, o, want) -> new Tensor[] {
                    want[0] ? sumTo(g, a.shape) : null,
                    want[1] ? sumTo(g, b.shape) : null}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        int[] out = Shapes.broadcast(a.shape, b.shape, "sub");
        return Tensor.result("sub", binary(SUB, a, b, out), out,
                (g, o, want) -> new Tensor[] {
                    want[0] ? sumTo(g, a.shape) : null,
                    want[1] ? sumTo(scale(g, -1.0), b.shape) : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        int[] out = Shapes.broadcast(a.shape, b.shape, "mul");
        return Tensor.result("mul", binary(MUL, a, b, out), out,
                (g, o, want) -> new Tensor[] {
                    want[0] ? sumTo(mul(g, b), a.shape) : null,
                    want[1] ? sumTo(mul(g, a), b.shape) : null}, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        int[] out = Shapes.broadcast(a.shape, b.shape, "div");
        return Tensor.result("div", binary(DIV, a, b, out), out,
                (g, o, want) -> new Tensor[] {
                    want[0] ? sumTo(div(g, b), a.shape) : null,
                    // d(a/b)/db = -(a/b)/b
                    want[1] ? sumTo(scale(div(mul(g, o), b), -1.0), b.shape) : null}, a, b);
    }

    static Tensor scale(Tensor a, double c) {
        double[] x = a.data;
        double[] r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = x[i] * c;
        return Tensor.result("scale", r, a.shape, (g, o, want) -> new Tensor[] {scale(g, c)}, a);
    }

    static Tensor shift(Tensor a, double c) {
        double[] x = a.data;
        double[] r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = x[i] + c;
        return Tensor.result("shift", r, a.shape, (g, o, want) -> new Tensor[] {g}, a);
    }

    static Tensor broadcastTo(Tensor a, int[] shape) {
        if (Arrays.equals(a.shape, shape)) return a;
        if (!Shapes.broadcastsTo(a.shape, shape)) {
            throw new IllegalArgumentException("broadcastTo: shape " + Shapes.str(a.shape) + " cannot be broadcast to "
                    + Shapes.str(shape));
        }
        int[] target = shape.clone();
        int[] map = indexMap(a.shape, target);
        double[] x = a.data;
        double[] r = new double[map.length];
        for (int i = 0; i < r.length; i++) r[i] = x[map[i]];
        return Tensor.result("broadcastTo", r, target, (g, o, want) -> new Tensor[] {sumTo(g, a.shape)}, a);
    }

    static Tensor sumTo(Tensor a, int[] shape) {
        if (Arrays.equals(a.shape, shape)) return a;
        if (!Shapes.broadcastsTo(shape, a.shape)) {
            throw new IllegalArgumentException("sumTo: shape " + Shapes.str(shape) + " does not broadcast to "
                    + Shapes.str(a.shape) + ", so " + Shapes.str(a.shape) + " cannot be summed down to it");
        }
        int[] target = shape.clone();
        int m = Shapes.size(target);
        double[] x = a.data;
        double[] r = new double[m];
        if (m == 1) {
            double s = 0;
            for (double v : x) s += v;
            r[0] = s;
        } else if (isTrailing(target, a.shape)) {
            for (int o = 0; o < x.length; o += m) {
                for (int j = 0; j < m; j++) r[j] += x[o + j];
            }
        } else {
            int[] map = indexMap(target, a.shape);
            for (int i = 0; i < x.length; i++) r[map[i]] += x[i];
        }
        return Tensor.result("sumTo", r, target, (g, o, want) -> new Tensor[] {broadcastTo(g, a.shape)}, a);
    }

    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        int[] shape = mask.shape;
        if (!Shapes.broadcastsTo(a.shape, shape) || !Shapes.broadcastsTo(b.shape, shape)) {
            throw new IllegalArgumentException("where: values of shapes " + Shapes.str(a.shape) + " and "
                    + Shapes.str(b.shape) + " must broadcast to the mask's shape " + Shapes.str(shape));
        }
        if (mask.requiresGrad()) {
            throw new IllegalArgumentException("where: the mask must be a constant (detach it first)");
        }
        Tensor ab = broadcastTo(a, shape), bb = broadcastTo(b, shape);
        double[] m = mask.data;
        double[] r = new double[m.length];
        for (int i = 0; i < r.length; i++) r[i] = m[i] != 0 ? ab.data[i] : bb.data[i];
        Tensor zero = Tensor.scalar(0.0);
        return Tensor.result("where", r, shape, (g, o, want) -> new Tensor[] {
            want[0] ? where(mask, g, zero) : null,
            want[1] ? where(mask, zero, g) : null}, ab, bb);
    }

    // ---------------------------------------------------------------- kernels

    /** True if {@code small}, without its leading 1s, equals the trailing dimensions of {@code big}. */
    static boolean isTrailing(int[] small, int[] big) {
        int start = 0;
        while (start < small.length && small[start] == 1) start++;
        int len = small.length - start;
        if (len > big.length) return false;
        int off = big.length - len;
        for (int i = 0; i < len; i++) if (small[start + i] != big[off + i]) return false;
        return true;
    }

    /** For each flat position of {@code to}, the flat position of {@code from} broadcast into it. */
    static int[] indexMap(int[] from, int[] to) {
        int n = Shapes.size(to);
        int[] map = new int[n];
        int[] bs = Shapes.broadcastStrides(from, to);
        int rank = to.length;
        int[] counter = new int[rank];
        int idx = 0;
        for (int i = 0; i < n; i++) {
            map[i] = idx;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                idx += bs[d];
                if (counter[d] < to[d]) break;
                idx -= bs[d] * to[d];
                counter[d] = 0;
            }
        }
        return map;
    }

    private static double[] binary(int op, Tensor ta, Tensor tb, int[] out) {
        double[] a = ta.data, b = tb.data;
        int n = Shapes.size(out);
        double[] r = new double[n];
        if (a.length == n && b.length == n) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) r[i] = a[i] + b[i]; }
                case SUB -> { for (int i = 0; i < n; i++) r[i] = a[i] - b[i]; }
                case MUL -> { for (int i = 0; i < n; i++) r[i] = a[i] * b[i]; }
                default -> { for (int i = 0; i < n; i++) r[i] = a[i] / b[i]; }
            }
        } else if (a.length == n && isTrailing(tb.shape, out)) {
            int m = b.length;
            for (int o = 0; o < n; o += m) {
                switch (op) {
                    case ADD -> { for (int j = 0; j < m; j++) r[o + j] = a[o + j] + b[j]; }
                    case SUB -> { for (int j = 0; j < m; j++) r[o + j] = a[o + j] - b[j]; }
                    case MUL -> { for (int j = 0; j < m; j++) r[o + j] = a[o + j] * b[j]; }
                    default -> { for (int j = 0; j < m; j++) r[o + j] = a[o + j] / b[j]; }
                }
            }
        } else if (b.length == n && isTrailing(ta.shape, out)) {
            int m = a.length;
            for (int o = 0; o < n; o += m) {
                switch (op) {
                    case ADD -> { for (int j = 0; j < m; j++) r[o + j] = a[j] + b[o + j]; }
                    case SUB -> { for (int j = 0; j < m; j++) r[o + j] = a[j] - b[o + j]; }
                    case MUL -> { for (int j = 0; j < m; j++) r[o + j] = a[j] * b[o + j]; }
                    default -> { for (int j = 0; j < m; j++) r[o + j] = a[j] / b[o + j]; }
                }
            }
        } else {
            int[] ma = a.length == n ? null : indexMap(ta.shape, out);
            int[] mb = b.length == n ? null : indexMap(tb.shape, out);
            for (int i = 0; i < n; i++) {
                double x = a[ma == null ? i : ma[i]], y = b[mb == null ? i : mb[i]];
                r[i] = switch (op) {
                    case ADD -> x + y;
                    case SUB -> x - y;
                    case MUL -> x * y;
                    default -> x / y;
                };
            }
        }
        return r;
    }
}
