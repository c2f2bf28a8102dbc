package io.metaline.connect.loop;

import java.util.Map;

/** Comparing setpoints read back from a line with the ones written (values may pass through float tags). */
public final class Setpoints {
    private Setpoints() {}

    /** Relative tolerance for a setpoint read back: a float tag keeps about 7 significant digits. */
    public static final double TOLERANCE = 1e-6;

    /** Whether every written setpoint is present in {@code actual} with the same value (within {@link #TOLERANCE}). */
    public static boolean match(Map<String, Double> written, Map<String, Double> actual) {
        for (Map.Entry<String, Double> e : written.entrySet()) {
            Double a = actual.get(e.getKey());
            if (a == null || !same(e.getValue(), a)) return false;
        }
        return true;
    }

    public static boolean same(double a, double b) {
        return Math.abs(a - b) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }
}
