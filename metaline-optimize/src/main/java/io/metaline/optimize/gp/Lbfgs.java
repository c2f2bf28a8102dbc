package io.metaline.optimize.gp;

/**
 * A small limited-memory BFGS minimiser (Nocedal and Wright, "Numerical Optimization", 2nd ed., Algorithm 7.4, the
 * two-loop recursion, with a backtracking Armijo line search), for smooth unconstrained problems of a few dozen
 * variables. A non-finite objective value is treated as "too far" by the line search.
 */
final class Lbfgs {
    /** Objective returning f(x) and writing the gradient into {@code grad}. */
    interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    record Result(double[] x, double value, int iterations, int evaluations) {
    }

    private final int memory;
    private final int maxIterations;
    private final double gradientTolerance;
    private final double relativeTolerance;

    Lbfgs(int memory, int maxIterations, double gradientTolerance, double relativeTolerance) {
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.gradientTolerance = gradientTolerance;
        this.relativeTolerance = relativeTolerance;
    }

    Result minimise(Objective f, double[] x0) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        int evals = 1;
        if (!Double.isFinite(fx)) return new Result(x, fx, 0, evals);
        double[][] s = new double[memory][n];
        double[][] yv = new double[memory][n];
        double[] rho = new double[memory];
        double[] alpha = new double[memory];
        int stored = 0;
        int head = 0; // next slot
        double[] dir = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[] sTmp = new double[n];
        double[] yTmp = new double[n];
        int iter = 0;
        for (; iter < maxIterations; iter++) {
            if (normInf(g) < gradientTolerance) break;
            // two-loop recursion: dir = -H g
            for (int i = 0; i < n; i++) dir[i] = -g[i];
            for (int k = 0; k < stored; k++) {
                int idx = Math.floorMod(head - 1 - k, memory);
                alpha[idx] = rho[idx] * dot(s[idx], dir);
                axpy(-alpha[idx], yv[idx], dir);
            }
            if (stored > 0) {
                int last = Math.floorMod(head - 1, memory);
                double gamma = dot(s[last], yv[last]) / dot(yv[last], yv[last]);
                for (int i = 0; i < n; i++) dir[i] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int idx = Math.floorMod(head - 1 - k, memory);
                double beta = rho[idx] * dot(yv[idx], dir);
                axpy(alpha[idx] - beta, s[idx], dir);
            }
            double slope = dot(g, dir);
            if (!(slope < 0)) { // not a descent direction: restart with steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) dir[i] = -g[i];
                slope = dot(g, dir);
            }
            double step = stored == 0 ? Math.min(1.0, 1.0 / Math.max(normInf(g), 1e-12)) : 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 40; ls++) {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * dir[i];
                fNew = f.evaluate(xNew, gNew);
                evals++;
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) break;
            for (int i = 0; i < n; i++) {
                sTmp[i] = xNew[i] - x[i];
                yTmp[i] = gNew[i] - g[i];
            }
            double sy = dot(sTmp, yTmp);
            if (sy > 1e-12 * Math.sqrt(dot(sTmp, sTmp) * dot(yTmp, yTmp))) { // keep only curvature-positive pairs
                System.arraycopy(sTmp, 0, s[head], 0, n);
                System.arraycopy(yTmp, 0, yv[head], 0, n);
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double change = fx - fNew;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (change <= relativeTolerance * Math.max(1.0, Math.abs(fx))) {
                iter++;
                break;
            }
        }
        return new Result(x, fx, iter, evals);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    private static double normInf(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
