package io.metaline.optimize;

/**
 * A variable the line reports but MetaLine does not set (ambient temperature, material lot viscosity). It enters the
 * surrogate as an input scaled by its expected range.
 */
public record ContextSpec(String name, String unit, double lower, double upper) {
    public ContextSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("context variable: a name is required");
        unit = unit == null ? "" : unit;
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
            throw new IllegalArgumentException("context variable '" + name + "': expected range must be finite with lower < upper");
        }
    }
}
