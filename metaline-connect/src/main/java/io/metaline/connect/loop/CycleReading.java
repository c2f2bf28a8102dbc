package io.metaline.connect.loop;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One completed cycle as a connector read it, by study variable names.
 *
 * @param cycle    the line's cycle number
 * @param product  the product that ran (empty when the source does not say)
 * @param settings the setpoints the cycle ran with
 * @param outcomes the measured outcomes (every mapped outcome)
 * @param context  the context variables (every mapped one)
 * @param time     when the cycle completed (by the source's clock when it says, else when it was read)
 */
public record CycleReading(long cycle, String product, Map<String, Double> settings, Map<String, Double> outcomes,
                           Map<String, Double> context, Instant time) {
    public CycleReading {
        product = product == null ? "" : product;
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context == null ? Map.of() : context));
    }
}
