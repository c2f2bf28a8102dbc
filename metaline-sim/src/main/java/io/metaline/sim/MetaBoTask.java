package io.metaline.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A task {@code s * g(u - t)} of a {@link MetaBoFamily}; its optimum is known in closed form. */
final class MetaBoTask extends AbstractProcessTask {
    private static final List<MeasurementNoise> NOISE = List.of(MeasurementNoise.NONE, MeasurementNoise.NONE);

    private final MetaBoFamily family;
    private final double[] t;
    private final double s;

    MetaBoTask(MetaBoFamily family, String id, double[] t, double s) {
        this(family, id, t, s, 0);
    }

    private MetaBoTask(MetaBoFamily family, String id, double[] t, double s, int age) {
        super(family, id, Map.of(), age);
        this.family = family;
        this.t = t.clone();
        this.s = s;
    }

    /** The (clipped) translation, unit-cube coordinates. */
    double[] translation() {
        return t.clone();
    }

    /** The output scale. */
    double scale() {
        return s;
    }

    @Override
    double[] model(double[] x) {
        double[] u = family.toUnit(x);
        for (int i = 0; i < u.length; i++) u[i] -= t[i];
        double raw = family.raw(family.toNative(u));
        return new double[] {s * family.normalise(raw), raw};
    }

    @Override
    List<MeasurementNoise> noise() {
        return NOISE;
    }

    @Override
    ProcessTask withAge(int age) {
        return new MetaBoTask(family, id(), t, s, age);
    }

    @Override
    Optimum computeOptimum() {
        double[] u = family.unitOptimum();
        for (int i = 0; i < u.length; i++) u[i] += t[i];
        double[] x = family.toNative(u);
        double[] y = model(x);
        return new Optimum(Settings.toMap(family.parameters(), x), y[0], Settings.outcomeMap(family.outcomes(), y));
    }

    @Override
    public String toString() {
        return family.name() + " task " + id() + " (t " + Arrays.toString(t) + ", s " + s + ")";
    }
}
