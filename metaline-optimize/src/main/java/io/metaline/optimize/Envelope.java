package io.metaline.optimize;

import io.metaline.engine.Rng;

/**
 * The settings reachable in one move from a reference: each parameter within its bounds and within its max step
 * of the reference (a categorical one stays at its level when its max step is 0). Without a reference (nothing
 * has run yet) the envelope is the whole space.
 */
final class Envelope {
    private Envelope() {}

    /** Tolerance for rounding when checking a step against its limit. */
    private static final double EPS = 1e-9;

    static double lower(ParameterSpec p, double[] ref, int i) {
        double lo = ref == null ? p.lower() : Math.max(p.lower(), ref[i] - p.maxStep());
        return p.kind() == ParameterSpec.Kind.CONTINUOUS ? lo : Math.ceil(lo - EPS);
    }

    static double upper(ParameterSpec p, double[] ref, int i) {
        double hi = ref == null ? p.upper() : Math.min(p.upper(), ref[i] + p.maxStep());
        return p.kind() == ParameterSpec.Kind.CONTINUOUS ? hi : Math.floor(hi + EPS);
    }

    static boolean within(SearchSpace space, double[] ref, double[] v) {
        for (int i = 0; i < v.length; i++) {
            ParameterSpec p = space.parameters().get(i);
            if (v[i] < p.lower() - EPS || v[i] > p.upper() + EPS) return false;
            if (ref == null) continue;
            if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
                if (p.maxStep() == 0 && v[i] != ref[i]) return false;
            } else if (Math.abs(v[i] - ref[i]) > p.maxStep() * (1 + EPS) + EPS) {
                return false;
            }
        }
        return true;
    }

    /** The point of the envelope closest to {@code target}, coordinate by coordinate. */
    static double[] towards(SearchSpace space, double[] ref, double[] target) {
        double[] v = target.clone();
        for (int i = 0; i < v.length; i++) {
            ParameterSpec p = space.parameters().get(i);
            if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
                if (ref != null && p.maxStep() == 0) v[i] = ref[i];
                continue;
            }
            v[i] = Math.min(upper(p, ref, i), Math.max(lower(p, ref, i), target[i]));
        }
        return v;
    }

    static double[] sample(SearchSpace space, double[] ref, Rng rng) {
        double[] v = new double[space.size()];
        for (int i = 0; i < v.length; i++) v[i] = draw(space.parameters().get(i), ref, i, rng);
        return v;
    }

    /** A random point near {@code centre}: each coordinate moved by up to {@code radius} of its envelope's width. */
    static double[] perturb(SearchSpace space, double[] ref, double[] centre, double radius, Rng rng) {
        double[] v = centre.clone();
        for (int i = 0; i < v.length; i++) {
            ParameterSpec p = space.parameters().get(i);
            double lo = lower(p, ref, i), hi = upper(p, ref, i);
            if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
                if (rng.nextDouble() < radius) v[i] = draw(p, ref, i, rng);
                continue;
            }
            double moved = centre[i] + (2 * rng.nextDouble() - 1) * radius * (hi - lo);
            if (p.kind() == ParameterSpec.Kind.INTEGER) moved = Math.rint(moved);
            v[i] = Math.min(hi, Math.max(lo, moved));
        }
        return v;
    }

    private static double draw(ParameterSpec p, double[] ref, int i, Rng rng) {
        if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
            if (ref != null && p.maxStep() == 0) return ref[i];
            return rng.nextInt(p.levels().size());
        }
        double lo = lower(p, ref, i), hi = upper(p, ref, i);
        if (p.kind() == ParameterSpec.Kind.INTEGER) return lo + rng.nextInt((int) (hi - lo) + 1);
        return rng.uniform(lo, hi);
    }
}
