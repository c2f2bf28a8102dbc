package io.metaline.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between named settings and arrays in parameter order, with validation at the edge. */
final class Settings {
    private Settings() {
    }

    /** An unmodifiable copy that keeps the iteration order of {@code map}. */
    static Map<String, Double> frozen(Map<String, Double> map) {
        if (map == null) throw new IllegalArgumentException("map must not be null");
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * The values of {@code settings} in the order of {@code parameters}, after checking that every parameter is
     * present, no other key is, and every value is allowed (finite, in bounds, whole where it must be).
     */
    static double[] toArray(List<Parameter> parameters, Map<String, Double> settings) {
        if (settings == null) throw new IllegalArgumentException("settings must not be null");
        double[] x = new double[parameters.size()];
        for (int i = 0; i < x.length; i++) {
            Parameter p = parameters.get(i);
            Double v = settings.get(p.name());
            if (v == null) {
                throw new IllegalArgumentException("settings: missing parameter '" + p.name() + "'; expected keys "
                        + names(parameters) + ", got " + settings.keySet());
            }
            if (!p.admits(v)) {
                String what = p.kind() == Parameter.Kind.CATEGORICAL ? "a level index in [0, " + (int) p.upper()
                        + "] (" + p.levels() + ")" : (p.kind() == Parameter.Kind.INTEGER ? "a whole number" : "a value")
                        + " in [" + p.lower() + ", " + p.upper() + "] " + p.unit();
                throw new IllegalArgumentException("settings: '" + p.name() + "' = " + v + " is not allowed; expected "
                        + what);
            }
            x[i] = v;
        }
        if (settings.size() != x.length) {
            for (String key : settings.keySet()) {
                if (parameters.stream().noneMatch(p -> p.name().equals(key))) {
                    throw new IllegalArgumentException("settings: unknown parameter '" + key + "'; expected keys "
                            + names(parameters));
                }
            }
        }
        return x;
    }

    /** Settings named by {@code parameters}, in their order. */
    static Map<String, Double> toMap(List<Parameter> parameters, double[] x) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) m.put(parameters.get(i).name(), x[i]);
        return Collections.unmodifiableMap(m);
    }

    /** Outcome values named by {@code outcomes}, in their order. */
    static Map<String, Double> outcomeMap(List<Outcome> outcomes, double[] y) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < y.length; i++) m.put(outcomes.get(i).name(), y[i]);
        return Collections.unmodifiableMap(m);
    }

    private static List<String> names(List<Parameter> parameters) {
        return parameters.stream().map(Parameter::name).toList();
    }
}
