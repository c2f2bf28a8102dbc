package io.metaline.optimize;

import io.metaline.optimize.acquisition.Normal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Constrained outcomes turned into extra inputs of a model of the objective: each outcome's value scaled by
 * {@code (v - lower) / span}, then, for each limit on one of them, a soft indicator that the limit holds: the
 * normal distribution function of the margin to the limit over {@value #SOFTNESS} of the outcome's span (0.5 at
 * the limit, near 1 well inside it, near 0 well outside).
 *
 * <p>Why the indicators: a line's objective often jumps where an outcome leaves its specification (a moulded part
 * out of tolerance is scrapped), and a smooth model needs many runs to place such a step; given where the limit
 * lies, the step is one input. Softened so that a value near the limit, measured or predicted, counts as partly in.
 * {@code bench optimize} (100 tasks, seed 0, meta-learned objective over these features in an experiment, median
 * regret after 10 trials on moulding / reflow / CNC): indicators as hard 0/1 steps 0.113 / 0.196 / 0.342, softened
 * over 0.02 of the span 0.093 / 0.170 / 0.156, over 0.1 of it 0.141 / 0.101 / 0.141, without indicators 0.157 / 0.122
 * / 0.184 (docs/benchmarks.md).
 *
 * @param outcomes the outcomes, in the order of their value features
 * @param lower    per outcome, the value scaled to 0
 * @param span     per outcome, the range scaled to 1 (positive)
 * @param limits   limits on those outcomes, in the order of their indicator features
 */
public record OutcomeFeatures(List<String> outcomes, double[] lower, double[] span, List<OutcomeConstraint> limits) {
    /** Width of an indicator's soft step, as a fraction of its outcome's span. */
    public static final double SOFTNESS = 0.1;

    public OutcomeFeatures {
        outcomes = List.copyOf(outcomes);
        limits = List.copyOf(limits);
        lower = lower.clone();
        span = span.clone();
        if (lower.length != outcomes.size() || span.length != outcomes.size()) {
            throw new IllegalArgumentException("outcome features: " + outcomes.size() + " outcomes but " + lower.length + " lower bounds and "
                    + span.length + " spans");
        }
        for (int j = 0; j < span.length; j++) {
            if (!(span[j] > 0) || !Double.isFinite(lower[j])) {
                throw new IllegalArgumentException("outcome features: '" + outcomes.get(j) + "' needs a finite lower bound and a positive span, got "
                        + lower[j] + " and " + span[j]);
            }
        }
        for (OutcomeConstraint c : limits) {
            if (!outcomes.contains(c.outcome())) {
                throw new IllegalArgumentException("outcome features: a limit on '" + c.outcome() + "', which is not one of " + outcomes);
            }
        }
    }

    /**
     * Features of the limited outcomes, scaled over the range of {@code values} (per outcome, every value seen);
     * an outcome that never varied gets span 1.
     *
     * @param limits the limits; their outcomes, in first-mention order, are the features' outcomes
     */
    public static OutcomeFeatures over(List<OutcomeConstraint> limits, java.util.function.Function<String, double[]> values) {
        List<String> outcomes = new ArrayList<>();
        for (OutcomeConstraint c : limits) if (!outcomes.contains(c.outcome())) outcomes.add(c.outcome());
        double[] lower = new double[outcomes.size()], span = new double[outcomes.size()];
        for (int j = 0; j < outcomes.size(); j++) {
            double[] v = values.apply(outcomes.get(j));
            double lo = Arrays.stream(v).min().orElse(0), hi = Arrays.stream(v).max().orElse(lo);
            lower[j] = lo;
            span[j] = hi - lo > 1e-12 * Math.max(1, Math.abs(lo)) ? hi - lo : 1;
        }
        return new OutcomeFeatures(outcomes, lower, span, limits);
    }

    /** Features added to a point's encoding. */
    public int width() {
        return outcomes.size() + limits.size();
    }

    /**
     * Each point followed by its features.
     *
     * @param values {@code values[j][i]}: outcome {@code j}'s value at point {@code i}
     */
    public double[][] append(double[][] points, double[][] values) {
        int w = outcomes.size();
        double[][] out = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            double[] row = Arrays.copyOf(points[i], points[i].length + width());
            int at = points[i].length;
            for (int j = 0; j < w; j++) row[at + j] = (values[j][i] - lower[j]) / span[j];
            for (int c = 0; c < limits.size(); c++) {
                OutcomeConstraint limit = limits.get(c);
                int j = outcomes.indexOf(limit.outcome());
                double margin = limit.limitAsUpper() - limit.asUpper(values[j][i]);
                row[at + w + c] = Normal.cdf(margin / (SOFTNESS * span[j]));
            }
            out[i] = row;
        }
        return out;
    }
}
