package io.metaline.optimize.gp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A {@link HyperparameterFit} on a {@link RefitSchedule}, memoised: {@link #fit} conditions a GP on all the data it
 * is given, with the hyperparameters fitted on the first {@link #fitSize(int, int)} of them.
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
 * <p>Thread-safe: the memo has its own lock; fits run outside it, and a thread that needs a prefix
 * another is fitting (an ask and a {@link #prefetch}) waits for that fit instead of repeating it.
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
    /** Fits under way, so a second thread needing the same prefix waits for the first. Guarded by {@link #memo}. */
    private final Map<Prefix, CompletableFuture<Hyperparameters>> inFlight = new HashMap<>();
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
        Claim c = claim(Prefix.of(key, x, y, m), true);
        if (c.known() != null) return GaussianProcess.fit(x, y, null, c.known());
        FitResult r = fitClaimed(c);
        return m == n ? r.gp() : GaussianProcess.fit(x, y, null, r.hyperparameters()); // on all the data: its GP is the answer
    }

    /** Either the prefix's known hyperparameters, or this thread's claim to fit them (or, not waiting, neither). */
    private record Claim(Prefix prefix, Hyperparameters known, CompletableFuture<Hyperparameters> mine) {}

    /**
     * The memoised hyperparameters of {@code prefix}; else, if another thread is fitting it, its result (when
     * {@code wait}) or nothing; else a claim, so other threads wait for this one instead of fitting it again.
     */
    private Claim claim(Prefix prefix, boolean wait) {
        CompletableFuture<Hyperparameters> theirs;
        synchronized (memo) {
            Hyperparameters hp = memo.get(prefix);
            if (hp != null) return new Claim(prefix, hp, null);
            theirs = inFlight.get(prefix);
            if (theirs == null) {
                CompletableFuture<Hyperparameters> mine = new CompletableFuture<>();
                inFlight.put(prefix, mine);
                return new Claim(prefix, null, mine);
            }
        }
        if (!wait) return new Claim(prefix, null, null);
        try {
            return new Claim(prefix, theirs.join(), null);
        } catch (CompletionException | CancellationException e) {
            return claim(prefix, true); // their fit failed: fit it here (and fail here, if it fails again)
        }
    }

    private FitResult fitClaimed(Claim c) {
        try {
            FitResult r = fitter.fit(c.prefix().x(), c.prefix().y(), null, null);
            synchronized (memo) {
                memo.put(c.prefix(), r.hyperparameters());
                inFlight.remove(c.prefix());
            }
            c.mine().complete(r.hyperparameters());
            return r;
        } catch (RuntimeException | Error e) {
            synchronized (memo) {
                inFlight.remove(c.prefix());
            }
            c.mine().completeExceptionally(e);
            throw e;
        }
    }

    /**
     * The prefix the hyperparameters at {@code n} observations are fitted on: up to the schedule's {@code everyUpTo}
     * all n; beyond it the schedule's {@link RefitSchedule#fitSize} of {@code n - 1}, one observation behind, so that
     * the fit the next ask needs can be made ({@link #prefetch}) while the line runs the current trial. Its grid points
     * beyond {@value #STAGGER_ABOVE} come {@code phase} counts later (until then the previous fit holds). Up to
     * {@value #STAGGER_ABOVE} nothing moves: there the hyperparameters change most from one refit to the next, and the
     * refits are cheap.
     */
    public int fitSize(int n, int phase) {
        if (phase < 0) throw new IllegalArgumentException("ScheduledFit: phase must be >= 0, got " + phase);
        int k = n > schedule.everyUpTo() ? n - 1 : n;
        int m = schedule.fitSize(Math.max(k - phase, 0));
        return m > STAGGER_ABOVE ? m + phase : schedule.fitSize(Math.min(k, Math.max(STAGGER_ABOVE, schedule.everyUpTo())));
    }

    /**
     * Fits and memoises now the hyperparameters that a fit of {@code (x, y)} plus one more observation will use,
     * if they depend on {@code (x, y)} alone (beyond the schedule's {@code everyUpTo}) and are not memoised yet; so a
     * caller can do that work while the next observation is being made. Never changes what a fit returns.
     *
     * @return whether it fitted
     */
    public boolean prefetch(String key, int phase, double[][] x, double[] y) {
        int n = x.length;
        if (y.length != n) throw new IllegalArgumentException("ScheduledFit: X has " + n + " rows but y has " + y.length + " values");
        int m = fitSize(n + 1, phase);
        if (m > n || m < schedule.everyUpTo()) return false;
        Claim c = claim(Prefix.of(key, x, y, m), false);
        if (c.mine() == null) return false; // memoised, or being fitted by another thread
        fitClaimed(c);
        return true;
    }

    /** As {@link #prefetch(String, int, double[][], double[])}; nothing to do for weighted data (see {@link #fit}). */
    public boolean prefetch(String key, int phase, double[][] x, double[] y, double[] weights) {
        return weightedMultipliers(weights) == null && prefetch(key, phase, x, y);
    }

    /**
     * As {@link #fit(String, int, double[][], double[])} for observation weights {@code w_i in (0, 1]}: all at 1, the
     * scheduled, memoised fit; otherwise a full fit with noise multipliers {@code 1 / w_i} on every call, since under
     * drift the weights of all earlier runs change with each new one and no earlier fit is a prefix of this one.
     */
    public GaussianProcess fit(String key, int phase, double[][] x, double[] y, double[] weights) {
        double[] multipliers = weightedMultipliers(weights);
        return multipliers != null ? fitter.fit(x, y, multipliers, null).gp() : fit(key, phase, x, y);
    }

    /** The noise multipliers of {@code weights}, or null when every weight is 1 (the data are a plain series). */
    private static double[] weightedMultipliers(double[] weights) {
        double[] multipliers = GaussianProcess.multipliersFromWeights(weights);
        for (double m : multipliers) if (m != 1.0) return multipliers;
        return null;
    }
}
