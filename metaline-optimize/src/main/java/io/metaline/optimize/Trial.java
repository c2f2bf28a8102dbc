package io.metaline.optimize;

import java.time.Instant;
import java.util.Map;

/**
 * One run of the line: the settings suggested, the context it ran in, and what came back. Immutable snapshot.
 *
 * @param outcomes measured outcomes (empty unless COMPLETED)
 * @param note     why it failed, or null
 */
public record Trial(int id, Map<String, Double> settings, Map<String, Double> context, Status status,
                    Map<String, Double> outcomes, String note, Instant created, Instant finished) {
    public enum Status { PENDING, COMPLETED, FAILED }

    public Trial {
        settings = Map.copyOf(settings);
        context = context == null ? Map.of() : Map.copyOf(context);
        outcomes = outcomes == null ? Map.of() : Map.copyOf(outcomes);
    }

    Trial completed(Map<String, Double> measured, Instant at) {
        return new Trial(id, settings, context, Status.COMPLETED, measured, null, created, at);
    }

    Trial failed(String reason, Instant at) {
        return new Trial(id, settings, context, Status.FAILED, Map.of(), reason, created, at);
    }
}
