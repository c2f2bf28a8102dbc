package io.metaline.engine;

/** Sums and maxima along axes, and the stable log-sum-exp family built on them. */
final class Reductions {
    private Reductions() {}

    static Tensor sumAll(Tensor a) {
        double s = 0;
        for (double v : a.data) s += v;
        return Tensor.result("sum", new double[] {s}, Shapes.SCALAR,
                (g, o, want) -> new Tensor[] {g.broadcastTo(a.shape)}, a);
    }

    static Tensor sum(Tensor a, int axis, boolean keepDim) {
        int ax = Shapes.axis(axis, a.rank(), "sum");
        int outer = Shapes.outer(a.shape, ax), n = a.shape[ax], inner = Shapes.inner(a.shape, ax);
        double[] x = a.data, r = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner, ob = o * inner;
            for (int k = 0; k < n; k++) {
                int row = base + k * inner;
                for (int i = 0; i < inner; i++) r[ob + i] += x[row + i];
            }
        }
        int[] kept = Shapes.withDim(a.shape, ax, 1);
        int[] shape = keepDim ? kept : Shapes.removeDim(a.shape, ax);
        return Tensor.result("sum", r, shape,
                (g, o, want) -> new Tensor[] {g.reshape(kept).broadcastTo(a.shape)}, a);
    }

    static Tensor max(Tensor a, int axis, boolean keepDim) {
        int ax = Shapes.axis(axis, a.rank(), "max");
        int outer = Shapes.outer(a.shape, ax), n = a.shape[ax], inner = Shapes.inner(a.shape, ax);
        if (n == 0) throw new IllegalArgumentException("max: axis " + axis + " of shape " + Shapes.str(a.shape) + " is empty");
        double[] x = a.data, r = new double[outer * inner], pick = new double[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = o * n * inner + i;
                for (int k = 1; k < n; k++) {
                    int at = o * n * inner + k * inner + i;
                    if (x[at] > x[best] || Double.isNaN(x[at])) best = at;
                }
                r[o * inner + i] = x[best];
                pick[best] = 1.0;
            }
        }
        Tensor mask = Tensor.wrap(pick, a.shape);
        int[] kept = Shapes.withDim(a.shape, ax, 1);
        int[] shape = keepDim ? kept : Shapes.removeDim(a.shape, ax);
        return Tensor.result("max", r, shape,
                (g, o, want) -> new Tensor[] {g.reshape(kept).mul(mask)}, a);
    }

    static Tensor logsumexp(Tensor a, int axis, boolean keepDim) {
        // Subtracting a constant shift (the detached maximum) keeps exp in range and leaves the gradient unchanged.
        Tensor m = shift(a, axis);
        Tensor lse = a.sub(m).exp().sum(axis, true).log().add(m);
        return keepDim ? lse : lse.reshape(Shapes.removeDim(lse.shape, Shapes.axis(axis, a.rank(), "logsumexp")));
    }

    static Tensor logSoftmax(Tensor a, int axis) {
        // (x - m) - log(sum(exp(x - m))): shifting first keeps the precision of large logits.
        Tensor shifted = a.sub(shift(a, axis));
        return shifted.sub(shifted.exp().sum(axis, true).log());
    }

    /** The detached maximum along an axis (kept), with non-finite maxima replaced by 0. */
    private static Tensor shift(Tensor a, int axis) {
        Tensor m = max(a, axis, true).detach();
        double[] md = m.data; // a fresh array owned by this method
        for (int i = 0; i < md.length; i++) if (!Double.isFinite(md[i])) md[i] = 0.0;
        return m;
    }

    static Tensor softmax(Tensor a, int axis) {
        return logSoftmax(a, axis).exp();
    }

    static int[] argmaxLastAxis(Tensor a) {
        if (a.rank() == 0) throw new IllegalArgumentException("argmax: a scalar has no axis");
        int n = a.shape[a.rank() - 1];
        int rows = n == 0 ? 0 : a.data.length / n;
        int[] r = new int[rows];
        for (int row = 0; row < rows; row++) {
            int best = 0;
            for (int k = 1; k < n; k++) if (a.data[row * n + k] > a.data[row * n + best]) best = k;
            r[row] = best;
        }
        return r;
    }
}
