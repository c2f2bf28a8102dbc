package io.metaline.optimize;

import io.metaline.engine.Rng;
import java.util.List;

/**
 * A box around the best run so far that the model-based search stays in once a study has
 * {@value #FROM_RUNS} completed runs, sized as in TuRBO (Eriksson et al. 2019): each side starts at
 * {@value #INITIAL} of the parameter's range, doubles after {@value #SUCCESSES} improvements in a row (up to
 * {@value #MAX}) and halves after {@code max(4, parameters)} runs in a row that do not improve. Why: with a model
 * that is wrong at a fine scale, expected improvement keeps finding somewhere uncertain to go, and a line that may
 * move only one step per run wanders away from its best settings and does not come back; the shrinking box turns the
 * later runs into a local search that converges. The first runs, where a prior or the model's global view pays most,
 * are left alone.
 *
 * <p>A box that would halve below {@value #MIN} restarts at {@value #INITIAL}, as in TuRBO, but unlike TuRBO the
 * runs are kept (a line's runs are too dear to drop): the search has stalled on what the model resolves at that
 * scale (on the demo's moulding line the box shrank to its floor and the line stayed at one setting for the last 43
 * of 100 runs), and a wide box lets the model, now fitted to many more runs, look again.
 *
 * <p>The size is replayed from the completed runs in order, so it is a pure function of the study's data: a saved
 * and restored study suggests the same. Only continuous and integer parameters are boxed.
 *
 * @param centre the best run's settings
 * @param length each side as a fraction of its parameter's range
 */
record TrustRegion(double[] centre, double length) {
    /** Completed runs before the box applies. */
    static final int FROM_RUNS = 10;
    static final double INITIAL = 0.8, MIN = 1.0 / 128, MAX = 1.6;
    static final int SUCCESSES = 3;
    /** An improvement counts when it is larger than this fraction of the best value (noise must not count). */
    static final double RELATIVE_IMPROVEMENT = 1e-3;

    /**
     * The box for the next suggestion, or null before {@value #FROM_RUNS} completed runs.
     *
     * @param best the settings of the best completed run (the centre)
     */
    static TrustRegion replay(StudySpec spec, List<Trial> completed, double[] best) {
        if (completed.size() < FROM_RUNS || best == null) return null;
        var direction = spec.objective().direction();
        String objective = spec.objective().outcome();
        int failures = Math.max(4, spec.space().size());
        double length = INITIAL, bestValue = Double.NaN;
        int inARow = 0, missesInARow = 0;
        for (int k = 0; k < completed.size(); k++) {
            Trial t = completed.get(k);
            double v = t.outcomes().get(objective);
            boolean better = spec.meetsLimits(t.outcomes()) && (Double.isNaN(bestValue) || direction.better(v, bestValue));
            boolean improved = better && !Double.isNaN(bestValue)
                    && Math.abs(v - bestValue) > RELATIVE_IMPROVEMENT * Math.abs(bestValue);
            if (better) bestValue = v;
            if (k < FROM_RUNS) continue; // the box starts at its initial size when it starts to apply
            if (improved) {
                inARow++;
                missesInARow = 0;
            } else {
                missesInARow++;
                inARow = 0;
            }
            if (inARow >= SUCCESSES) {
                length = Math.min(2 * length, MAX);
                inARow = 0;
            }
            if (missesInARow >= failures) {
                length = length / 2 < MIN ? INITIAL : length / 2;
                missesInARow = 0;
            }
        }
        return new TrustRegion(best.clone(), length);
    }

    /** The box's lower end for parameter {@code i}, within its bounds. */
    double lower(ParameterSpec p, int i) {
        return Math.max(p.lower(), centre[i] - length / 2 * (p.upper() - p.lower()));
    }

    /** The box's upper end for parameter {@code i}, within its bounds. */
    double upper(ParameterSpec p, int i) {
        return Math.min(p.upper(), centre[i] + length / 2 * (p.upper() - p.lower()));
    }

    /** A uniform random point of the box intersected with the step envelope around {@code ref}. */
    double[] sample(SearchSpace space, double[] ref, Rng rng) {
        double[] v = Envelope.sample(space, ref, rng);
        for (int i = 0; i < v.length; i++) {
            ParameterSpec p = space.parameters().get(i);
            if (p.kind() == ParameterSpec.Kind.CATEGORICAL) continue;
            double[] r = reachable(p, ref, i);
            if (r == null) v[i] = nearest(p, ref, i);
            else if (p.kind() == ParameterSpec.Kind.INTEGER) v[i] = r[0] + rng.nextInt((int) (r[1] - r[0]) + 1);
            else v[i] = rng.uniform(r[0], r[1]);
        }
        return v;
    }

    /** {@code v} (within the step envelope) moved into the box as far as the envelope allows. */
    double[] clip(SearchSpace space, double[] ref, double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            ParameterSpec p = space.parameters().get(i);
            if (p.kind() == ParameterSpec.Kind.CATEGORICAL) continue;
            double[] r = reachable(p, ref, i);
            out[i] = r == null ? nearest(p, ref, i) : Math.min(r[1], Math.max(r[0], out[i]));
        }
        return out;
    }

    /** The values of parameter {@code i} in both the box and the envelope, {@code {lower, upper}}; null if none. */
    private double[] reachable(ParameterSpec p, double[] ref, int i) {
        double lo = Math.max(Envelope.lower(p, ref, i), lower(p, i)), hi = Math.min(Envelope.upper(p, ref, i), upper(p, i));
        if (p.kind() == ParameterSpec.Kind.INTEGER) {
            lo = Math.ceil(lo);
            hi = Math.floor(hi);
        }
        return lo > hi ? null : new double[] {lo, hi};
    }

    /**
     * Where the box and the envelope do not meet in parameter {@code i} (the line is more than a step away from
     * the box, or an integer box holds no integer): the envelope's value nearest to the centre, so the line moves
     * back towards its best run.
     */
    private double nearest(ParameterSpec p, double[] ref, int i) {
        double target = p.kind() == ParameterSpec.Kind.INTEGER ? Math.rint(centre[i]) : centre[i];
        return Math.min(Envelope.upper(p, ref, i), Math.max(Envelope.lower(p, ref, i), target));
    }
}
