package io.metaline.sim;

import java.util.List;

/**
 * A setting the optimiser may change: a named, bounded, unit-carrying knob of a process.
 *
 * <p>Values travel as {@code double} everywhere. An {@link Kind#INTEGER} parameter takes whole numbers; a
 * {@link Kind#CATEGORICAL} one takes the index {@code 0..levels-1} of one of its {@link #levels()} (its bounds are
 * {@code 0} and {@code levels-1}).
 *
 * @param name         identifier, {@code snake_case}, unique within a family
 * @param unit         physical unit ({@code "°C"}, {@code "mm/rev"}, {@code "1"} for dimensionless, {@code ""} for
 *                     categorical)
 * @param lower        smallest allowed value
 * @param upper        largest allowed value
 * @param kind         continuous, integer or categorical
 * @param levels       names of the categories (empty unless categorical)
 * @param maxStep      the largest change per move that the line tolerates without risk (a default safe step); for a
 *                     categorical parameter the whole range (any level may follow any level)
 * @param defaultValue a known-safe setting: it violates no hard limit for any task of the family, at any drift
 */
public record Parameter(String name, String unit, double lower, double upper, Kind kind, List<String> levels,
                        double maxStep, double defaultValue) {

    /** The type of values a parameter takes. */
    public enum Kind { CONTINUOUS, INTEGER, CATEGORICAL }

    public Parameter {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("Parameter: name must be non-blank");
        if (unit == null) throw new IllegalArgumentException("Parameter " + name + ": unit must not be null (use \"1\")");
        if (kind == null) throw new IllegalArgumentException("Parameter " + name + ": kind must not be null");
        levels = levels == null ? List.of() : List.copyOf(levels);
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
            throw new IllegalArgumentException("Parameter " + name + ": need finite lower < upper, got [" + lower + ", "
                    + upper + "]");
        }
        if (kind == Kind.CATEGORICAL) {
            if (levels.size() < 2 || lower != 0 || upper != levels.size() - 1) {
                throw new IllegalArgumentException("Parameter " + name + ": a categorical parameter needs >= 2 levels"
                        + " and bounds [0, levels-1], got " + levels + " and [" + lower + ", " + upper + "]");
            }
        } else if (!levels.isEmpty()) {
            throw new IllegalArgumentException("Parameter " + name + ": only categorical parameters have levels");
        }
        if (!(maxStep > 0) || !Double.isFinite(maxStep)) {
            throw new IllegalArgumentException("Parameter " + name + ": maxStep must be positive, got " + maxStep);
        }
        if (!(defaultValue >= lower && defaultValue <= upper)) {
            throw new IllegalArgumentException("Parameter " + name + ": default " + defaultValue + " outside ["
                    + lower + ", " + upper + "]");
        }
        if (kind != Kind.CONTINUOUS && defaultValue != Math.rint(defaultValue)) {
            throw new IllegalArgumentException("Parameter " + name + ": default of a " + kind
                    + " parameter must be a whole number, got " + defaultValue);
        }
    }

    /** A real-valued parameter. */
    public static Parameter continuous(String name, String unit, double lower, double upper, double maxStep,
                                       double defaultValue) {
        return new Parameter(name, unit, lower, upper, Kind.CONTINUOUS, List.of(), maxStep, defaultValue);
    }

    /** A whole-number parameter. */
    public static Parameter integer(String name, String unit, int lower, int upper, int maxStep, int defaultValue) {
        return new Parameter(name, unit, lower, upper, Kind.INTEGER, List.of(), maxStep, defaultValue);
    }

    /** A categorical parameter; its value is the index of the level. */
    public static Parameter categorical(String name, List<String> levels, String defaultLevel) {
        int index = levels.indexOf(defaultLevel);
        if (index < 0) {
            throw new IllegalArgumentException("Parameter " + name + ": default level '" + defaultLevel
                    + "' is not one of " + levels);
        }
        return new Parameter(name, "", 0, levels.size() - 1, Kind.CATEGORICAL, levels, levels.size() - 1, index);
    }

    /** {@code upper - lower}. */
    public double range() {
        return upper - lower;
    }

    /** Whether {@code value} is an allowed value: finite, within bounds, whole for integer and categorical kinds. */
    public boolean admits(double value) {
        if (!Double.isFinite(value) || value < lower || value > upper) return false;
        return kind == Kind.CONTINUOUS || value == Math.rint(value);
    }

    /** The nearest allowed value: clipped to the bounds, rounded for integer and categorical kinds. */
    public double nearest(double value) {
        if (Double.isNaN(value)) throw new IllegalArgumentException("Parameter " + name + ": value is NaN");
        double v = Math.max(lower, Math.min(upper, value));
        return kind == Kind.CONTINUOUS ? v : Math.rint(v);
    }

    /** The value as text: the level name for a categorical parameter, {@link Double#toString} otherwise. */
    public String format(double value) {
        if (kind == Kind.CATEGORICAL) return levels.get((int) value);
        return Double.toString(value);
    }

    /** Inverse of {@link #format}: a level name or a number. */
    public double parse(String text) {
        if (kind == Kind.CATEGORICAL) {
            int index = levels.indexOf(text);
            if (index < 0) {
                throw new IllegalArgumentException("Parameter " + name + ": '" + text + "' is not one of " + levels);
            }
            return index;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Parameter " + name + ": '" + text + "' is not a number", e);
        }
    }
}
