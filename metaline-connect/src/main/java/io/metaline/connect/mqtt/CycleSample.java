package io.metaline.connect.mqtt;

import java.time.Instant;
import java.util.Map;

/**
 * One cycle as received over MQTT, whatever the payload format: the counters and every numeric value by its tag key
 * (a JSON field path such as {@code outcomes.warpage}, or a Sparkplug metric name such as {@code outcomes/warpage}).
 *
 * @param setpointsCycle the first cycle that ran with the setpoints of this one, or null when the source does not say
 * @param values         numeric values by tag key; a value the source sent as null is absent
 */
record CycleSample(long cycle, Long setpointsCycle, String product, Map<String, Double> values, Instant time) {}
