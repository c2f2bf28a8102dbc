package io.metaline.optimize.gp;

import java.util.ArrayList;
import java.util.List;

/**
 * A Gaussian process around a linear trend whose coefficients have a flat prior: {@code y = h(x)' b + f(x) + e} with
 * {@code h(x) = (1, x_j...)} over the inputs that vary in the data, {@code f ~ GP(0, k)}, and {@code b} integrated out
 * (Rasmussen and Williams 2006, section 2.7, eqs. 2.41-2.42, the limit of a vague prior on {@code b}).
 *
 * <p>Why: a zero-mean GP's prediction falls back towards the data's mean beyond its runs. For a safety limit that is
 * the wrong guess where a line has pushed an outcome up run after run: a GP of 14 runs of rising spindle power put the
 * next, further step at 9.3 +/- 0.4 kW, and it drew 11.1 kW against an 11 kW limit. Here the trend carries on beyond
 * the runs, and the uncertainty of its slope grows with the distance from them. (A straight trend is the opposite
 * guess, too sure where the outcome bends upwards: the safe-mode GP surrogate uses an even mixture of both.)
 *
 * <p>The kernel's hyperparameters are those of {@code residualGp}, a GP fitted to the data's residuals from a least
 * squares fit of the trend (as in universal kriging). Given them, the predictions are exact:
 * mean {@code g(x) = f_r(x) + R' b_hat}, variance {@code var_r(x) + R' A^-1 R}, with
 * {@code A = H K^-1 H'}, {@code b_hat = A^-1 H K^-1 r}, {@code R = h(x) - H K^-1 k(x)} (in the residual GP's
 * standardised units), plus the least-squares trend itself.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrendGaussianProcess {
    /** Ridge on the least-squares normal equations, relative to their diagonal: keeps collinear inputs solvable. */
    private static final double RIDGE = 1e-8;

    private final int[] columns;
    private final double[] trend;
    private final GaussianProcess residualGp;
    private final double[][] w;       // L^-1 H', one array per basis function
    private final Cholesky aChol;     // of A = H K^-1 H', q x q
    private final double[] correction; // b_hat
    private final double spread;

    private TrendGaussianProcess(int[] columns, double[] trend, GaussianProcess residualGp, double spread) {
        this.columns = columns;
        this.trend = trend;
        this.residualGp = residualGp;
        this.spread = spread;
        double[][] x = residualGp.inputsView();
        int n = x.length, q = columns.length + 1;
        Cholesky chol = residualGp.cholesky();
        w = new double[q][];
        for (int j = 0; j < q; j++) {
            double[] h = new double[n];
            for (int i = 0; i < n; i++) h[i] = basis(x[i], j);
            w[j] = chol.solveLower(h);
        }
        double[] a = new double[q * q];
        for (int j = 0; j < q; j++) for (int k = 0; k <= j; k++) a[j * q + k] = a[k * q + j] = dot(w[j], w[k]);
        aChol = Cholesky.factor(a, q);
        double[] lz = chol.solveLower(residualGp.standardisedOutputs());
        double[] hz = new double[q];
        for (int j = 0; j < q; j++) hz[j] = dot(w[j], lz);
        correction = aChol.solve(hz);
    }

    /** The inputs that vary in {@code x} (a context fixed within a task does not), by index. */
    public static int[] varyingColumns(double[][] x) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; x.length > 0 && k < x[0].length; k++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                lo = Math.min(lo, row[k]);
                hi = Math.max(hi, row[k]);
            }
            if (hi - lo > 1e-9) out.add(k);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Whether {@code x} has enough runs for the trend: at least two more than its coefficients (intercept and one
     * slope per varying input), so the residuals still say something about the kernel.
     */
    public static boolean enoughRuns(double[][] x) {
        return x.length >= varyingColumns(x).length + 3;
    }

    /** The weighted least-squares trend ({@code weights} in (0, 1], as for drift): intercept first, then the slopes. */
    public static double[] leastSquaresTrend(double[][] x, double[] y, double[] weights, int[] columns) {
        int n = x.length, q = columns.length + 1;
        if (y.length != n || weights.length != n) {
            throw new IllegalArgumentException("TrendGaussianProcess: " + n + " rows, " + y.length + " values, " + weights.length + " weights");
        }
        double[] a = new double[q * q], b = new double[q];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < q; j++) {
                double hj = weights[i] * basis(x[i], j, columns);
                b[j] += hj * y[i];
                for (int k = 0; k < q; k++) a[j * q + k] += hj * basis(x[i], k, columns);
            }
        }
        for (int j = 0; j < q; j++) a[j * q + j] *= 1 + RIDGE;
        return Cholesky.factor(a, q).solve(b);
    }

    /** The residuals of {@code y} from {@code trend}. */
    private static double[] residuals(double[][] x, double[] y, int[] columns, double[] trend) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) r[i] = y[i] - value(x[i], columns, trend);
        return r;
    }

    /**
     * The trend GP of {@code (x, y)}: the weighted least-squares trend on the inputs that vary, and the GP that
     * {@code residualFit} makes of its residuals (on the same inputs, in the same order).
     */
    public static TrendGaussianProcess fit(double[][] x, double[] y, double[] weights,
                                           java.util.function.Function<double[], GaussianProcess> residualFit) {
        int[] columns = varyingColumns(x);
        double[] trend = leastSquaresTrend(x, y, weights, columns);
        return of(columns, trend, residualFit.apply(residuals(x, y, columns, trend)), y);
    }

    /**
     * The trend GP of data whose least-squares trend is {@code trend} (on {@code columns}) and whose residuals
     * {@code residualGp} models (its inputs are the data's).
     */
    private static TrendGaussianProcess of(int[] columns, double[] trend, GaussianProcess residualGp, double[] y) {
        if (trend.length != columns.length + 1) {
            throw new IllegalArgumentException("TrendGaussianProcess: " + trend.length + " coefficients for " + columns.length + " inputs");
        }
        double mean = 0, ss = 0;
        for (double v : y) mean += v / y.length;
        for (double v : y) ss += (v - mean) * (v - mean);
        return new TrendGaussianProcess(columns.clone(), trend.clone(), residualGp, Math.sqrt(ss / y.length));
    }

    /** The residual process, whose hyperparameters and inputs this model uses. */
    public GaussianProcess residualGp() {
        return residualGp;
    }

    /** The least-squares trend, intercept first. */
    public double[] trend() {
        return trend.clone();
    }

    /** The population standard deviation of the outcomes (not of the residuals). */
    public double outputSpread() {
        return spread;
    }

    /** Posterior means and variances of the latent function at the points, in the outcome's units. */
    public Prediction predict(double[][] points) {
        Prediction r = residualGp.predict(points);
        double s = residualGp.outputStd();
        double[][] x = residualGp.inputsView();
        int n = x.length, q = columns.length + 1;
        Matern52Kernel kernel = residualGp.kernel();
        Cholesky chol = residualGp.cholesky();
        double[] mean = new double[points.length], var = new double[points.length];
        double[] k = new double[n], rr = new double[q];
        for (int p = 0; p < points.length; p++) {
            for (int i = 0; i < n; i++) k[i] = kernel.ofDistance(Math.sqrt(kernel.scaledSquaredDistance(points[p], x[i])));
            chol.solveLowerInPlace(k);
            double shift = 0;
            for (int j = 0; j < q; j++) {
                rr[j] = basis(points[p], j) - dot(w[j], k);
                shift += rr[j] * correction[j];
            }
            aChol.solveLowerInPlace(rr); // now L_A^-1 R, so R' A^-1 R = |rr|^2
            mean[p] = value(points[p], columns, trend) + r.mean()[p] + s * shift;
            var[p] = r.variance()[p] + s * s * dot(rr, rr);
        }
        return new Prediction(mean, var, r.noiseVariance());
    }

    /** This model with one more observation, the trend and the kernel's hyperparameters kept. */
    public TrendGaussianProcess withObservation(double[] point, double y) {
        double residual = y - value(point, columns, trend);
        return new TrendGaussianProcess(columns, trend, residualGp.withObservation(point, residual), spread);
    }

    private double basis(double[] point, int j) {
        return basis(point, j, columns);
    }

    private static double basis(double[] point, int j, int[] columns) {
        return j == 0 ? 1.0 : point[columns[j - 1]];
    }

    private static double value(double[] point, int[] columns, double[] trend) {
        double v = trend[0];
        for (int j = 0; j < columns.length; j++) v += trend[j + 1] * point[columns[j]];
        return v;
    }

    private static double dot(double[] a, double[] b) {
        return Cholesky.dot(a, 0, b, 0, a.length);
    }
}
