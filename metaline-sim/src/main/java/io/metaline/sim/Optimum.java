package io.metaline.sim;

import java.util.Map;

/**
 * The true best feasible settings of a task and what they give: for the benchmark (regret, trials-to-target), never
 * for the optimiser.
 *
 * @param settings the best settings found, by parameter name in family order
 * @param value    the objective's noise-free value there
 * @param outcomes all noise-free outcomes there, by name in family order
 */
public record Optimum(Map<String, Double> settings, double value, Map<String, Double> outcomes) {
    public Optimum {
        settings = Settings.frozen(settings);
        outcomes = Settings.frozen(outcomes);
        if (!Double.isFinite(value)) throw new IllegalArgumentException("Optimum: value must be finite, got " + value);
    }
}
