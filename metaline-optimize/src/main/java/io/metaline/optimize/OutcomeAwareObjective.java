package io.metaline.optimize;

import io.metaline.engine.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The objective modelled over the settings and the constrained outcomes: a model whose inputs are a point's encoding
 * followed by {@link OutcomeFeatures} of the constrained outcomes' predicted means there. Two forms: before
 * {@link #fromRuns} runs, where the surrogate has learnt one from earlier tasks ({@link Surrogate#objectiveOverOutcomes}),
 * that model fitted to the runs ({@link #learnt}); from then on a Gaussian process over the settings and the
 * outcomes' means scaled to [0, 1] over the runs ({@link #fit}). The learnt form carries what earlier tasks show
 * about the objective's dependence on the outcomes to the first runs: {@code bench optimize} (100 tasks, seed 0),
 * meta's regret at 5 / 10 trials on moulding, reflow and CNC 0.229 / 0.159, 0.217 / 0.188 and 0.488 / 0.222 without
 * it, 0.169 / 0.110, 0.182 / 0.108 and 0.438 / 0.154 with it (docs/benchmarks.md).
 *
 * <p>Why: a line's objective often depends steeply on its constrained outcomes and gently on the settings otherwise.
 * Cost per moulded part jumps with the rejects as a dimension leaves its tolerance, and the dimension depends on mould
 * temperature, holding pressure and cooling time together; so the cheap settings lie in a narrow valley along a
 * combination of settings. A kernel with one lengthscale per setting cannot follow such a valley (on the demo's line,
 * product 2026, each of those settings moved alone towards the optimum raised the cost by 3 to 73%, all of them
 * together lowered it by 4%), and the search stalls in it; the outcome models, each smooth in the settings, can. Given
 * them as inputs, the objective's steep direction is one input, and the valley is a long lengthscale along the others.
 * The demo's loop ({@code ./metaline bench demo}: eight moulding products, 100 runs each), median gap of the
 * recommended settings to the optimum after 30 / 50 / 100 runs: 12.6 / 7.9 / 3.7% with the objective over the settings
 * alone (3 of 8 within 2% after 100 runs), 8.2 / 4.4 / 1.5% with it over both (7 of 8).
 *
 * <p>The Gaussian process is used from {@link #fromRuns} runs on: a GP over more inputs needs more runs than the
 * earliest ones, where a meta-learned prior over the settings alone predicts better (an offline replica of the loop,
 * 14 products: started at run 5, the median gap after 20 runs was 21.8% instead of 18.2%). The outcome models' means at the runs, not the
 * measured values, are the runs' inputs, so that runs and candidates are placed alike (measured values, same replica:
 * 3.6% after 60 runs instead of 2.3%). Their uncertainty is not carried into the objective's. Stacked on the prior's
 * objective model instead (this GP fitted to its residuals) it did not help: 8.0% after 60 runs.
 */
record OutcomeAwareObjective(Surrogate.Model model, List<Surrogate.Model> outcomes, OutcomeFeatures features)
        implements Surrogate.Model {

    /** Completed runs from which a study with constrained outcomes models its objective this way. */
    static int fromRuns(SearchSpace space) {
        return Math.max(10, 2 * space.size());
    }

    /**
     * Fits the objective {@code y} at {@code x} over the settings and the given outcome models' means; outcome models
     * whose means do not vary over the runs add nothing and are left out. Null when none varies.
     *
     * @param surrogate the Gaussian process surrogate that fits the objective over the widened inputs
     */
    static OutcomeAwareObjective fit(GpSurrogate surrogate, String objective, double[][] x, double[] y, double[] weights,
                                     List<String> names, List<Surrogate.Model> outcomeModels) {
        List<Surrogate.Model> used = new ArrayList<>();
        List<String> usedNames = new ArrayList<>();
        List<double[]> means = new ArrayList<>();
        List<Double> lows = new ArrayList<>(), spans = new ArrayList<>();
        for (int k = 0; k < outcomeModels.size(); k++) {
            double[] mean = outcomeModels.get(k).predict(x)[0];
            double lo = Arrays.stream(mean).min().orElse(0), hi = Arrays.stream(mean).max().orElse(0);
            if (!(hi - lo > 1e-12 * Math.max(1, Math.abs(lo)))) continue;
            used.add(outcomeModels.get(k));
            usedNames.add(names.get(k));
            means.add(mean);
            lows.add(lo);
            spans.add(hi - lo);
        }
        if (used.isEmpty()) return null;
        OutcomeFeatures features = new OutcomeFeatures(usedNames, lows.stream().mapToDouble(Double::doubleValue).toArray(),
                spans.stream().mapToDouble(Double::doubleValue).toArray(), List.of());
        double[][] widened = features.append(x, means.toArray(double[][]::new));
        Surrogate.Model gp = surrogate.fit(objective + " (over settings and outcomes)", widened, y, weights, 0);
        return new OutcomeAwareObjective(gp, List.copyOf(used), features);
    }

    /**
     * The objective's model learnt from earlier tasks over the settings and {@code learnt.features()}, fitted to the
     * runs (the meta-learned one: its shared network plus a residual process on them), the features coming from the
     * given outcome models' means.
     *
     * @param outcomeModels the study's model of each of the features' outcomes, in their order
     */
    static OutcomeAwareObjective learnt(Surrogate.ObjectiveOverOutcomes learnt, double[][] x, double[] y, double[] weights,
                                        List<Surrogate.Model> outcomeModels) {
        OutcomeAwareObjective shape = new OutcomeAwareObjective(null, List.copyOf(outcomeModels), learnt.features());
        Surrogate.Model model = learnt.surrogate().fit(learnt.objective(), shape.widen(x), y, weights, 0);
        return new OutcomeAwareObjective(model, shape.outcomes(), learnt.features());
    }

    /** The points followed by their features, from each outcome model's predicted mean there. */
    double[][] widen(double[][] points) {
        double[][] means = new double[outcomes.size()][];
        for (int j = 0; j < means.length; j++) means[j] = outcomes.get(j).predict(points)[0];
        return features.append(points, means);
    }

    @Override
    public double[][] predict(double[][] points) {
        return model.predict(widen(points));
    }

    @Override
    public double[][] sample(double[][] points, int numSamples, Rng rng) {
        return model.sample(widen(points), numSamples, rng);
    }

    /** Conditioned at {@code x} widened by the outcome models as they are now (a pending trial's imagined result). */
    @Override
    public Surrogate.Model condition(double[] x, double y) {
        return new OutcomeAwareObjective(model.condition(widen(new double[][] {x})[0], y), outcomes, features);
    }
}
