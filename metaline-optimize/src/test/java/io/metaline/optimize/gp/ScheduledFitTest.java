package io.metaline.optimize.gp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScheduledFitTest {
    private static final HyperparameterFit FITTER = HyperparameterFit.defaults().withSeed(7).withStarts(3);

    private static double[][] points(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) for (int k = 0; k < d; k++) row[k] = rng.nextDouble();
        return x;
    }

    private static double[] values(double[][] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.sin(4 * x[i][0]) + (x[i][1] - 0.4) * (x[i][1] - 0.4) + 0.01 * i % 3;
        return y;
    }

    @Test
    void betweenGridPointsTheHyperparametersAreThoseOfThePrefixAndTheGpHoldsAllData() {
        double[][] x = points(16, 2, 1);
        double[] y = values(x);
        GaussianProcess gp = new ScheduledFit(FITTER, RefitSchedule.DEFAULT).fit("y", x, y);
        assertEquals(16, gp.size());
        Hyperparameters prefix = FITTER.fit(Arrays.copyOf(x, 13), Arrays.copyOf(y, 13), null, null).hyperparameters();
        assertEquals(prefix, gp.hyperparameters());
    }

    @Test
    void aPhasedSeriesIsFittedOnTheShiftedPrefix() {
        double[][] x = points(90, 3, 9);
        double[] y = values(x);
        ScheduledFit fit = new ScheduledFit(FITTER, RefitSchedule.DEFAULT);
        for (int n : new int[] {12, 14, 56, 57, 71, 90}) {
            int m = fit.fitSize(n, 2);
            GaussianProcess gp = fit.fit("c", 2, Arrays.copyOf(x, n), Arrays.copyOf(y, n));
            assertEquals(n, gp.size());
            assertEquals(FITTER.fit(Arrays.copyOf(x, m), Arrays.copyOf(y, m), null, null).hyperparameters(), gp.hyperparameters(), "n = " + n);
        }
        assertEquals(fit.fit("c", 0, x, y).hyperparameters(), fit.fit("c", x, y).hyperparameters());
    }

    @Test
    void aPhaseMovesOnlyTheRefitsBeyondFifty() {
        RefitSchedule s = RefitSchedule.DEFAULT;
        ScheduledFit fit = new ScheduledFit(FITTER, s);
        // Up to everyUpTo on all the data; beyond it one observation behind the schedule.
        for (int n = 0; n <= 300; n++) assertEquals(s.fitSize(n <= s.everyUpTo() ? n : n - 1), fit.fitSize(n, 0), "n = " + n);
        for (int n = 0; n <= 55; n++) assertEquals(s.fitSize(n <= s.everyUpTo() ? n : n - 1), fit.fitSize(n, 3), "n = " + n);
        assertEquals(44, fit.fitSize(56, 1));
        assertEquals(56, fit.fitSize(57, 1));
        assertEquals(56, fit.fitSize(70, 1));
        assertEquals(70, fit.fitSize(88, 1));
        assertEquals(88, fit.fitSize(89, 1));
        for (int p = 0; p <= 5; p++) {
            int previous = 0;
            for (int n = 0; n <= 300; n++) {
                int m = fit.fitSize(n, p);
                assertTrue(m >= previous, "n = " + n + ", phase " + p);
                // Beyond everyUpTo the fit never waits for the newest observation: it can be made before it arrives.
                assertTrue(n <= s.everyUpTo() ? m == n : m < n, "n = " + n + ", phase " + p + ": " + m);
                if (m == n - 1 && m > ScheduledFit.STAGGER_ABOVE) assertEquals(m - p, s.fitSize(m - p), "a grid point moved by " + p);
                previous = m;
            }
        }
        ScheduledFit every = new ScheduledFit(FITTER, RefitSchedule.EVERY_COUNT);
        for (int n = 0; n <= 100; n++) assertEquals(n, every.fitSize(n, 2), "n = " + n);
        assertThrows(IllegalArgumentException.class, () -> fit.fitSize(20, -1));
    }

    @Test
    void aPrefetchFitsWhatTheNextFitUsesAndNeverChangesIt() {
        double[][] x = points(60, 3, 5);
        double[] y = values(x);
        ScheduledFit warm = new ScheduledFit(FITTER, RefitSchedule.DEFAULT);
        int prefetched = 0;
        for (int n = 0; n < 60; n++) {
            double[][] xs = Arrays.copyOf(x, n);
            double[] ys = Arrays.copyOf(y, n);
            boolean fitted = warm.prefetch("y", 1, xs, ys, ones(n));
            int next = warm.fitSize(n + 1, 1);
            // It fits only what the next count needs and does not yet have: a new prefix within the data at hand.
            assertEquals(next <= n && next >= RefitSchedule.DEFAULT.everyUpTo() && next != warm.fitSize(n, 1), fitted, "n = " + n);
            assertFalse(warm.prefetch("y", 1, xs, ys), "a second prefetch finds it memoised, n = " + n);
            if (fitted) prefetched++;
            GaussianProcess g = warm.fit("y", 1, Arrays.copyOf(x, n + 1), Arrays.copyOf(y, n + 1));
            GaussianProcess cold = new ScheduledFit(FITTER, RefitSchedule.DEFAULT).fit("y", 1, Arrays.copyOf(x, n + 1), Arrays.copyOf(y, n + 1));
            assertEquals(cold.hyperparameters(), g.hyperparameters(), "n = " + (n + 1));
        }
        assertEquals(7, prefetched, "the refits at 13, 17, 22, 28, 35, 44 and 56 (55 + phase 1) observations");
        double[] drift = ones(20);
        drift[0] = 0.5;
        assertFalse(warm.prefetch("y", 0, Arrays.copyOf(x, 20), Arrays.copyOf(y, 20), drift), "weighted data are never memoised");
        ScheduledFit every = new ScheduledFit(FITTER, RefitSchedule.EVERY_COUNT);
        assertFalse(every.prefetch("y", 0, Arrays.copyOf(x, 20), Arrays.copyOf(y, 20)), "a fit at every count needs the next observation");
    }

    @Test
    void threadsThatNeedTheSamePrefixAtOnceAllGetTheColdAnswer() throws Exception {
        double[][] x = points(45, 3, 6);
        double[] y = values(x);
        Hyperparameters cold = new ScheduledFit(FITTER, RefitSchedule.DEFAULT).fit("y", x, y).hyperparameters();
        ScheduledFit shared = new ScheduledFit(FITTER, RefitSchedule.DEFAULT);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Hyperparameters>> answers = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean prefetch = t % 2 == 1;
                answers.add(pool.submit(() -> {
                    if (prefetch) shared.prefetch("y", 0, Arrays.copyOf(x, 44), Arrays.copyOf(y, 44));
                    return shared.fit("y", x, y).hyperparameters();
                }));
            }
            for (java.util.concurrent.Future<Hyperparameters> a : answers) assertEquals(cold, a.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        return w;
    }

    @Test
    void aWarmMemoGivesExactlyWhatAColdOneDoes() {
        double[][] x = points(40, 3, 2);
        double[] y = values(x);
        double[][] probe = points(25, 3, 3);
        ScheduledFit warm = new ScheduledFit(FITTER, RefitSchedule.DEFAULT);
        for (int n = 1; n <= 40; n++) {
            double[][] xn = Arrays.copyOf(x, n);
            double[] yn = Arrays.copyOf(y, n);
            GaussianProcess a = warm.fit("y", xn, yn);
            GaussianProcess b = new ScheduledFit(FITTER, RefitSchedule.DEFAULT).fit("y", xn, yn);
            assertEquals(b.hyperparameters(), a.hyperparameters(), "n = " + n);
            assertArrayEquals(b.predict(probe).mean(), a.predict(probe).mean(), 0.0, "n = " + n);
            assertArrayEquals(b.predict(probe).variance(), a.predict(probe).variance(), 0.0, "n = " + n);
        }
    }

    @Test
    void aChangedPrefixIsFittedAnewAndSeriesKeysAreKeptApart() {
        double[][] x = points(30, 2, 4);
        double[] y = values(x);
        ScheduledFit fit = new ScheduledFit(FITTER, RefitSchedule.DEFAULT);
        Hyperparameters first = fit.fit("a", x, y).hyperparameters(); // prefix 28
        double[] changed = y.clone();
        changed[0] += 1.0;
        Hyperparameters second = fit.fit("a", x, changed).hyperparameters();
        assertEquals(FITTER.fit(Arrays.copyOf(x, 28), Arrays.copyOf(changed, 28), null, null).hyperparameters(), second);
        assertNotEquals(first, second);
        double[] other = values(points(30, 2, 5));
        assertEquals(FITTER.fit(Arrays.copyOf(x, 28), Arrays.copyOf(other, 28), null, null).hyperparameters(),
                fit.fit("b", x, other).hyperparameters());
        assertEquals(first, fit.fit("a", x, y).hyperparameters());
    }

    @Test
    void everyCountFitsOnAllTheData() {
        double[][] x = points(16, 2, 6);
        double[] y = values(x);
        GaussianProcess gp = new ScheduledFit(FITTER, RefitSchedule.EVERY_COUNT).fit("y", x, y);
        assertEquals(FITTER.fit(x, y, null, null).hyperparameters(), gp.hyperparameters());
    }
}
