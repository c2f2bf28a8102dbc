package io.metaline.meta;

import java.util.Locale;

/**
 * A mean over tasks with its 95% confidence half-width (1.96 standard errors). Values that are not finite (a
 * diverged adaptation) are never averaged: they are counted in {@code diverged} and left out of the mean.
 */
public record Stat(double mean, double ci95, int n, int diverged) {

    public static Stat of(double[] values) {
        double sum = 0;
        int n = 0, bad = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            } else {
                bad++;
            }
        }
        if (n == 0) return new Stat(Double.NaN, Double.NaN, 0, bad);
        double mean = sum / n, ss = 0;
        for (double v : values) if (Double.isFinite(v)) ss += (v - mean) * (v - mean);
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0;
        return new Stat(mean, 1.96 * sd / Math.sqrt(n), n, bad);
    }

    @Override
    public String toString() {
        String s = String.format(Locale.ROOT, "%.4g +/- %.2g (n=%d)", mean, ci95, n);
        return diverged == 0 ? s : s + ", " + diverged + " diverged";
    }
}
