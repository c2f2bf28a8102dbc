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

    /** Per-thread buffers, so the hot loops never allocate. */
    private static final class Scratch {
        double[] transposed = new double[256];
        int[] index = new int[64];
        double[] value = new double[64];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * C[m,n] = op(A)[m,k] op(B)[k,n] on row-major blocks starting at the given offsets.
     *
     * <p>Each row of C is built as a sum of rows of B, {@code c[i,:] += a[i,p] * b[p,:]}, four at a time, which the
     * JIT vectorises. Zero entries of A are skipped, as reference BLAS does: ReLU networks make about half of them
     * zero (activations and masked gradients). A transposed B is first copied to row-major order, except when C is
     * so narrow that dot products of contiguous rows are cheaper.
     */
    static void kernel(double[] a, int ao, boolean ta, double[] b, int bo, boolean tb,
                       double[] c, int co, int m, int k, int n) {
        if (tb && !ta && n <= 4) {
            for (int i = 0; i < m; i++) {
                int ai = ao + i * k, ci = co + i * n;
                for (int j = 0; j < n; j++) c[ci + j] = dot(a, ai, b, bo + j * k, k);
            }
            return;
        }
        Scratch scratch = SCRATCH.get();
        if (tb) {
            if (scratch.transposed.length < k * n) scratch.transposed = new double[Math.max(k * n, 2 * scratch.transposed.length)];
            double[] bt = scratch.transposed;
            for (int j = 0; j < n; j++) {
                int bj = bo + j * k;
                for (int p = 0; p < k; p++) bt[p * n + j] = b[bj + p];
            }
            b = bt;
            bo = 0;
        }
        if (scratch.index.length < k) {
            scratch.index = new int[Math.max(k, 2 * scratch.index.length)];
            scratch.value = new double[scratch.index.length];
        }
        int[] idx = scratch.index;
        double[] val = scratch.value;
        // Element (i, p) of op(A) sits at rowStep * i + colStep * p.
        int rowStep = ta ? 1 : k, colStep = ta ? m : 1;
        for (int i = 0; i < m; i++) {
            int nz = 0, ai = ao + i * rowStep;
            for (int p = 0; p < k; p++) {
                double v = a[ai + p * colStep];
                if (v != 0.0) {
                    idx[nz] = bo + p * n;
                    val[nz++] = v;
                }
            }
            int ci = co + i * n, q = 0;
            for (; q + 3 < nz; q += 4) {
                addRows(c, ci, val[q], val[q + 1], val[q + 2], val[q + 3], b, idx[q], idx[q + 1], idx[q + 2], idx[q + 3], n);
            }
            for (; q < nz; q++) addRow(c, ci, val[q], b, idx[q], n);
        }
    }

    /** c[ci..ci+n) += a0 b[r0..] + a1 b[r1..] + a2 b[r2..] + a3 b[r3..]. */
    private static void addRows(double[] c, int ci, double a0, double a1, double a2, double a3,
                                double[] b, int r0, int r1, int r2, int r3, int n) {
        for (int j = 0; j < n; j++) {
            c[ci + j] += a0 * b[r0 + j] + a1 * b[r1 + j] + a2 * b[r2 + j] + a3 * b[r3 + j];
        }
    }

    private static void addRow(double[] c, int ci, double a0, double[] b, int r0, int n) {
        for (int j = 0; j < n; j++) c[ci + j] += a0 * b[r0 + j];
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int k) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int p = 0;
        for (; p + 3 < k; p += 4) {
            s0 += a[ao + p] * b[bo + p];
            s1 += a[ao + p + 1] * b[bo + p + 1];
            s2 += a[ao + p + 2] * b[bo + p + 2];
            s3 += a[ao + p + 3] * b[bo + p + 3];
        }
        for (; p < k; p++) s0 += a[ao + p] * b[bo + p];
        return (s0 + s1) + (s2 + s3);
    }
}
