package io.metaline.optimize.gp;

/**
 * When a Gaussian process's hyperparameters are refitted as a study's observations grow: at every count up to
 * {@code everyUpTo}, then only at the counts of a geometric grid {@code g_0 = everyUpTo, g_k+1 = max(g_k + 1,
 * ceil(growth g_k))}. Between grid points the hyperparameters stay those fitted on the first {@link #fitSize(int)}
 * observations, while the GP itself is still conditioned on all of them.
 *
 * <p>Why: the type-II maximum likelihood fit (multi-start L-BFGS, each step a Cholesky and an inverse) costs
 * {@code O(n^3)} per likelihood evaluation and dominates an ask once a study has tens of runs, whereas conditioning
 * on a new observation is one factorisation. With few data every new run can move the hyperparameters a lot, so they
 * are refitted each time; later one more run changes them little, and a refit at every 25% more data (the default)
 * keeps them close to what a refit would give while cutting the number of fits from n to about
 * {@code everyUpTo + log(n / everyUpTo) / log(growth)}.
 * {@link ScheduledFit} can stagger the refits of a study's outcomes beyond 50 observations, so one ask pays for one.
 *
 * <p>Because {@link #fitSize} depends on the count only, the hyperparameters used at any count are a pure function of
 * the first observations (and the fit's seed): a cache of them changes the cost of an ask, never its answer.
 *
 * @param everyUpTo refit at every count up to this one (>= 1)
 * @param growth    the grid's ratio beyond it (> 1)
 */
public record RefitSchedule(int everyUpTo, double growth) {
    /** Every count up to 10, then at every 25% more observations. */
    public static final RefitSchedule DEFAULT = new RefitSchedule(10, 1.25);
    /** A refit at every count (the schedule of a study that refits on every ask). */
    public static final RefitSchedule EVERY_COUNT = new RefitSchedule(Integer.MAX_VALUE, 2.0);

    public RefitSchedule {
        if (everyUpTo < 1) throw new IllegalArgumentException("RefitSchedule: everyUpTo must be >= 1, got " + everyUpTo);
        if (!(growth > 1) || Double.isInfinite(growth)) {
            throw new IllegalArgumentException("RefitSchedule: growth must be finite and > 1, got " + growth);
        }
    }

    /**
     * How many of the first observations the hyperparameters are fitted on when there are {@code n}: n itself up to
     * {@code everyUpTo}, else the largest grid point not above n.
     */
    public int fitSize(int n) {
        if (n < 0) throw new IllegalArgumentException("RefitSchedule: n must be >= 0, got " + n);
        if (n <= everyUpTo) return n;
        long g = everyUpTo;
        while (true) {
            long next = Math.max(g + 1, (long) Math.ceil(g * growth));
            if (next > n) return (int) g;
            g = next;
        }
    }
}
