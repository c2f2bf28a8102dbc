package io.metaline.meta;

import java.util.Locale;

/**
 * A mean over tasks with its 95% confidence half-width (1.96 standard errors). Diverged values are never
 * averaged: they are counted in {@code diverged} and left out of the mean. A value has diverged when it is not
 * finite or exceeds {@link #DIVERGENCE_FACTOR} times the median of the finite values (an exploding adaptation;
 * scale-free, so it holds for losses of any unit).
 */
public record Stat(double mean, double ci95, int n, int diverged) {

    public static final double DIVERGENCE_FACTOR = 1e6;

    public static Stat of(double[] values) {
        double limit = DIVERGENCE_FACTOR * Math.abs(median(values));
        double sum = 0;
        int n = 0, bad = 0;
        for (double v : values) {
            if (Double.isFinite(v) && !(Math.abs(v) > limit && limit > 0)) {
                sum += v;
                n++;
            } else {
                bad++;
            }
        }
        if (n == 0) return new Stat(Double.NaN, Double.NaN, 0, bad);
        double mean = sum / n, ss = 0;
        for (double v : values) if (Double.isFinite(v) && !(Math.abs(v) > limit && limit > 0)) ss += (v - mean) * (v - mean);
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0;
        return new Stat(mean, 1.96 * sd / Math.sqrt(n), n, bad);
    }

    private static double median(double[] values) {
        double[] finite = java.util.Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) return Double.NaN;
        int m = finite.length / 2;
        return finite.length % 2 == 1 ? finite[m] : 0.5 * (finite[m - 1] + finite[m]);
    }

    @Override
    public String toString() {
        String s = String.format(Locale.ROOT, "%.4g +/- %.2g (n=%d)", mean, ci95, n);
        return diverged == 0 ? s : s + ", " + diverged + " diverged";
    }
}
