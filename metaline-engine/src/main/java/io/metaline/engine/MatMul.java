package io.metaline.engine;

/**
 * Matrix products with transpose flags, so that backward rules never materialise a transpose: for
 * C = op(A) op(B), both dA and dB are again flagged products.
 */
final class MatMul {
    private MatMul() {}

    /** op(a) x op(b), where op transposes the last two axes when its flag is set. */
    static Tensor matmul(Tensor a, Tensor b, boolean ta, boolean tb) {
        int ra = a.rank(), rb = b.rank();
        if (ra < 2 || ra > 3 || rb < 2 || rb > 3 || (ra == 2 && rb == 3)) {
            throw new IllegalArgumentException("matmul: expected [m,k]x[k,n], [b,m,k]x[b,k,n] or [b,m,k]x[k,n], got "
                    + Shapes.str(a.shape) + " x " + Shapes.str(b.shape));
        }
        if (ra == 3 && rb == 2 && !ta) {
            // A batch against one matrix is a single product over the stacked rows.
            int batch = a.shape[0], m = a.shape[1];
            Tensor flat = matmul(a.reshape(batch * m, a.shape[2]), b, false, tb);
            return flat.reshape(batch, m, flat.shape[1]);
        }
        if (ra == 3 && rb == 2) b = b.unsqueeze(0).broadcastTo(a.shape[0], b.shape[0], b.shape[1]);
        final Tensor bb = b;
        int batch = ra == 3 ? a.shape[0] : 1;
        if (ra == 3 && bb.shape[0] != batch) {
            throw new IllegalArgumentException("matmul: batch sizes differ: " + Shapes.str(a.shape) + " x "
                    + Shapes.str(bb.shape));
        }
        int ar = a.shape[ra - 2], ac = a.shape[ra - 1];
        int br = bb.shape[ra - 2], bc = bb.shape[ra - 1];
        int m = ta ? ac : ar, k = ta ? ar : ac;
        int kb = tb ? bc : br, n = tb ? br : bc;
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + describe(a, ta) + " x "
                    + describe(bb, tb) + " (" + k + " vs " + kb + ")");
        }
        double[] r = new double[batch * m * n];
        for (int i = 0; i < batch; i++) {
            kernel(a.data, i * ar * ac, ta, bb.data, i * br * bc, tb, r, i * m * n, m, k, n);
        }
        int[] shape = ra == 3 ? new int[] {batch, m, n} : new int[] {m, n};
        return Tensor.result("matmul", r, shape, (g, o, want) -> new Tensor[] {
            want[0] ? (ta ? matmul(bb, g, tb, true) : matmul(g, bb, false, !tb)) : null,
            want[1] ? (tb ? matmul(g, a, true, ta) : matmul(a, g, !ta, false)) : null}, a, bb);
    }

    private static String describe(Tensor t, boolean transposed) {
        return Shapes.str(t.shape) + (transposed ? "^T" : "");
    }

    /** C[m,n] = op(A)[m,k] op(B)[k,n] on row-major blocks starting at the given offsets. */
    static void kernel(double[] a, int ao, boolean ta, double[] b, int bo, boolean tb,
                       double[] c, int co, int m, int k, int n) {
        if (!ta && !tb) {
            for (int i = 0; i < m; i++) {
                int ci = co + i * n, ai = ao + i * k;
                for (int p = 0; p < k; p++) {
                    double av = a[ai + p];
                    int bp = bo + p * n;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                }
            }
        } else if (!ta) {
            // B stored [n,k]: each entry is a dot product of two contiguous rows.
            for (int i = 0; i < m; i++) {
                int ai = ao + i * k, ci = co + i * n;
                for (int j = 0; j < n; j++) {
                    int bj = bo + j * k;
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
                    c[ci + j] = s;
                }
            }
        } else if (!tb) {
            // A stored [k,m]: accumulate rank-one updates row by row of B.
            for (int p = 0; p < k; p++) {
                int ap = ao + p * m, bp = bo + p * n;
                for (int i = 0; i < m; i++) {
                    double av = a[ap + i];
                    int ci = co + i * n;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                }
            }
        } else {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[ao + p * m + i] * b[bo + j * k + p];
                    c[co + i * n + j] = s;
                }
            }
        }
    }
}
