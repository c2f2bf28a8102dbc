package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers shared by the tests. */
final class TestSupport {
    private TestSupport() {
    }

    /** Uniformly random allowed settings. */
    static Map<String, Double> randomSettings(ProcessFamily family, Rng rng) {
        Map<String, Double> s = new LinkedHashMap<>();
        for (Parameter p : family.parameters()) {
            s.put(p.name(), p.kind() == Parameter.Kind.CATEGORICAL ? rng.nextInt(p.levels().size())
                    : p.nearest(p.lower() + p.range() * rng.nextDouble()));
        }
        return s;
    }

    /** {@code base} with {@code name} set to {@code value}. */
    static Map<String, Double> with(Map<String, Double> base, String name, double value) {
        Map<String, Double> s = new LinkedHashMap<>(base);
        s.put(name, value);
        return s;
    }

    /** Settings as unit-cube coordinates (for distances between optima). */
    static double[] unit(ProcessFamily family, Map<String, Double> settings) {
        double[] u = new double[family.parameters().size()];
        for (int i = 0; i < u.length; i++) {
            Parameter p = family.parameters().get(i);
            u[i] = (settings.get(p.name()) - p.lower()) / p.range();
        }
        return u;
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }
}
