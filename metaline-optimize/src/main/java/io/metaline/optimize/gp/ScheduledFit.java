package io.metaline.optimize.gp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link HyperparameterFit} on a {@link RefitSchedule}, memoised: {@link #fit} conditions a GP on all the data it
 * is given, with the hyperparameters fitted on the first {@link RefitSchedule#fitSize} of them.
 *
 * <p>Several series of one study (its outcomes) can be given phases 0, 1, 2, ...: beyond {@value #STAGGER_ABOVE}
 * observations each refits that many counts after the first (see {@link #fitSize(int, int)}), so that one ask pays
 * for one refit, not for all of them (a refit at 87 runs costs some 70 ms per outcome, a few hundred for the four of
 * an injection moulding study). The fits themselves are unchanged.
 *
 * <p>The memo maps a series key (an outcome) and the exact prefix fitted on to its hyperparameters; a hit is checked
 * value by value, so another study, a reordered history or a changed result is simply fitted anew. As the fit is
 * deterministic for its seed, the answer never depends on whether the memo was warm: a study restored from storage,
 * or a fresh instance, gives the same model, only slower on its first call. The memo keeps the
 * {@value #MEMO_ENTRIES} most recently used prefixes, enough for the outcomes of several studies sharing one
 * instance. Unit noise multipliers only: data weighted for drift change weights with every run, so such fits bypass
 * the schedule (see {@link #fit(String, int, double[][], double[], double[])}).
 *
 * <p>Thread-safe: the memo is guarded by this instance; fits run outside the lock (two threads missing on the same
 * prefix both fit, with the same result).
 */
public final class ScheduledFit {
    /** Prefixes remembered (least recently used dropped first). */
    public static final int MEMO_ENTRIES = 64;

    private record Prefix(String key, double[][] x, double[] y, int hash) {
        static Prefix of(String key, double[][] x, double[] y, int m) {
            double[][] xp = new double[m][];
            int h = key.hashCode() * 31 + m;
            for (int i = 0; i < m; i++) {
                xp[i] = x[i].clone();
                h = 31 * (31 * h + Arrays.hashCode(xp[i])) + Double.hashCode(y[i]);
            }
            return new Prefix(key, xp, Arrays.copyOf(y, m), h);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Prefix p && hash == p.hash && key.equals(p.key) && Arrays.equals(y, p.y)
                    && Arrays.deepEquals(x, p.x);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Refits of prefixes beyond this size are staggered by phase; up to it every series refits at the same counts. */
    public static final int STAGGER_ABOVE = 50;

    private final HyperparameterFit fitter;
    private final RefitSchedule schedule;
    private final Map<Prefix, Hyperparameters> memo = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Prefix, Hyperparameters> eldest) {
            return size() > MEMO_ENTRIES;
        }
    };

    public ScheduledFit(HyperparameterFit fitter, RefitSchedule schedule) {
        if (fitter == null || schedule == null) throw new IllegalArgumentException("ScheduledFit: a fitter and a schedule are required");
        this.fitter = fitter;
        this.schedule = schedule;
    }

    public RefitSchedule schedule() {
        return schedule;
    }

    /**
     * The GP of {@code (x, y)} (unit noise multipliers) with the hyperparameters fitted on the schedule's prefix.
     *
     * @param key names the series (e.g. the outcome), so several share one instance
     */
    public GaussianProcess fit(String key, double[][] x, double[] y) {
        return fit(key, 0, x, y);
    }

    /**
     * As {@link #fit(String, double[][], double[])}, with the refits beyond {@value #STAGGER_ABOVE} observations moved
     * {@code phase} counts later (see {@link #fitSize(int, int)}): the outcomes of one study, given phases 0, 1, 2,
     * ..., then refit in different asks instead of all in one.
     */
    public GaussianProcess fit(String key, int phase, double[][] x, double[] y) {
        int n = x.length;
        if (y.length != n) throw new IllegalArgumentException("ScheduledFit: X has " + n + " rows but y has " + y.length + " values");
        int m = fitSize(n, phase);
        if (m == n && m < schedule.everyUpTo()) return fitter.fit(x, y, null, null).gp(); // never reused
        Prefix prefix = Prefix.of(key, x, y, m);
        Hyperparameters hp;
        synchronized (memo) {
            hp = memo.get(prefix);
        }
        if (hp == null) {
            FitResult r = fitter.fit(prefix.x(), prefix.y(), null, null);
            hp = r.hyperparameters();
            synchronized (memo) {
                memo.put(prefix, hp);
            }
            if (m == n) return r.gp(); // fitted on all the data: its GP is the answer
        }
        return GaussianProcess.fit(x, y, null, hp);
    }

    /**
     * The prefix the hyperparameters at {@code n} observations are fitted on: the schedule's {@link
     * RefitSchedule#fitSize}, except that its grid points beyond {@value #STAGGER_ABOVE} come {@code phase} counts
     * later (until then the previous fit holds). Up to {@value #STAGGER_ABOVE} nothing moves: there the hyperparameters
     * change most from one refit to the next, and the refits are cheap.
     */
    public int fitSize(int n, int phase) {
        if (phase < 0) throw new IllegalArgumentException("ScheduledFit: phase must be >= 0, got " + phase);
        int m = schedule.fitSize(Math.max(n - phase, 0));
        return m > STAGGER_ABOVE ? m + phase : schedule.fitSize(Math.min(n, Math.max(STAGGER_ABOVE, schedule.everyUpTo())));
    }

    /**
     * As {@link #fit(String, int, double[][], double[])} for observation weights {@code w_i in (0, 1]}: all at 1, the
     * scheduled, memoised fit; otherwise a full fit with noise multipliers {@code 1 / w_i} on every call, since under
     * drift the weights of all earlier runs change with each new one and no earlier fit is a prefix of this one.
     */
    public GaussianProcess fit(String key, int phase, double[][] x, double[] y, double[] weights) {
        double[] multipliers = GaussianProcess.multipliersFromWeights(weights);
        for (double m : multipliers) {
            if (m != 1.0) return fitter.fit(x, y, multipliers, null).gp();
        }
        return fit(key, phase, x, y);
    }
}
