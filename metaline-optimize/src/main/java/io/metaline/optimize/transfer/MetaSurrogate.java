package io.metaline.optimize.transfer;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import io.metaline.meta.Examples;
import io.metaline.meta.GradOrder;
import io.metaline.meta.MetaLearner;
import io.metaline.optimize.Surrogate;
import io.metaline.optimize.gp.Cholesky;
import io.metaline.optimize.gp.Matern52Kernel;
import java.util.Arrays;

/**
 * The meta-learned surrogate: the prior network adapted to the new task's runs gives the mean; a zero-mean
 * Gaussian process on what it still gets wrong gives the uncertainty, with its scale set to the error the
 * adapted network typically makes after that many runs (measured on held-out earlier tasks), so the uncertainty
 * is calibrated from the first run on. Near observed runs the residual process pins the prediction to the data.
 */
public final class MetaSurrogate implements Surrogate {
    /** Residual process lengthscale in the unit cube, and observation noise as a fraction of its variance. */
    static final double LENGTHSCALE = 0.5, NOISE_FRACTION = 0.02;

    private final MetaPrior prior;
    private final MetaLearner learner;

    public MetaSurrogate(MetaPrior prior) {
        this.prior = prior;
        this.learner = prior.learner();
    }

    @Override
    public Model fit(String outcome, double[][] x, double[] y, double[] weights, double scale) {
        MetaPrior.OutcomePrior p = prior.outcome(outcome);
        int n = x.length, d = x[0].length;
        double[] flat = new double[n * d], z = new double[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, flat, i * d, d);
            z[i] = (y[i] - p.mean()) / p.std();
        }
        Params adapted = learner.adapt(p.meta(), Examples.regression(Tensor.adopt(flat, n, d), Tensor.adopt(z, n, 1)),
                learner.innerSteps(), GradOrder.FIRST);
        double[] fitted = learner.predict(adapted, Tensor.of(flat, n, d)).toArray();
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) residual[i] = z[i] - fitted[i];
        double sigma = p.error(n);
        // A declared scale (distance to a safety limit) floors the uncertainty, as for the plain GP.
        if (scale > 0) sigma = Math.max(sigma, scale / p.std() * 0.5);
        double[] ls = new double[d];
        Arrays.fill(ls, LENGTHSCALE);
        return Residual.of(learner, adapted, p, new Matern52Kernel(ls, sigma * sigma), x, residual, weights);
    }

    /** The adapted network plus a zero-mean GP on its residuals (standardised units). */
    private record Residual(MetaLearner learner, Params adapted, MetaPrior.OutcomePrior prior, Matern52Kernel kernel,
                            Cholesky chol, double[][] x, double[] residual, double[] weights, double[] alpha) implements Model {
        static Residual of(MetaLearner learner, Params adapted, MetaPrior.OutcomePrior prior, Matern52Kernel kernel,
                           double[][] x, double[] residual, double[] weights) {
            int n = x.length;
            double[] k = kernel.matrix(x);
            double noise = NOISE_FRACTION * kernel.signalVariance();
            for (int i = 0; i < n; i++) k[i * n + i] += noise / weights[i];
            Cholesky chol = Cholesky.factor(k, n);
            return new Residual(learner, adapted, prior, kernel, chol, x, residual, weights, chol.solve(residual));
        }

        /** A pending trial imagined at value {@code y}: the residual process learns it; the network is not re-adapted. */
        @Override
        public Model condition(double[] xNew, double y) {
            int n = x.length;
            double[][] x2 = Arrays.copyOf(x, n + 1);
            x2[n] = xNew;
            double[] base = learner.predict(adapted, Tensor.of(xNew, 1, xNew.length)).toArray();
            double[] r2 = Arrays.copyOf(residual, n + 1);
            r2[n] = (y - prior.mean()) / prior.std() - base[0];
            double[] w2 = Arrays.copyOf(weights, n + 1);
            w2[n] = 1.0;
            return of(learner, adapted, prior, kernel, x2, r2, w2);
        }
        @Override
        public double[][] predict(double[][] points) {
            int m = points.length, n = x.length, d = points[0].length;
            double[] flat = new double[m * d];
            for (int i = 0; i < m; i++) System.arraycopy(points[i], 0, flat, i * d, d);
            double[] base = learner.predict(adapted, Tensor.adopt(flat, m, d)).toArray();
            double[] cross = kernel.cross(points, x); // [m, n]
            double[] mean = new double[m], sd = new double[m];
            double[] column = new double[n];
            for (int i = 0; i < m; i++) {
                double mu = base[i];
                for (int j = 0; j < n; j++) {
                    column[j] = cross[i * n + j];
                    mu += column[j] * alpha[j];
                }
                double[] v = chol.solveLower(column);
                double var = kernel.signalVariance();
                for (double vi : v) var -= vi * vi;
                mean[i] = prior.mean() + prior.std() * mu;
                sd[i] = prior.std() * Math.sqrt(Math.max(var, 1e-12 * kernel.signalVariance()));
            }
            return new double[][] {mean, sd};
        }
    }
}
