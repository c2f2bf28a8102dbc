package io.metaline.meta.tasks;

import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.meta.Examples;
import io.metaline.meta.Task;
import io.metaline.meta.TaskDistribution;

/**
 * Sine-wave regression (Finn et al. 2017): y = A sin(x - phase), A ~ U[0.1, 5], phase ~ U[0, pi],
 * x ~ U[-5, 5]; {@code k} support points and {@code q} query points per task, each {@code [n, 1]}.
 */
public record SineTasks(int k, int q) implements TaskDistribution {
    public static final double MIN_AMPLITUDE = 0.1, MAX_AMPLITUDE = 5.0, MAX_PHASE = Math.PI, X_RANGE = 5.0;

    public SineTasks {
        if (k < 1 || q < 0) throw new IllegalArgumentException("SineTasks: need k >= 1 and q >= 0, got k=" + k + ", q=" + q);
    }

    @Override
    public Task sample(Rng rng) {
        double amplitude = rng.uniform(MIN_AMPLITUDE, MAX_AMPLITUDE), phase = rng.uniform(0.0, MAX_PHASE);
        // Plain concatenation: this runs for every task of every meta-batch.
        return new Task("sine A=" + (float) amplitude + " phase=" + (float) phase,
                points(rng, amplitude, phase, k), points(rng, amplitude, phase, q));
    }

    /** {@code n} points of the task y = amplitude sin(x - phase) at x ~ U[-5, 5]. */
    public static Examples points(Rng rng, double amplitude, double phase, int n) {
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-X_RANGE, X_RANGE);
            y[i] = amplitude * Math.sin(x[i] - phase);
        }
        return Examples.regression(Tensor.adopt(x, n, 1), Tensor.adopt(y, n, 1));
    }
}
