package io.metaline.optimize.gp;

import io.metaline.engine.Rng;

/**
 * Cholesky factor {@code A + jitter I = L L^T} of a symmetric positive-definite matrix stored row-major in a
 * {@code double[n*n]} (only the lower triangle is read), with adaptive diagonal jitter.
 *
 * <p>Jitter: the factorisation is first tried as is; if a pivot is not positive (below
 * {@code 4 n eps} times its diagonal entry, i.e. indistinguishable from rounding), {@code 1e-10 * mean(diag A)} is added
 * to the diagonal and the factorisation retried, multiplying the jitter by 10 each time up to
 * {@code maxRelativeJitter * mean(diag A)} (default {@value #DEFAULT_MAX_RELATIVE_JITTER}). This is the usual remedy
 * for kernel matrices made singular by duplicate or near-duplicate inputs (Rasmussen and Williams, "Gaussian Processes
 * for Machine Learning", MIT Press 2006, section A.4 and Algorithm 2.1; the escalating ×10 schedule is like GPyTorch's {@code psd_safe_cholesky},
 * here relative to the matrix scale). The jitter actually added is reported by {@link #jitter()}; if the largest jitter still
 * fails a {@link CholeskyException} is thrown.
 *
 * <p>The factor is computed row by row (Cholesky-Banachiewicz, Golub and Van Loan, "Matrix Computations", 4th ed.,
 * section 4.2), each row by a column-ordered forward substitution whose inner loops the JIT vectorises. {@link #extend} appends one row and column in
 * {@code O(n^2)}, which is what a Gaussian process needs when one observation is added.
 *
 * <p>Instances are immutable.
 */
public final class Cholesky {
    /** The first jitter tried, relative to the mean diagonal. */
    public static final double INITIAL_RELATIVE_JITTER = 1e-10;
    /** The default largest jitter, relative to the mean diagonal. */
    public static final double DEFAULT_MAX_RELATIVE_JITTER = 1e-4;

    private final int n;
    private final double[] l;
    private final double jitter;

    private Cholesky(int n, double[] l, double jitter) {
        this.n = n;
        this.l = l;
        this.jitter = jitter;
    }

    /** Factorises {@code a} (n x n, row-major) with the default jitter limit. */
    public static Cholesky factor(double[] a, int n) {
        return factor(a, n, DEFAULT_MAX_RELATIVE_JITTER);
    }

