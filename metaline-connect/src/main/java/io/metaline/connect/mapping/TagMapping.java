package io.metaline.connect.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where one study variable lives in the plant. Which fields apply depends on the source:
 * <ul>
 *   <li>OPC UA: {@code node}, the string identifier of the node in the source's namespace
 *       (e.g. {@code "line-1/outcomes/part_weight"}).</li>
 *   <li>MQTT JSON: {@code topic} and {@code field}, a dotted path into the payload
 *       (e.g. {@code "metaline/line-1/cycle"} and {@code "outcomes.part_weight"}); for a parameter the last path
 *       element is also the key written in the setpoint command.</li>
 *   <li>MQTT Sparkplug B: {@code metric}, the metric name in the device's DBIRTH/DDATA (e.g.
 *       {@code "outcomes/part_weight"}).</li>
 * </ul>
 *
 * @param type the data type the tag carries: {@code double}, {@code float}, {@code int32}, {@code int64},
 *             {@code boolean} or {@code string} (study variables need a numeric type)
 * @param unit the physical unit; must equal the study's unit for parameters and context variables, and the
 *             source's unit when the source declares one ({@code ""} for dimensionless or categorical)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagMapping(String node, String topic, String field, String metric, String type, String unit) {

    public static TagMapping opcua(String node, String type, String unit) {
        return new TagMapping(node, null, null, null, type, unit);
    }

    public static TagMapping json(String topic, String field, String type, String unit) {
        return new TagMapping(null, topic, field, null, type, unit);
    }

    public static TagMapping sparkplug(String metric, String type, String unit) {
        return new TagMapping(null, null, null, metric, type, unit);
    }

    /** The parsed type, or null when it is missing or unknown (the validator reports that). */
    public TagType tagType() {
        return TagType.parse(type);
    }

    /** The unit, {@code ""} when not given. */
    public String unitOrEmpty() {
        return unit == null ? "" : unit;
    }

    /** A short description of the tag for messages. */
    public String describe() {
        if (node != null) return "node '" + node + "'";
        if (metric != null) return "metric '" + metric + "'";
        if (topic != null) return "topic '" + topic + "' field '" + field + "'";
        return "(no tag)";
    }
}
