package io.metaline.optimize;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings MetaLine may move and the context it reads. Settings travel as name-to-value maps (categorical
 * values are level indices); the surrogate sees them as points of the unit cube (categorical one-hot), followed by
 * the context scaled by its expected range.
 */
public record SearchSpace(List<ParameterSpec> parameters, List<ContextSpec> context) {
    public SearchSpace {
        parameters = List.copyOf(parameters);
        context = context == null ? List.of() : List.copyOf(context);
        if (parameters.isEmpty()) throw new IllegalArgumentException("search space: at least one parameter is required");
        Set<String> seen = new HashSet<>();
        for (ParameterSpec p : parameters) {
            if (!seen.add(p.name())) throw new IllegalArgumentException("search space: '" + p.name() + "' is declared twice");
        }
        for (ContextSpec c : context) {
            if (!seen.add(c.name())) throw new IllegalArgumentException("search space: '" + c.name() + "' is declared twice");
        }
    }

    public static SearchSpace of(ParameterSpec... parameters) {
        return new SearchSpace(List.of(parameters), List.of());
    }

    public int size() {
        return parameters.size();
    }

    public ParameterSpec parameter(String name) {
        for (ParameterSpec p : parameters) if (p.name().equals(name)) return p;
        throw new IllegalArgumentException("unknown parameter '" + name + "'; parameters are " + names());
    }

    public List<String> names() {
        List<String> n = new ArrayList<>();
        for (ParameterSpec p : parameters) n.add(p.name());
        return n;
    }

    /** Width of the surrogate's input: encoded parameters then context. */
    public int encodedWidth() {
        int w = context.size();
        for (ParameterSpec p : parameters) w += p.encodedWidth();
        return w;
    }

    /**
     * The values of a settings map in parameter order, validated: every parameter present, none unknown, each within
     * bounds and of its kind. {@code where} starts the error message ("tell trial 7").
     */
    public double[] values(Map<String, Double> settings, String where) {
        for (String key : settings.keySet()) {
            if (parameters.stream().noneMatch(p -> p.name().equals(key))) {
                throw new IllegalArgumentException(where + ": unknown parameter '" + key + "'; parameters are " + names());
            }
        }
        double[] v = new double[parameters.size()];
        for (int i = 0; i < v.length; i++) {
            ParameterSpec p = parameters.get(i);
            Double value = settings.get(p.name());
            if (value == null) throw new IllegalArgumentException(where + ": parameter '" + p.name() + "' is missing");
            p.check(value, where);
            v[i] = value;
        }
        return v;
    }

    /** Context values in declared order; every declared variable must be present and finite (it may lie outside its expected range). */
    public double[] contextValues(Map<String, Double> values, String where) {
        Map<String, Double> given = values == null ? Map.of() : values;
        for (String key : given.keySet()) {
            if (context.stream().noneMatch(c -> c.name().equals(key))) {
                throw new IllegalArgumentException(where + ": unknown context variable '" + key + "'; declared: "
                        + context.stream().map(ContextSpec::name).toList());
            }
        }
        double[] v = new double[context.size()];
        for (int i = 0; i < v.length; i++) {
            ContextSpec c = context.get(i);
            Double value = given.get(c.name());
            if (value == null) throw new IllegalArgumentException(where + ": context variable '" + c.name() + "' is missing");
            if (!Double.isFinite(value)) throw new IllegalArgumentException(where + ": context variable '" + c.name() + "' is " + value);
            v[i] = value;
        }
        return v;
    }

    public Map<String, Double> toMap(double[] values) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) m.put(parameters.get(i).name(), values[i]);
        return m;
    }

    /** The surrogate's input for parameter values and context values. */
    public double[] encode(double[] values, double[] contextValues) {
        double[] x = new double[encodedWidth()];
        int at = 0;
        for (int i = 0; i < parameters.size(); i++) {
            ParameterSpec p = parameters.get(i);
            if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
                x[at + (int) values[i]] = 1.0;
                at += p.levels().size();
            } else {
                x[at++] = (values[i] - p.lower()) / (p.upper() - p.lower());
            }
        }
        for (int i = 0; i < context.size(); i++) {
            ContextSpec c = context.get(i);
            x[at++] = (contextValues[i] - c.lower()) / (c.upper() - c.lower());
        }
        return x;
    }

    /**
     * The settings of an encoded point (inverse of {@link #encode}; trailing context columns are ignored): a
     * categorical parameter takes its largest one-hot entry, integers are rounded, every value is clipped into its
     * bounds (so a point off the lattice, e.g. a model's optimum, decodes to the nearest valid settings).
     */
    public Map<String, Double> decode(double[] x) {
        int width = encodedWidth() - context.size();
        if (x == null || x.length < width) {
            throw new IllegalArgumentException("decode: expected at least " + width + " encoded values, got " + (x == null ? 0 : x.length));
        }
        for (int k = 0; k < width; k++) {
            if (!Double.isFinite(x[k])) throw new IllegalArgumentException("decode: encoded value " + k + " is " + x[k]);
        }
        double[] v = new double[parameters.size()];
        int at = 0;
        for (int i = 0; i < v.length; i++) {
            ParameterSpec p = parameters.get(i);
            if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
                int best = 0;
                for (int l = 1; l < p.levels().size(); l++) if (x[at + l] > x[at + best]) best = l;
                v[i] = best;
                at += p.levels().size();
            } else {
                v[i] = p.lower() + x[at++] * (p.upper() - p.lower());
            }
        }
        return toMap(snap(v));
    }

    /** Rounds integer and categorical values and clips every value into its bounds. */
    double[] snap(double[] values) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            ParameterSpec p = parameters.get(i);
            if (p.kind() != ParameterSpec.Kind.CONTINUOUS) v[i] = Math.rint(v[i]);
            v[i] = Math.min(p.upper(), Math.max(p.lower(), v[i]));
        }
        return v;
    }
}
