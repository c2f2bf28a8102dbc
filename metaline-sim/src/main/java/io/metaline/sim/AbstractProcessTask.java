package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.List;
import java.util.Map;

/**
 * The shared plumbing of a task: validation of settings, noise, constraint checks and the cached optimum. A
 * subclass supplies the noise-free model on arrays ({@link #model}) and how to age ({@link #withAge}).
 */
abstract class AbstractProcessTask implements ProcessTask {
    private final ProcessFamily family;
    private final String id;
    private final Map<String, Double> context;
    private final int age;
    private volatile Optimum optimum;

    AbstractProcessTask(ProcessFamily family, String id, Map<String, Double> context, int age) {
        if (age < 0) throw new IllegalArgumentException(id + ": age must be >= 0, got " + age);
        this.family = family;
        this.id = id;
        this.context = Settings.frozen(context);
        this.age = age;
        if (!this.context.keySet().equals(new java.util.LinkedHashSet<>(family.contextNames()))) {
            throw new IllegalStateException(id + ": context keys " + this.context.keySet() + " differ from "
                    + family.contextNames());
        }
    }

    /**
     * The noise-free outcomes for settings {@code x} (already validated, in parameter order), in outcome order.
     */
    abstract double[] model(double[] x);

    /** The measurement noise of each outcome, in outcome order. */
    abstract List<MeasurementNoise> noise();

    /** The same task at drift state {@code age}. */
    abstract ProcessTask withAge(int age);

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final ProcessFamily family() {
        return family;
    }

    @Override
    public final Map<String, Double> context() {
        return context;
    }

    @Override
    public final int age() {
        return age;
    }

    @Override
    public final Map<String, Double> run(Map<String, Double> settings, Rng noiseRng) {
        if (noiseRng == null) throw new IllegalArgumentException(id + ": run needs a noise generator");
        double[] y = model(Settings.toArray(family.parameters(), settings));
        List<MeasurementNoise> noise = noise();
        for (int i = 0; i < y.length; i++) y[i] = noise.get(i).apply(y[i], noiseRng);
        return Settings.outcomeMap(family.outcomes(), y);
    }

    @Override
    public final Map<String, Double> expected(Map<String, Double> settings) {
        return Settings.outcomeMap(family.outcomes(), model(Settings.toArray(family.parameters(), settings)));
    }

    @Override
    public final boolean violatesHardLimit(Map<String, Double> settings) {
        return violates(model(Settings.toArray(family.parameters(), settings)), true);
    }

    @Override
    public final boolean isFeasible(Map<String, Double> settings) {
        return !violates(model(Settings.toArray(family.parameters(), settings)), false);
    }

    /** Whether outcomes {@code y} break a hard limit ({@code hardOnly}) or any constraint. */
    final boolean violates(double[] y, boolean hardOnly) {
        List<Outcome> outcomes = family.outcomes();
        for (int i = 0; i < y.length; i++) {
            Outcome o = outcomes.get(i);
            if ((!hardOnly || o.isHard()) && o.violatedBy(y[i])) return true;
        }
        return false;
    }

    @Override
    public final Optimum optimum() {
        Optimum o = optimum;
        if (o == null) {
            synchronized (this) {
                o = optimum;
                if (o == null) {
                    o = computeOptimum();
                    optimum = o;
                }
            }
        }
        return o;
    }

    /** The optimum, computed once: by default a numerical search on the model. */
    Optimum computeOptimum() {
        return OptimumSearch.DEFAULT.find(this);
    }

    @Override
    public final ProcessTask drifted(int runs) {
        if (runs < 0) throw new IllegalArgumentException(id + ": drifted(runs) needs runs >= 0, got " + runs);
        if (runs == 0) return this;
        return withAge(Math.addExact(age, runs));
    }

    @Override
    public String toString() {
        return family.name() + " task " + id + " (age " + age + ", context " + context + ")";
    }
}
