package io.metaline.sim.line;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One completed cycle of a line: what ran and what was measured. Immutable; maps keep the family's order.
 *
 * @param line              the line's id
 * @param cycle             the cycle number, 1 for the line's first cycle, counting across changeovers
 * @param product           the id of the task (product) that ran
 * @param settings          the setpoints the cycle ran with, every parameter of the family
 * @param context           the product's observable context (ambient temperature, material lot, ...)
 * @param outcomes          the measured outcomes, with measurement noise
 * @param hardLimitViolated whether the noise-free outcomes of these settings on the line's current (worn) state break
 *                          a hard limit ({@link io.metaline.sim.ProcessTask#violatesHardLimit})
 * @param time              when the cycle completed
 * @param setpointsCycle    the first cycle that ran with these setpoints (equal to {@code cycle} right after a setpoint
 *                          change or changeover)
 */
public record CycleResult(String line, long cycle, String product, Map<String, Double> settings,
                          Map<String, Double> context, Map<String, Double> outcomes, boolean hardLimitViolated,
                          Instant time, long setpointsCycle) {

    public CycleResult {
        if (line == null || line.isBlank()) throw new IllegalArgumentException("CycleResult: line must be non-blank");
        if (cycle < 1) throw new IllegalArgumentException("CycleResult: cycle must be >= 1, got " + cycle);
        if (product == null) throw new IllegalArgumentException("CycleResult: product must not be null");
        if (time == null) throw new IllegalArgumentException("CycleResult: time must not be null");
        if (setpointsCycle < 1 || setpointsCycle > cycle) {
            throw new IllegalArgumentException("CycleResult: setpointsCycle must be in [1, " + cycle + "], got "
                    + setpointsCycle);
        }
        settings = frozen("settings", settings);
        context = frozen("context", context);
        outcomes = frozen("outcomes", outcomes);
    }

    private static Map<String, Double> frozen(String what, Map<String, Double> map) {
        if (map == null) throw new IllegalArgumentException("CycleResult: " + what + " must not be null");
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
