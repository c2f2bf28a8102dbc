package io.metaline.optimize.acquisition;

/** Whether the objective is to be maximised or minimised. */
public enum Direction {
    MAXIMISE,
    MINIMISE;

    /** True if {@code a} is better than {@code b} in this direction. */
    public boolean better(double a, double b) {
        return this == MAXIMISE ? a > b : a < b;
    }

    /** The best of the values (the incumbent), or NaN if there are none. */
    public double best(double[] values) {
        double best = Double.NaN;
        for (double v : values) {
            if (Double.isNaN(best) || better(v, best)) best = v;
        }
        return best;
    }
}
