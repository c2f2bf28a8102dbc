package io.metaline.optimize.gp;

import io.metaline.engine.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CholeskyTest {
    static double[] randomSpd(int n, Rng rng) {
        double[] b = new double[n * n];
        for (int i = 0; i < n * n; i++) b[i] = rng.uniform(-1, 1);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 1.0 : 0.0;
                for (int k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
                a[i * n + j] = s;
            }
        }
        return a;
    }

    /** log|det A| by Gaussian elimination with partial pivoting. */
    static double logAbsDet(double[] a0, int n) {
        double[] a = a0.clone();
        double s = 0;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
            for (int k = 0; k < n; k++) {
                double t = a[c * n + k];
                a[c * n + k] = a[p * n + k];
                a[p * n + k] = t;
            }
            s += Math.log(Math.abs(a[c * n + c]));
            for (int r = c + 1; r < n; r++) {
                double f = a[r * n + c] / a[c * n + c];
                for (int k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k];
            }
        }
        return s;
    }

    @Test
    void factorSolvesAndLogDeterminant() {
        int n = 7;
        double[] a = randomSpd(n, new Rng(3));
        Cholesky c = Cholesky.factor(a, n);
        assertEquals(0.0, c.jitter(), 0.0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += c.get(i, k) * c.get(j, k);
                assertEquals(a[i * n + j], s, 1e-12);
                if (j > i) assertEquals(0.0, c.get(i, j), 0.0);
            }
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) b[i] = i - 2.5;
        double[] x = c.solve(b);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < n; k++) s += a[i * n + k] * x[k];
            assertEquals(b[i], s, 1e-11);
        }
        // L y = b and L^T x = y separately
        double[] y = c.solveLower(b);
        double[] ly = c.multiplyLower(y);
        for (int i = 0; i < n; i++) assertEquals(b[i], ly[i], 1e-12);
        double[] x2 = c.solveUpper(y);
        for (int i = 0; i < n; i++) assertEquals(x[i], x2[i], 1e-12);
        assertEquals(logAbsDet(a, n), c.logDeterminant(), 1e-11);
        double[] inv = c.inverse();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
                assertEquals(i == j ? 1.0 : 0.0, s, 1e-11);
            }
        }
    }

    @Test
    void solvingManyColumnsAtOnceMatchesOneSolveEach() {
        Rng rng = new Rng(9);
        int n = 13, columns = 5;
        Cholesky c = Cholesky.factor(randomSpd(n, rng), n);
        double[] b = new double[n * columns];
        for (int i = 0; i < b.length; i++) b[i] = rng.uniform(-2, 2);
        double[][] together = new double[n][columns];
        for (int i = 0; i < n; i++) System.arraycopy(b, i * columns, together[i], 0, columns);
        c.solveLowerRowsInPlace(together, columns);
        for (int p = 0; p < columns; p++) {
            double[] one = new double[n];
            for (int i = 0; i < n; i++) one[i] = b[i * columns + p];
            c.solveLowerInPlace(one);
            for (int i = 0; i < n; i++) assertEquals(one[i], together[i][p], 1e-12, "column " + p + " row " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> c.solveLowerRowsInPlace(new double[n - 1][columns], columns));
    }

    @Test
    void extendMatchesFullFactor() {
        int n = 6;
        double[] a = randomSpd(n, new Rng(9));
        double[] top = new double[(n - 1) * (n - 1)];
        for (int i = 0; i < n - 1; i++) System.arraycopy(a, i * n, top, i * (n - 1), n - 1);
        double[] col = new double[n - 1];
        for (int j = 0; j < n - 1; j++) col[j] = a[(n - 1) * n + j];
        Cholesky ext = Cholesky.factor(top, n - 1).extend(col, a[n * n - 1]);
        Cholesky full = Cholesky.factor(a, n);
        assertEquals(n, ext.size());
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(full.get(i, j), ext.get(i, j), 1e-13);
    }

    @Test
    void jitterRescuesSingularMatrixOfDuplicatePoints() {
        double[][] x = {{0.2, 0.3}, {0.5, 0.5}, {0.2, 0.3}, {0.8, 0.1}}; // rows 0 and 2 coincide
        double[] k = new Matern52Kernel(new double[] {0.3, 0.3}, 2.0).matrix(x);
        assertThrows(CholeskyException.class, () -> Cholesky.factor(k, 4, 0.0));
        Cholesky c = Cholesky.factor(k, 4);
        assertTrue(c.jitter() > 0, "jitter should be reported");
        assertTrue(c.jitter() <= 1e-4 * 2.0 * (1 + 1e-9));
        double rel = c.jitter() / 2.0; // mean diagonal is 2
        double decade = Math.log10(rel);
        assertEquals(Math.rint(decade), decade, 1e-9, "jitter is 1e-10 x 10^k times the mean diagonal");
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int m = 0; m < 4; m++) s += c.get(i, m) * c.get(j, m);
                assertEquals(k[i * 4 + j] + (i == j ? c.jitter() : 0.0), s, 1e-12);
            }
        }
    }

    @Test
    void indefiniteMatrixFailsWithClearMessage() {
        double[] a = {1, 2, 2, 1};
        CholeskyException e = assertThrows(CholeskyException.class, () -> Cholesky.factor(a, 2));
        assertTrue(e.getMessage().contains("not positive definite") && e.getMessage().contains("2x2"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(new double[5], 2));
        assertTrue(e2.getMessage().contains("5") && e2.getMessage().contains("4"), e2.getMessage());
    }
}
