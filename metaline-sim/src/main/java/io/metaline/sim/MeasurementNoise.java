package io.metaline.sim;

import io.metaline.engine.Rng;

/**
 * Gaussian measurement noise of one outcome, with standard deviation {@code absolute + relative * |value|}.
 *
 * <p>{@link #apply} draws exactly one normal number per call, whatever the deviation, so the noise stream stays
 * aligned across outcomes and runs (determinism).
 *
 * @param absolute    standard deviation independent of the value, in the outcome's unit
 * @param relative    standard deviation as a fraction of the value
 * @param nonNegative clip the measurement at zero (a rate, a roughness, a time cannot be negative)
 */
public record MeasurementNoise(double absolute, double relative, boolean nonNegative) {
    /** No noise. */
    public static final MeasurementNoise NONE = new MeasurementNoise(0, 0, false);

    public MeasurementNoise {
        if (!(absolute >= 0) || !(relative >= 0) || !Double.isFinite(absolute) || !Double.isFinite(relative)) {
            throw new IllegalArgumentException("MeasurementNoise: deviations must be finite and >= 0, got absolute "
                    + absolute + ", relative " + relative);
        }
    }

    /** Noise of a quantity that cannot be negative. */
    public static MeasurementNoise positive(double absolute, double relative) {
        return new MeasurementNoise(absolute, relative, true);
    }

    /** Noise of a quantity of either sign. */
    public static MeasurementNoise signed(double absolute, double relative) {
        return new MeasurementNoise(absolute, relative, false);
    }

    /** A measurement of {@code value}. */
    public double apply(double value, Rng rng) {
        double z = rng.nextGaussian();
        double measured = value + (absolute + relative * Math.abs(value)) * z;
        return nonNegative ? Math.max(0.0, measured) : measured;
    }
}
