package io.metaline.sim;

/** Smooth building blocks for the simulators: models stay differentiable so surrogates can learn them. */
final class Smooth {
    private Smooth() {
    }

    /** The logistic function {@code 1 / (1 + e^-x)}. */
    static double logistic(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** A smooth {@code max(0, x)}: {@code width * ln(1 + e^(x / width))}. */
    static double softplus(double x, double width) {
        double z = x / width;
        return width * (z > 35 ? z : Math.log1p(Math.exp(z)));
    }

    /** A smooth {@code max(a, b)}, within {@code width / 2} of the true maximum. */
    static double smoothMax(double a, double b, double width) {
        return 0.5 * (a + b + Math.sqrt((a - b) * (a - b) + width * width));
    }

    /** A smooth {@code min(a, b)}, within {@code width / 2} of the true minimum. */
    static double smoothMin(double a, double b, double width) {
        return 0.5 * (a + b - Math.sqrt((a - b) * (a - b) + width * width));
    }

    /** The probability that at least one of independent events with these probabilities happens. */
    static double any(double... probabilities) {
        double none = 1.0;
        for (double p : probabilities) none *= 1.0 - p;
        return 1.0 - none;
    }

    /** The drift index {@code 1 - e^(-runs / scale)}: 0 when new, rising slowly, saturating at 1. */
    static double wear(int runs, double scale) {
        return -Math.expm1(-runs / scale);
    }
}
