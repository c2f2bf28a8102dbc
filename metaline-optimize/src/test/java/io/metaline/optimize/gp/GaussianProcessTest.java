package io.metaline.optimize.gp;

import io.metaline.engine.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianProcessTest {
    private static final double S5 = Math.sqrt(5);

    /** Matern 5/2 by its formula. */
    private static double matern(double r, double s2) {
        return s2 * (1 + S5 * r + 5 * r * r / 3) * Math.exp(-S5 * r);
    }

    @Test
    void kernelValue() {
        Matern52Kernel k = new Matern52Kernel(new double[] {0.5, 2.0}, 1.7);
        double r = Math.sqrt(Math.pow(0.3 / 0.5, 2) + Math.pow(1.0 / 2.0, 2));
        assertEquals(matern(r, 1.7), k.value(new double[] {0.1, 0.0}, new double[] {0.4, 1.0}), 1e-15);
        assertEquals(1.7, k.value(new double[] {0.1, 0.2}, new double[] {0.1, 0.2}), 0.0);
    }

    @Test
    void twoPointPosteriorByHand() {
        double ell = 0.5, s2 = 1.5, noise = 0.1;
        double[][] x = {{0.2}, {0.7}};
        double[] y = {1.0, 4.0}; // mean 2.5, population std 1.5, z = [-1, 1]
        GaussianProcess gp = GaussianProcess.fit(x, y, new Hyperparameters(new double[] {ell}, s2, noise));
        assertEquals(2.5, gp.outputMean(), 1e-15);
        assertEquals(1.5, gp.outputStd(), 1e-15);
        double k12 = matern(0.5 / ell, s2);
        double a = s2 + noise;
        double det = a * a - k12 * k12; // K = [[a, k12], [k12, a]], K^-1 = [[a, -k12], [-k12, a]] / det
        double[] z = {-1, 1};
        double[] xs = {0.4, 0.95};
        double[][] pts = {{xs[0]}, {xs[1]}};
        gp.predict(pts);
        for (int p = 0; p < 2; p++) {
            double k1 = matern(Math.abs(xs[p] - 0.2) / ell, s2);
            double k2 = matern(Math.abs(xs[p] - 0.7) / ell, s2);
            double w1 = (a * k1 - k12 * k2) / det; // (K^-1 k*)
            double w2 = (-k12 * k1 + a * k2) / det;
            double mean = 2.5 + 1.5 * (w1 * z[0] + w2 * z[1]);
            double var = 1.5 * 1.5 * (s2 - (w1 * k1 + w2 * k2));
            Prediction pr = gp.predict(new double[][] {pts[p]});
            assertEquals(mean, pr.mean()[0], 1e-10);
            assertEquals(var, pr.variance()[0], 1e-10);
            assertEquals(var + 2.25 * noise, pr.varianceWithNoise()[0], 1e-10);
            assertEquals(var, gp.variance(pts[p], false), 1e-10);
            assertEquals(var + 2.25 * noise, gp.variance(pts[p], true), 1e-10);
        }
        // joint covariance between the two test points
        double[] cov = gp.covariance(pts, false);
        double k1a = matern(0.2 / ell, s2), k2a = matern(0.3 / ell, s2);
        double k1b = matern(0.75 / ell, s2), k2b = matern(0.25 / ell, s2);
        double quad = (k1a * (a * k1b - k12 * k2b) + k2a * (-k12 * k1b + a * k2b)) / det;
        assertEquals(2.25 * (matern(0.55 / ell, s2) - quad), cov[1], 1e-10);
        assertEquals(cov[1], cov[2], 0.0);
    }

    @Test
    void singlePointPosteriorByHand() {
        double s2 = 0.8, noise = 0.05, ell = 0.3;
        GaussianProcess gp = GaussianProcess.fit(new double[][] {{0.5, 0.5}}, new double[] {7.0},
                new Hyperparameters(new double[] {ell, ell}, s2, noise));
        assertEquals(1.0, gp.outputStd(), 0.0); // no spread -> 1
        double k = matern(Math.sqrt(2 * 0.04) / ell, s2);
        Prediction p = gp.predict(new double[][] {{0.3, 0.7}});
        assertEquals(7.0, p.mean()[0], 1e-12);
        assertEquals(s2 - k * k / (s2 + noise), p.variance()[0], 1e-12);
    }

    @Test
    void interpolatesNoiselessDataAndVarianceApproachesNoise() {
        Rng rng = new Rng(2);
        int n = 12;
        double[][] x = points(rng, n, 2);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = Math.sin(5 * x[i][0]) + x[i][1] * x[i][1];
        GaussianProcess exact = GaussianProcess.fit(x, y, new Hyperparameters(new double[] {0.4, 0.4}, 1.0, 0.0));
        Prediction p = exact.predict(x);
        for (int i = 0; i < n; i++) {
            assertEquals(y[i], p.mean()[i], 1e-6);
            assertTrue(p.variance()[i] < 1e-8, "variance at training point " + i + " = " + p.variance()[i]);
        }
        double noise = 1e-4;
        GaussianProcess noisy = GaussianProcess.fit(x, y, new Hyperparameters(new double[] {0.4, 0.4}, 1.0, noise));
        Prediction q = noisy.predict(x);
        double s2 = noisy.outputStd() * noisy.outputStd();
        for (int i = 0; i < n; i++) {
            assertTrue(q.variance()[i] <= noise * s2, "latent variance above noise at " + i);
            assertTrue(q.variance()[i] > 0.3 * noise * s2, "latent variance far below noise at " + i);
            assertEquals(q.variance()[i] + noise * s2, q.varianceWithNoise()[i], 1e-15);
            assertEquals(y[i], q.mean()[i], 0.05);
        }
    }

    /** A 5-point example in 2-D with non-unit multipliers. */
    private static GaussianProcess fivePoints(double[] theta) {
        double[][] x = {{0.1, 0.9}, {0.3, 0.4}, {0.5, 0.5}, {0.8, 0.2}, {0.95, 0.7}};
        double[] y = {0.3, -1.2, 0.4, 2.0, 1.1};
        double[] mult = {1.0, 2.0, 1.0, 0.5, 3.0};
        return GaussianProcess.fit(x, y, mult, Hyperparameters.fromLog(theta));
    }

    @Test
    void logMarginalLikelihoodMatchesDirectComputation() {
        double[] theta = {Math.log(0.35), Math.log(0.6), Math.log(1.3), Math.log(0.07)};
        GaussianProcess gp = fivePoints(theta);
        double[][] x = gp.inputs();
        double[] y = gp.outputs();
        double[] mult = gp.noiseMultipliers();
        int n = 5;
        double mean = 0;
        for (double v : y) mean += v / n;
        double ss = 0;
        for (double v : y) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / n);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = (y[i] - mean) / sd;
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double r = Math.hypot((x[i][0] - x[j][0]) / 0.35, (x[i][1] - x[j][1]) / 0.6);
                k[i * n + j] = matern(r, 1.3) + (i == j ? 0.07 * mult[i] : 0.0);
            }
        }
        // K^-1 z by Gauss-Jordan elimination
        double[][] aug = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) aug[i][j] = k[i * n + j];
            aug[i][n] = z[i];
        }
        for (int c = 0; c < n; c++) {
            double piv = aug[c][c];
            for (int j = 0; j <= n; j++) aug[c][j] /= piv;
            for (int r = 0; r < n; r++) {
                if (r == c) continue;
                double f = aug[r][c];
                for (int j = 0; j <= n; j++) aug[r][j] -= f * aug[c][j];
            }
        }
        double quad = 0;
        for (int i = 0; i < n; i++) quad += z[i] * aug[i][n];
        double expected = -0.5 * quad - 0.5 * CholeskyTest.logAbsDet(k, n) - 0.5 * n * Math.log(2 * Math.PI);
        assertEquals(expected, gp.logMarginalLikelihood(), 1e-10);
    }

    @Test
    void gradientMatchesCentralDifferences() {
        double[] theta = {Math.log(0.35), Math.log(0.6), Math.log(1.3), Math.log(0.07)};
        GaussianProcess gp = fivePoints(theta);
        double[] g = gp.logMarginalLikelihoodGradient();
        double[] g2 = new double[theta.length];
        double value = MarginalLikelihood.evaluate(gp.inputs(), gp.standardisedOutputs(), gp.noiseMultipliers(),
                gp.hyperparameters(), g2);
        assertEquals(gp.logMarginalLikelihood(), value, 1e-12);
        double h = 1e-5;
        for (int i = 0; i < theta.length; i++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[i] += h;
            tm[i] -= h;
            double fd = (fivePoints(tp).logMarginalLikelihood() - fivePoints(tm).logMarginalLikelihood()) / (2 * h);
            assertEquals(fd, g[i], 1e-7 * Math.max(1, Math.abs(fd)), "component " + i);
        }
    }

    @Test
    void noiseMultipliersActLikeScaledNoise() {
        double[][] x = {{0.1}, {0.4}, {0.6}, {0.9}};
        double[] y = {1, 2, 0, 1.5};
        Hyperparameters hp = new Hyperparameters(new double[] {0.3}, 1.0, 0.02);
        GaussianProcess twice = GaussianProcess.fit(x, y, new double[] {2, 2, 2, 2}, hp);
        GaussianProcess plain = GaussianProcess.fit(x, y, hp.withNoiseVariance(0.04));
        GaussianProcess weighted = GaussianProcess.fit(x, y,
                GaussianProcess.multipliersFromWeights(new double[] {0.5, 0.5, 0.5, 0.5}), hp);
        double[][] t = {{0.0}, {0.5}, {0.77}};
        for (int i = 0; i < t.length; i++) {
            assertEquals(plain.mean(t[i]), twice.mean(t[i]), 1e-13);
            assertEquals(plain.variance(t[i], false), twice.variance(t[i], false), 1e-13);
            assertEquals(plain.mean(t[i]), weighted.mean(t[i]), 1e-13);
        }
        // down-weighting an old observation moves the posterior towards the newer one nearby
        double[][] xd = {{0.50}, {0.52}};
        double[] yd = {0.0, 1.0};
        double equal = GaussianProcess.fit(xd, yd, hp).mean(new double[] {0.51});
        double downOld = GaussianProcess.fit(xd, yd, new double[] {20.0, 1.0}, hp).mean(new double[] {0.51});
        assertTrue(downOld > equal + 0.2, equal + " vs " + downOld);
    }

    @Test
    void withObservationMatchesRefit() {
        Rng rng = new Rng(4);
        int n = 15;
        double[][] x = points(rng, n, 3);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = x[i][0] - 2 * x[i][1] * x[i][2] + 0.01 * rng.nextGaussian();
        Hyperparameters hp = new Hyperparameters(new double[] {0.3, 0.5, 0.7}, 1.2, 1e-3);
        double[][] head = java.util.Arrays.copyOf(x, n - 1);
        double[] yHead = java.util.Arrays.copyOf(y, n - 1);
        GaussianProcess inc = GaussianProcess.fit(head, yHead, hp).withObservation(x[n - 1], y[n - 1], 1.5);
        double[] mult = new double[n];
        java.util.Arrays.fill(mult, 1.0);
        mult[n - 1] = 1.5;
        GaussianProcess full = GaussianProcess.fit(x, y, mult, hp);
        double[][] t = {{0.2, 0.2, 0.2}, {0.9, 0.1, 0.5}};
        Prediction a = inc.predict(t);
        Prediction b = full.predict(t);
        for (int i = 0; i < t.length; i++) {
            assertEquals(b.mean()[i], a.mean()[i], 1e-10);
            assertEquals(b.variance()[i], a.variance()[i], 1e-10);
        }
        assertEquals(full.logMarginalLikelihood(), inc.logMarginalLikelihood(), 1e-9);
        // a duplicate of an existing point with no noise falls back to a jittered refactorisation
        GaussianProcess noiseless = GaussianProcess.fit(head, yHead, hp.withNoiseVariance(0.0));
        GaussianProcess dup = noiseless.withObservation(head[0], yHead[0]);
        assertEquals(n, dup.size());
        assertTrue(dup.jitter() > 0);
    }

    @Test
    void batchedPredictionMatchesTheJointCovarianceAtEveryBlockBoundary() {
        Rng rng = new Rng(12);
        int n = 20, m = 150; // more than two blocks of candidates, the last one partial
        double[][] x = points(rng, n, 2);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = Math.sin(3 * x[i][0]) + x[i][1];
        GaussianProcess gp = GaussianProcess.fit(x, y, new Hyperparameters(new double[] {0.3, 0.6}, 1.3, 1e-3));
        double[][] t = points(rng, m, 2);
        Prediction all = gp.predict(t);
        double[] cov = gp.covariance(t, false);
        for (int p = 0; p < m; p++) {
            Prediction one = gp.predict(new double[][] {t[p]});
            assertEquals(one.mean()[0], all.mean()[p], 1e-12, "mean at " + p);
            assertEquals(one.variance()[0], all.variance()[p], 1e-12, "variance at " + p);
            assertEquals(cov[p * m + p], all.variance()[p], 1e-9, "variance at " + p + " against the joint covariance");
        }
    }

    @Test
    void samplesHaveThePosteriorMoments() {
        double[][] x = {{0.1}, {0.45}, {0.8}};
        double[] y = {0.0, 1.0, -0.5};
        GaussianProcess gp = GaussianProcess.fit(x, y, new Hyperparameters(new double[] {0.25}, 1.0, 0.01));
        double[][] pts = {{0.0}, {0.3}, {0.35}, {0.6}, {1.0}};
        int m = pts.length;
        int ns = 40000;
        double[][] s = gp.sample(pts, ns, new Rng(8));
        double[] mean = gp.predict(pts).mean();
        double[] cov = gp.covariance(pts, false);
        double[] sm = new double[m];
        for (double[] row : s) for (int i = 0; i < m; i++) sm[i] += row[i] / ns;
        for (int i = 0; i < m; i++) {
            double se = Math.sqrt(cov[i * m + i] / ns);
            assertEquals(mean[i], sm[i], 5 * se, "mean at " + i);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double c = 0;
                for (double[] row : s) c += (row[i] - sm[i]) * (row[j] - sm[j]);
                c /= ns - 1;
                double tol = 5 * Math.sqrt((cov[i * m + i] * cov[j * m + j] + cov[i * m + j] * cov[i * m + j]) / ns);
                assertEquals(cov[i * m + j], c, tol, "cov " + i + "," + j);
            }
        }
        // duplicate candidates make the covariance singular: jitter handles it
        double[][] dup = {{0.3}, {0.3}, {0.9}};
        double[][] sd = gp.sample(dup, 5, new Rng(1));
        for (double[] row : sd) assertEquals(row[0], row[1], 1e-3);
    }

    @Test
    void errorsNameSizesAndIndices() {
        Hyperparameters hp = Hyperparameters.defaults(2);
        double[][] x = {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}, {0.7, 0.8}, {0.9, 1.0}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianProcess.fit(x, new double[4], hp));
        assertTrue(e.getMessage().contains("5 rows") && e.getMessage().contains("4 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianProcess.fit(x, new double[] {1, 2, Double.NaN, 4, 5}, hp));
        assertTrue(e.getMessage().contains("y[2]") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianProcess.fit(new double[][] {{0.1, 0.2}, {0.3, 0.4, 0.5}}, new double[2], hp));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("3 coordinates")
                && e.getMessage().contains("2 lengthscales"), e.getMessage());
        GaussianProcess gp = GaussianProcess.fit(x, new double[] {1, 2, 3, 4, 5}, hp);
        e = assertThrows(IllegalArgumentException.class, () -> gp.predict(new double[][] {{0.1, 0.2, 0.3}}));
        assertTrue(e.getMessage().contains("3 coordinates") && e.getMessage().contains("2 lengthscales"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianProcess.fit(x, new double[5], new double[] {1, 1, 1}, hp));
        assertTrue(e.getMessage().contains("3 noise multipliers") && e.getMessage().contains("5 observations"), e.getMessage());
    }

    /**
     * The closed-form leave-one-out errors against refitting without each point by hand: the same standardised outputs
     * and hyperparameters, the prediction of the left-out output with noise from the other points.
     */
    @Test
    void leaveOneOutErrorsMatchLeavingEachPointOutByHand() {
        Rng rng = new Rng(11);
        int n = 9;
        double[][] x = points(rng, n, 2);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = Math.sin(4 * x[i][0]) + x[i][1] * x[i][1] + 0.1 * rng.nextGaussian();
        Hyperparameters hp = new Hyperparameters(new double[] {0.3, 0.5}, 1.3, 0.05);
        GaussianProcess gp = GaussianProcess.fit(x, y, hp);
        double[] loo = gp.leaveOneOutStandardised();
        double mean = 0, ss = 0;
        for (double v : y) mean += v / n;
        for (double v : y) ss += (v - mean) * (v - mean) / n;
        double std = Math.sqrt(ss);
        Matern52Kernel k = hp.kernel();
        for (int i = 0; i < n; i++) {
            int m = n - 1;
            double[] kk = new double[m * m], cross = new double[m], z = new double[m];
            for (int a = 0, ra = 0; a < n; a++) {
                if (a == i) continue;
                for (int b = 0, rb = 0; b < n; b++) {
                    if (b == i) continue;
                    kk[ra * m + rb] = k.value(x[a], x[b]) + (a == b ? hp.noiseVariance() : 0);
                    rb++;
                }
                cross[ra] = k.value(x[i], x[a]);
                z[ra] = (y[a] - mean) / std;
                ra++;
            }
            Cholesky c = Cholesky.factor(kk, m);
            double[] w = c.solve(z), v = c.solveLower(cross);
            double mu = 0, var = k.value(x[i], x[i]) + hp.noiseVariance();
            for (int a = 0; a < m; a++) {
                mu += cross[a] * w[a];
                var -= v[a] * v[a];
            }
            assertEquals(((y[i] - mean) / std - mu) / Math.sqrt(var), loo[i], 1e-6, "point " + i);
        }
    }

    /** {@code n} points uniform in the unit cube of {@code d} dimensions. */
    private static double[][] points(Rng rng, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] point : x) for (int k = 0; k < d; k++) point[k] = rng.nextDouble();
        return x;
    }
}
