package io.metaline.optimize;

import java.util.List;
import java.util.Map;

/**
 * Safe mode: suggestions start from settings declared known-safe and move only where the model is confident,
 * at {@code beta} standard deviations, that every HARD limit holds. Without safe mode, hard limits still shape
 * the acquisition (probability of feasibility) but a suggestion may be uncertain.
 *
 * @param knownSafe settings the engineer declares safe, run first (at least one when enabled)
 */
public record SafetyConfig(boolean enabled, double beta, List<Map<String, Double>> knownSafe) {
    public static final SafetyConfig OFF = new SafetyConfig(false, 2.0, List.of());

    public SafetyConfig {
        if (!(beta >= 0) || !Double.isFinite(beta)) throw new IllegalArgumentException("safety: beta must be >= 0, got " + beta);
        knownSafe = knownSafe == null ? List.of() : knownSafe.stream().map(Map::copyOf).toList();
        if (enabled && knownSafe.isEmpty()) {
            throw new IllegalArgumentException("safety: safe mode needs at least one declared known-safe setting to start from");
        }
    }

    public static SafetyConfig safe(double beta, Map<String, Double> start) {
        return new SafetyConfig(true, beta, List.of(start));
    }
}
