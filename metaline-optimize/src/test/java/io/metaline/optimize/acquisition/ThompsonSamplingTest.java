package io.metaline.optimize.acquisition;

import io.metaline.engine.Rng;
import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.Hyperparameters;
import io.metaline.optimize.gp.Prediction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThompsonSamplingTest {
    private final double[][] x = {{0.0}, {0.25}, {0.5}, {0.75}, {1.0}};
    private final GaussianProcess gp = GaussianProcess.fit(x, new double[] {0.0, 1.0, 3.0, 1.0, 0.0},
            new Hyperparameters(new double[] {0.2}, 1.0, 1e-6));

    @Test
    void picksTheBestOfEachJointSampleAndIsReproducible() {
        ThompsonSampling ts = new ThompsonSampling(Direction.MAXIMISE);
        int[] a = ts.select(gp, x, 200, new Rng(5));
        int[] b = ts.select(gp, x, 200, new Rng(5));
        assertArrayEquals(a, b);
        int atPeak = 0;
        for (int i : a) if (i == 2) atPeak++;
        assertEquals(200, atPeak); // the observed peak is far above the rest with tiny noise
        int[] m = new ThompsonSampling(Direction.MINIMISE).select(gp, x, 200, new Rng(6));
        for (int i : m) assertTrue(i == 0 || i == 4);
    }

    @Test
    void explorationSpreadsOverUncertainCandidates() {
        double[][] c = new double[21][];
        for (int i = 0; i <= 20; i++) c[i] = new double[] {i / 20.0};
        GaussianProcess flat = GaussianProcess.fit(new double[][] {{0.5}}, new double[] {0.0},
                new Hyperparameters(new double[] {0.1}, 1.0, 1e-4));
        int[] picks = new ThompsonSampling(Direction.MAXIMISE).select(flat, c, 300, new Rng(1));
        java.util.Set<Integer> distinct = new java.util.HashSet<>();
        for (int p : picks) distinct.add(p);
        assertTrue(distinct.size() >= 8, "only " + distinct.size() + " distinct picks");
    }

    @Test
    void ucbScores() {
        Prediction p = gp.predict(new double[][] {{0.6}});
        double mu = p.mean()[0];
        double sd = p.sd(0);
        assertEquals(mu + 2 * sd, new UpperConfidenceBound(4.0, Direction.MAXIMISE).values(gp, new double[][] {{0.6}})[0], 1e-14);
        assertEquals(-(mu - 2 * sd), new UpperConfidenceBound(4.0, Direction.MINIMISE).values(gp, new double[][] {{0.6}})[0], 1e-14);
        assertEquals(mu, new UpperConfidenceBound(0.0, Direction.MAXIMISE).score(mu, sd), 0.0);
    }
}
