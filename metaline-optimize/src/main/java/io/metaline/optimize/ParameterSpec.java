package io.metaline.optimize;

import java.util.List;

/**
 * A setting MetaLine may move: its name, unit, kind, bounds and how far one move may take it.
 *
 * @param maxStep largest change between consecutive suggestions, in the parameter's unit (positive infinity: no
 *                limit); for a categorical parameter 0 keeps it at its starting level, anything else lets it change
 * @param levels  the levels of a categorical parameter (empty otherwise); values are level indices 0..n-1
 */
public record ParameterSpec(String name, String unit, Kind kind, double lower, double upper, double maxStep,
                            List<String> levels) {
    public enum Kind { CONTINUOUS, INTEGER, CATEGORICAL }

    public ParameterSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("parameter: a name is required");
        if (kind == null) throw new IllegalArgumentException("parameter '" + name + "': kind is required");
        unit = unit == null ? "" : unit;
        levels = levels == null ? List.of() : List.copyOf(levels);
        if (kind == Kind.CATEGORICAL) {
            if (levels.size() < 2) throw new IllegalArgumentException("parameter '" + name + "': a categorical parameter needs at least 2 levels");
            lower = 0;
            upper = levels.size() - 1;
        } else {
            if (!levels.isEmpty()) throw new IllegalArgumentException("parameter '" + name + "': only categorical parameters have levels");
            if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
                throw new IllegalArgumentException("parameter '" + name + "': bounds must be finite with lower < upper, got ["
                        + lower + ", " + upper + "]");
            }
            if (kind == Kind.INTEGER && (lower != Math.rint(lower) || upper != Math.rint(upper))) {
                throw new IllegalArgumentException("parameter '" + name + "': an integer parameter needs integer bounds");
            }
        }
        if (Double.isNaN(maxStep) || maxStep < 0) {
            throw new IllegalArgumentException("parameter '" + name + "': maxStep must be >= 0 (or infinite for no limit), got " + maxStep);
        }
        if (kind != Kind.CATEGORICAL && maxStep == 0) {
            throw new IllegalArgumentException("parameter '" + name + "': maxStep 0 would freeze it; remove it from the search space instead");
        }
    }

    public static ParameterSpec continuous(String name, String unit, double lower, double upper, double maxStep) {
        return new ParameterSpec(name, unit, Kind.CONTINUOUS, lower, upper, maxStep, List.of());
    }

    public static ParameterSpec integer(String name, String unit, double lower, double upper, double maxStep) {
        return new ParameterSpec(name, unit, Kind.INTEGER, lower, upper, maxStep, List.of());
    }

    public static ParameterSpec categorical(String name, List<String> levels, boolean mayChange) {
        return new ParameterSpec(name, "", Kind.CATEGORICAL, 0, levels.size() - 1, mayChange ? Double.POSITIVE_INFINITY : 0, levels);
    }

    /** Dimensions this parameter takes in the surrogate's unit cube (one-hot for categorical). */
    int encodedWidth() {
        return kind == Kind.CATEGORICAL ? levels.size() : 1;
    }

    /** Throws unless {@code v} is a valid value: finite, within bounds, integral for integer and categorical kinds. */
    void check(double v, String where) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(where + ": '" + name + "' is " + v + ", expected a finite number");
        if (v < lower || v > upper) {
            throw new IllegalArgumentException(where + ": '" + name + "' = " + v + " " + unit + " is outside its bounds ["
                    + lower + ", " + upper + "]");
        }
        if (kind != Kind.CONTINUOUS && v != Math.rint(v)) {
            throw new IllegalArgumentException(where + ": '" + name + "' = " + v + " must be a whole number"
                    + (kind == Kind.CATEGORICAL ? " (a level index 0.." + (levels.size() - 1) + ")" : ""));
        }
    }
}
