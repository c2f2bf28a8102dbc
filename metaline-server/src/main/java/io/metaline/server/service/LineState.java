package io.metaline.server.service;

import java.time.Instant;
import java.util.Map;

/** The last reported state of a production line (connectors report it). {@code updated} is set by the server. */
public record LineState(String id, String site, String product, String state, String studyId, long cycle,
                        Map<String, Double> setpoints, Map<String, Double> lastOutcomes, Instant updated) {
    public LineState {
        setpoints = setpoints == null ? Map.of() : Map.copyOf(setpoints);
        lastOutcomes = lastOutcomes == null ? Map.of() : Map.copyOf(lastOutcomes);
    }
}
