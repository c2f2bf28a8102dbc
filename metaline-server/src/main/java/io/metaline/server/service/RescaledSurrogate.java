package io.metaline.server.service;

import io.metaline.optimize.Surrogate;

/**
 * A surrogate trained in another unit cube: a model's inputs were scaled to the bounds seen in its dataset, a study
 * scales its parameters to its own declared bounds. Each encoded coordinate is mapped affinely from the study's
 * cube to the model's ({@code x' = scale * x + shift}) before it reaches the wrapped surrogate, so the prior sees
 * settings in the units it learnt them. Every other call (the outcome's index, safe-mode and drift variants, proposals, joint samples,
 * the objective over outcome features) is passed through. Immutable, thread-safe if the wrapped surrogate is.
 */
final class RescaledSurrogate implements Surrogate {
    private final Surrogate inner;
    private final double[] scale;
    private final double[] shift;

    /** From study bounds {@code [lo, hi]} to model bounds {@code [mlo, mhi]}, per parameter. */
    RescaledSurrogate(Surrogate inner, double[] lo, double[] hi, double[] mlo, double[] mhi) {
        this.inner = inner;
        int d = lo.length;
        this.scale = new double[d];
        this.shift = new double[d];
        for (int k = 0; k < d; k++) {
            scale[k] = (hi[k] - lo[k]) / (mhi[k] - mlo[k]);
            shift[k] = (lo[k] - mlo[k]) / (mhi[k] - mlo[k]);
        }
    }

    private RescaledSurrogate(Surrogate inner, double[] scale, double[] shift) {
        this.inner = inner;
        this.scale = scale;
        this.shift = shift;
    }

    double[] map(double[] x) {
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) out[k] = k < scale.length ? scale[k] * x[k] + shift[k] : x[k];
        return out;
    }

    private double[][] map(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = map(x[i]);
        return out;
    }

    @Override
    public Model fit(String outcome, double[][] x, double[] y, double[] weights, double s) {
        return new Mapped(inner.fit(outcome, map(x), y, weights, s));
    }

    @Override
    public Model fit(String outcome, int index, double[][] x, double[] y, double[] weights, double s) {
        return new Mapped(inner.fit(outcome, index, map(x), y, weights, s));
    }

    @Override
    public void prefetch(String outcome, int index, double[][] x, double[] y, double[] weights) {
        inner.prefetch(outcome, index, map(x), y, weights);
    }

    @Override
    public boolean predictsWithoutData() {
        return inner.predictsWithoutData();
    }

    @Override
    public Surrogate forSafeMode() {
        Surrogate safe = inner.forSafeMode();
        return safe == inner ? this : new RescaledSurrogate(safe, scale, shift);
    }

    @Override
    public Surrogate forDrift(io.metaline.optimize.DriftPolicy drift) {
        Surrogate d = inner.forDrift(drift);
        return d == inner ? this : new RescaledSurrogate(d, scale, shift);
    }

    /**
     * The wrapped surrogate's objective over outcome features, its settings mapped the same way (the features that
     * follow them are not coordinates of either cube and pass unchanged).
     */
    @Override
    public ObjectiveOverOutcomes objectiveOverOutcomes() {
        ObjectiveOverOutcomes o = inner.objectiveOverOutcomes();
        return o == null ? null : new ObjectiveOverOutcomes(o.objective(), new RescaledSurrogate(o.surrogate(), scale, shift), o.features());
    }

    /** Proposals are settings in the parameters' own units, which the two cubes share. */
    @Override
    public java.util.List<java.util.Map<String, Double>> proposals() {
        return inner.proposals();
    }

    private final class Mapped implements Model {
        private final Model model;

        Mapped(Model model) {
            this.model = model;
        }

        @Override
        public double[][] predict(double[][] points) {
            return model.predict(map(points));
        }

        @Override
        public double[][] sample(double[][] points, int numSamples, io.metaline.engine.Rng rng) {
            return model.sample(map(points), numSamples, rng);
        }

        @Override
        public Model condition(double[] x, double y) {
            Model m = model.condition(map(x), y);
            return m == model ? this : new Mapped(m);
        }
    }
}
