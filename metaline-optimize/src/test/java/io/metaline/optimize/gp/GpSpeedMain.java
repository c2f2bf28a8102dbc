package io.metaline.optimize.gp;

import io.metaline.engine.Rng;
import io.metaline.optimize.acquisition.Direction;
import io.metaline.optimize.acquisition.ExpectedImprovement;

/**
 * Non-asserting timing check (not a test): n = 100 observations in d = 7. Prints the median time of a GP fit at fixed
 * hyperparameters + prediction at 1000 candidates + log-EI, and of a full hyperparameter fit, after warm-up. Run with
 * {@code java -cp <test-classes>:<classes>:<engine jar> io.metaline.optimize.gp.GpSpeedMain}.
 */
public final class GpSpeedMain {
    public static void main(String[] args) {
        int n = 100, d = 7, m = 1000;
        Rng rng = new Rng(1);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) x[i][k] = rng.nextDouble();
            double s = 0;
            for (int k = 0; k < d; k++) s += Math.sin(3 * x[i][k] * (k + 1));
            y[i] = s + 0.05 * rng.nextGaussian();
        }
        double[][] cand = new double[m][d];
        for (double[] c : cand) for (int k = 0; k < d; k++) c[k] = rng.nextDouble();
        Hyperparameters hp = Hyperparameters.defaults(d);
        HyperparameterFit fit = HyperparameterFit.defaults();
        double sink = 0;
        for (int w = 0; w < 30; w++) { // warm-up
            sink += fitPredict(x, y, cand, hp);
            if (w % 5 == 0) sink += fit.fit(x, y).logPosterior();
        }
        int reps = 50;
        long[] t1 = new long[reps];
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            sink += fitPredict(x, y, cand, hp);
            t1[r] = System.nanoTime() - t;
        }
        long[] t2 = new long[10];
        FitResult last = null;
        for (int r = 0; r < t2.length; r++) {
            long t = System.nanoTime();
            last = fit.fit(x, y);
            GaussianProcess gp = last.gp();
            sink += gp.predict(cand).mean()[0];
            t2[r] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(t1);
        java.util.Arrays.sort(t2);
        System.out.printf("fixed-hyperparameter fit + predict(%d) + logEI: median %.2f ms%n", m, t1[reps / 2] / 1e6);
        System.out.printf("hyperparameter fit (%d starts, %d evals) + predict(%d): median %.1f ms%n", 4,
                last.evaluations(), m, t2[t2.length / 2] / 1e6);
        System.out.println("fitted " + last.hyperparameters() + " (sink " + sink + ")");
    }

    private static double fitPredict(double[][] x, double[] y, double[][] cand, Hyperparameters hp) {
        GaussianProcess gp = GaussianProcess.fit(x, y, hp);
        double[] lei = new ExpectedImprovement(Direction.MAXIMISE.best(y), Direction.MAXIMISE).logValues(gp, cand);
        return lei[0] + gp.logMarginalLikelihood();
    }
}