    /**
     * Factorises {@code a} (n x n, row-major), adding jitter up to {@code maxRelativeJitter * mean(diag a)} if needed.
     *
     * @throws IllegalArgumentException if the array length is not {@code n*n} or the diagonal is not finite
     * @throws CholeskyException        if the matrix is not positive definite even with the largest jitter
     */
    public static Cholesky factor(double[] a, int n, double maxRelativeJitter) {
        if (n < 0) throw new IllegalArgumentException("Cholesky: n must be non-negative, got " + n);
        if (a.length != n * n) {
            throw new IllegalArgumentException("Cholesky: matrix array has " + a.length + " entries but n*n = "
                    + n + "*" + n + " = " + n * n);
        }
        if (!(maxRelativeJitter >= 0) || Double.isInfinite(maxRelativeJitter)) {
            throw new IllegalArgumentException("Cholesky: maxRelativeJitter must be finite and >= 0, got "
                    + maxRelativeJitter);
        }
        double meanDiag = 0;
        for (int i = 0; i < n; i++) {
            double d = a[i * n + i];
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("Cholesky: diagonal entry " + i + " is " + d);
            }
            meanDiag += d;
        }
        meanDiag = n == 0 ? 1.0 : meanDiag / n;
        double scale = meanDiag > 0 ? meanDiag : 1.0;
        double[] l = new double[n * n];
        int failedRow = decompose(a, n, 0.0, l);
        if (failedRow < 0) return new Cholesky(n, l, 0.0);
        double maxJitter = maxRelativeJitter * scale * (1 + 1e-12);
        double jitter = INITIAL_RELATIVE_JITTER * scale;
        while (jitter <= maxJitter) {
            failedRow = decompose(a, n, jitter, l);
            if (failedRow < 0) return new Cholesky(n, l, jitter);
            jitter *= 10;
        }
        throw new CholeskyException("Cholesky: " + n + "x" + n + " matrix is not positive definite even with "
                + "diagonal jitter " + maxRelativeJitter * scale + " (" + maxRelativeJitter
                + " x mean diagonal " + meanDiag + "); pivot of row " + failedRow + " is not positive");
    }

    /**
     * The smallest pivot accepted for a row with diagonal entry {@code diagonal}: {@code 4 n eps |diagonal|}. Smaller
     * pivots are rounding noise (e.g. exactly duplicated rows), whose square roots would amplify errors enormously,
     * so they are treated as failures and sent down the jitter path.
     */
    private static double minPivot(double diagonal, int n) {
        return 4.0 * Math.max(n, 1) * Math.ulp(1.0) * Math.abs(diagonal);
    }

    /**
     * Fills {@code l}; returns -1 on success or the row whose pivot was not positive (or NaN). Row i of L solves
     * {@code L[0..i) l_i = a_i} by forward substitution in column order: once {@code L[i][j]} is known, its multiple of
     * column j of L is taken off the rest of the row. Columns are kept as separate arrays, so that step is a
     * multiply-add between two arrays at the same index, which the JIT vectorises; the same {@code n^3/6}
     * multiply-adds as the dot-product form, several times faster.
     */
    private static int decompose(double[] a, int n, double jitter, double[] l) {
        double[][] columns = new double[n][]; // columns[j][k] = L[k][j] for k >= j
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            System.arraycopy(a, ri, r, 0, i);
            for (int j = 0; j < i; j++) {
                double lij = r[j] / l[j * n + j];
                l[ri + j] = lij;
                double[] cj = columns[j];
                for (int k = j + 1; k < i; k++) r[k] -= lij * cj[k];
            }
            double s = a[ri + i] - dot(l, ri, l, ri, i);
            s += jitter;
            if (!(s > minPivot(a[ri + i] + jitter, n))) return i;
            l[ri + i] = Math.sqrt(s);
            for (int j = i + 1; j < n; j++) l[ri + j] = 0.0;
            for (int j = 0; j < i; j++) columns[j][i] = l[ri + j];
            columns[i] = new double[n];
            columns[i][i] = l[ri + i];
        }
        return -1;
    }

    /**
     * The factor of the matrix grown by one row and column: {@code column} holds the new off-diagonal entries
     * {@code A[n][0..n-1]} and {@code diagonal} is {@code A[n][n]}; this factor's jitter is added to it too. Costs
     * {@code O(n^2)}.
     *
     * @throws CholeskyException if the new pivot is not positive (the caller can refactor from scratch with jitter)
     */
    public Cholesky extend(double[] column, double diagonal) {
        if (column.length != n) {
            throw new IllegalArgumentException("Cholesky.extend: new column has " + column.length
                    + " entries but the factor has size " + n);
        }
        double[] row = column.clone();
        solveLowerInPlace(row);
        double s = diagonal + jitter;
        for (int k = 0; k < n; k++) s -= row[k] * row[k];
        if (!(s > minPivot(diagonal + jitter, n + 1))) {
            throw new CholeskyException("Cholesky.extend: new pivot " + s + " is not positive (size " + (n + 1)
                    + ", jitter " + jitter + ")");
        }
        int m = n + 1;
        double[] out = new double[m * m];
        for (int i = 0; i < n; i++) System.arraycopy(l, i * n, out, i * m, i + 1);
        System.arraycopy(row, 0, out, n * m, n);
        out[n * m + n] = Math.sqrt(s);
        return new Cholesky(m, out, jitter);
    }

    /** The size n. */
    public int size() {
        return n;
    }

    /** The absolute diagonal jitter that was added (0 if none was needed). */
    public double jitter() {
        return jitter;
    }

    /** Entry {@code L[i][j]} (0 above the diagonal). */
    public double get(int i, int j) {
        return l[i * n + j];
    }

    /** A copy of L, row-major n x n. */
    public double[] lower() {
        return l.clone();
    }

    /** Solves {@code L y = b}; returns y. */
    public double[] solveLower(double[] b) {
        double[] y = b.clone();
        solveLowerInPlace(y);
        return y;
    }

    /** Solves {@code L y = b} overwriting b with y. */
    public void solveLowerInPlace(double[] b) {
        checkLength(b);
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            b[i] = (b[i] - dot(l, ri, b, 0, i)) / l[ri + i];
        }
    }

    /**
     * Solves {@code L Y = B} for {@code columns} right-hand sides at once, overwriting B with Y: {@code b[i]} holds the
     * i-th entry of every right-hand side (its first {@code columns} values are used). Each step is then a multiply-add
     * along two rows, which the JIT vectorises: several times faster than {@code columns} separate solves.
     */
    public void solveLowerRowsInPlace(double[][] b, int columns) {
        if (b.length != n) {
            throw new IllegalArgumentException("Cholesky: " + b.length + " rows of right-hand sides but the factor has size " + n);
        }
        for (int i = 0; i < n; i++) {
            if (b[i].length < columns) {
                throw new IllegalArgumentException("Cholesky: row " + i + " has " + b[i].length + " entries, " + columns + " needed");
            }
        }
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double[] bi = b[i];
            for (int j = 0; j < i; j++) {
                double lij = l[ri + j];
                if (lij == 0) continue;
                double[] bj = b[j];
                for (int p = 0; p < columns; p++) bi[p] -= lij * bj[p];
            }
            double inv = 1.0 / l[ri + i];
            for (int p = 0; p < columns; p++) bi[p] *= inv;
        }
    }

    /** Solves {@code L^T x = y}; returns x. */
    public double[] solveUpper(double[] y) {
        double[] x = y.clone();
        solveUpperInPlace(x);
        return x;
    }

    /** Solves {@code L^T x = y} overwriting y with x. */
    public void solveUpperInPlace(double[] y) {
        checkLength(y);
        for (int i = n - 1; i >= 0; i--) {
            double xi = y[i] / l[i * n + i];
            y[i] = xi;
            for (int k = 0; k < i; k++) y[k] -= l[i * n + k] * xi; // column i of L^T = row i of L
        }
    }

    /** Solves {@code (L L^T) x = b}. */
    public double[] solve(double[] b) {
        double[] x = b.clone();
        solveLowerInPlace(x);
        solveUpperInPlace(x);
        return x;
    }

    /** {@code L z} (used to turn standard normal draws into correlated ones). */
    public double[] multiplyLower(double[] z) {
        checkLength(z);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            out[i] = dot(l, ri, z, 0, i + 1);
        }
        return out;
    }

    /**
     * {@code numSamples} draws of {@code mean + scale L z} with {@code z} standard normal from {@code rng}: samples of a
     * Gaussian whose covariance (divided by {@code scale^2}) is the factored matrix.
     */
    public double[][] sample(double[] mean, double scale, int numSamples, Rng rng) {
        checkLength(mean);
        double[][] out = new double[numSamples][];
        double[] z = new double[n];
        for (int s = 0; s < numSamples; s++) {
            for (int i = 0; i < n; i++) z[i] = rng.nextGaussian();
            double[] f = multiplyLower(z);
            for (int i = 0; i < n; i++) f[i] = mean[i] + scale * f[i];
            out[s] = f;
        }
        return out;
    }

    /** {@code log det(L L^T) = 2 sum log L_ii}. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.log(l[i * n + i]);
        return 2 * s;
    }

    /** The full inverse {@code (L L^T)^-1}, row-major n x n, symmetric; costs about {@code n^3/3} multiply-adds. */
    public double[] inverse() {
        double[][] rows = inverseLowerRows();
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                out[i * n + j] = rows[i][j];
                out[j * n + i] = rows[i][j];
            }
        }
        return out;
    }

    /**
     * The lower triangle of {@code (L L^T)^-1}: row i holds entries {@code 0..i}. Rows are separate arrays so that every
     * inner loop is a multiply-add between two of them at the same index, which the JIT vectorises (on one flat array
     * with two offsets it cannot rule out overlap and stays scalar).
     */
    double[][] inverseLowerRows() {
        // M = L^-1 (lower), row by row: M[i] = (e_i - sum_{k<i} L[i][k] M[k]) / L[i][i].
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double[] mi = new double[i + 1];
            mi[i] = 1.0;
            for (int k = 0; k < i; k++) {
                double lik = l[ri + k];
                if (lik == 0) continue;
                double[] mk = m[k];
                for (int j = 0; j <= k; j++) mi[j] -= lik * mk[j];
            }
            double inv = 1.0 / l[ri + i];
            for (int j = 0; j <= i; j++) mi[j] *= inv;
            m[i] = mi;
        }
        // A^-1 = M^T M = sum_k outer(M[k], M[k]), lower triangle only.
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = new double[i + 1];
        for (int k = 0; k < n; k++) {
            double[] mk = m[k];
            for (int i = 0; i <= k; i++) {
                double mki = mk[i];
                if (mki == 0) continue;
                double[] oi = out[i];
                for (int j = 0; j <= i; j++) oi[j] += mki * mk[j];
            }
        }
        return out;
    }

    /**
     * {@code sum_k a[ao + k] b[bo + k]} for k < len, with four independent accumulators so the JIT can overlap the
     * multiply-adds (a plain loop is one long dependency chain, as floating-point reductions are not reordered).
     */
    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < len; k++) s0 += a[ao + k] * b[bo + k];
        return (s0 + s1) + (s2 + s3);
    }

    private void checkLength(double[] b) {
        if (b.length != n) {
            throw new IllegalArgumentException("Cholesky: vector has " + b.length + " entries but the factor has size "
                    + n);
        }
    }
}
