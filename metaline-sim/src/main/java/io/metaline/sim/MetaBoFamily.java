package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * A MetaBO benchmark function family (Volpp et al., "Meta-learning acquisition functions for transfer learning in
 * Bayesian optimization", ICLR 2020), exactly as in section 4 of {@code docs/BENCHMARKS.md}.
 *
 * <p>Tasks are {@code s * g(u - t)} with {@code t ~ U[-0.1, 0.1]^D} clipped to the family's range and
 * {@code s ~ U[0.9, 1.1]}, where {@code g} is the normalised, negated standard function (so larger is better).
 *
 * <p><b>Where the translation applies.</b> The clip ranges of section 4 only make sense in unit-cube coordinates
 * (Branin's {@code [-0.12, 0.87]} keeps its upper-left optimum at {@code u = (0.124, 0.818)} inside {@code [0, 1]}),
 * and MetaBO itself evaluates {@code f(lo + (hi - lo)(u - t))} with {@code u} in {@code [0, 1]^D}. We do the same, but
 * expose the parameters on the functions' standard domains: a setting {@code x} maps to {@code u = (x - lo) / (hi -
 * lo)}, so the task is {@code s * g(lo + (hi - lo)(u - t))}, a translation by {@code t (hi - lo)} in native units.
 * Points with {@code u - t} outside the unit cube are evaluated by the same formula (the functions are defined
 * everywhere); with {@code |t| <= 0.1} the clip never binds, and the global optimum {@code u* + t} stays inside, with
 * value {@code s g(u*)}.
 *
 * <p>Tasks are noise-free and do not drift ({@link ProcessTask#run} equals {@link ProcessTask#expected}), as in
 * MetaBO. Outcomes: {@code value}, the task's objective (maximise), and {@code raw}, the untransformed standard
 * function at the translated point (minimise-style, unscaled, observed only). There is no context: the task's
 * {@code t} and {@code s} are hidden.
 */
public abstract sealed class MetaBoFamily implements ProcessFamily permits Branin, GoldsteinPrice, Hartmann3 {
    private static final List<Outcome> OUTCOMES = List.of(
            Outcome.objective("value", "1", Outcome.Direction.MAXIMISE),
            Outcome.observed("raw", "1"));

    private final String name;
    private final double[] lower;
    private final double[] upper;
    private final double[] tLow;
    private final double[] tHigh;
    private final double[] unitOptimum;
    private final List<Parameter> parameters;

    MetaBoFamily(String name, double[] lower, double[] upper, double[] tLow, double[] tHigh, double[] nativeOptimum) {
        this.name = name;
        this.lower = lower.clone();
        this.upper = upper.clone();
        this.tLow = tLow.clone();
        this.tHigh = tHigh.clone();
        this.unitOptimum = new double[lower.length];
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < lower.length; i++) {
            unitOptimum[i] = (nativeOptimum[i] - lower[i]) / (upper[i] - lower[i]);
            double range = upper[i] - lower[i];
            ps.add(Parameter.continuous("x" + (i + 1), "1", lower[i], upper[i], range, lower[i] + range / 2));
        }
        this.parameters = List.copyOf(ps);
    }

    /** The standard function on its standard domain (to be minimised), e.g. Branin's {@code 0.397887} minimum. */
    public abstract double raw(double[] x);

    /** Normalisation then negation, as in section 4: larger is better. */
    abstract double normalise(double raw);

    /** {@code g(u)}: the normalised, negated function at unit-cube point {@code u}. */
    public final double unitValue(double[] u) {
        double[] x = new double[u.length];
        for (int i = 0; i < u.length; i++) x[i] = lower[i] + (upper[i] - lower[i]) * u[i];
        return normalise(raw(x));
    }

    /** The global minimiser of {@link #raw} used as the reference optimum, in unit-cube coordinates. */
    public final double[] unitOptimum() {
        return unitOptimum.clone();
    }

    /** Lower end of the clip range of {@code t}. */
    public final double[] translationLow() {
        return tLow.clone();
    }

    /** Upper end of the clip range of {@code t}. */
    public final double[] translationHigh() {
        return tHigh.clone();
    }

    /** Dimension {@code D}. */
    public final int dimension() {
        return lower.length;
    }

    /** The task {@code s * g(u - t)} with {@code t} clipped to the family's range; id as given. */
    public final ProcessTask task(String id, double[] t, double s) {
        if (t.length != lower.length) {
            throw new IllegalArgumentException(name + ": translation has " + t.length + " components, need "
                    + lower.length);
        }
        if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException(name + ": scale must be > 0, got " + s);
        double[] clipped = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            if (!Double.isFinite(t[i])) throw new IllegalArgumentException(name + ": t[" + i + "] = " + t[i]);
            clipped[i] = Math.max(tLow[i], Math.min(tHigh[i], t[i]));
        }
        return new MetaBoTask(this, id, clipped, s);
    }

    @Override
    public final ProcessTask sampleTask(Rng rng) {
        String id = name + "-" + String.format("%016x", rng.nextLong());
        double[] t = new double[lower.length];
        for (int i = 0; i < t.length; i++) t[i] = rng.uniform(-0.1, 0.1);
        double s = rng.uniform(0.9, 1.1);
        return task(id, t, s);
    }

    /** Maps a native setting to the unit cube. */
    final double[] toUnit(double[] x) {
        double[] u = new double[x.length];
        for (int i = 0; i < x.length; i++) u[i] = (x[i] - lower[i]) / (upper[i] - lower[i]);
        return u;
    }

    /** Maps a unit-cube point to native coordinates. */
    final double[] toNative(double[] u) {
        double[] x = new double[u.length];
        for (int i = 0; i < u.length; i++) x[i] = lower[i] + (upper[i] - lower[i]) * u[i];
        return x;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public final List<Outcome> outcomes() {
        return OUTCOMES;
    }

    @Override
    public final List<String> contextNames() {
        return List.of();
    }

    @Override
    public final String objective() {
        return "value";
    }

    @Override
    public String toString() {
        return name;
    }
}
