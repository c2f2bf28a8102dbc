package io.metaline.connect.mqtt;

import io.metaline.connect.mapping.TagInfo;
import io.metaline.connect.mapping.TagType;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/** Sparkplug B payloads the connector reads and writes (Eclipse Tahu). */
final class SparkplugCodec {
    static final String REBIRTH = "Node Control/Rebirth";

    private SparkplugCodec() {}

    static SparkplugBPayload decode(byte[] bytes) throws Exception {
        return new SparkplugBPayloadDecoder().buildFromByteArray(bytes, null);
    }

    /** Metric values by name; numbers as doubles, strings as strings; null values are left out. */
    static Map<String, Object> values(SparkplugBPayload p) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Metric m : p.getMetrics()) {
            Object v = m.getValue();
            if (m.getName() == null || v == null) continue;
            out.put(m.getName(), v instanceof Number n ? (Object) n.doubleValue() : v);
        }
        return out;
    }

    /** What a birth certificate says about each metric: its type and its {@code engUnit} property. */
    static Map<String, TagInfo> birth(SparkplugBPayload p) {
        Map<String, TagInfo> out = new LinkedHashMap<>();
        for (Metric m : p.getMetrics()) {
            if (m.getName() == null) continue;
            String unit = null;
            if (m.getProperties() != null) {
                PropertyValue<?> u = m.getProperties().getPropertyValue("engUnit");
                if (u != null && u.getValue() != null) unit = u.getValue().toString();
            }
            out.put(m.getName(), new TagInfo(type(m.getDataType()), unit, true));
        }
        return out;
    }

    static TagType type(MetricDataType t) {
        if (t == null) return null;
        if (t == MetricDataType.Double) return TagType.DOUBLE;
        if (t == MetricDataType.Float) return TagType.FLOAT;
        if (t == MetricDataType.Int8 || t == MetricDataType.Int16 || t == MetricDataType.Int32
                || t == MetricDataType.UInt8 || t == MetricDataType.UInt16) return TagType.INT32;
        if (t == MetricDataType.Int64 || t == MetricDataType.UInt32 || t == MetricDataType.UInt64) return TagType.INT64;
        if (t == MetricDataType.Boolean) return TagType.BOOLEAN;
        if (t == MetricDataType.String || t == MetricDataType.Text) return TagType.STRING;
        return null; // MetricDataType is a class of constants, not an enum
    }

    /** NCMD asking the edge node to publish its births again (how a host learns metric types after it connects). */
    static byte[] rebirthRequest() throws Exception {
        List<Metric> m = new ArrayList<>();
        m.add(new Metric.MetricBuilder(REBIRTH, MetricDataType.Boolean, true).createMetric());
        return new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayload(new Date(), m), false);
    }

    /** DCMD setting metrics (by metric name) to values of the given types. */
    static byte[] command(Map<String, Double> values, Map<String, TagType> types) throws Exception {
        List<Metric> m = new ArrayList<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            TagType t = types.getOrDefault(e.getKey(), TagType.DOUBLE);
            double v = e.getValue();
            Metric metric = switch (t == null ? TagType.DOUBLE : t) {
                case FLOAT -> new Metric.MetricBuilder(e.getKey(), MetricDataType.Float, (float) v).createMetric();
                case INT32 -> new Metric.MetricBuilder(e.getKey(), MetricDataType.Int32, (int) Math.rint(v)).createMetric();
                case INT64 -> new Metric.MetricBuilder(e.getKey(), MetricDataType.Int64, (long) Math.rint(v)).createMetric();
                default -> new Metric.MetricBuilder(e.getKey(), MetricDataType.Double, v).createMetric();
            };
            m.add(metric);
        }
        return new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayload(new Date(), m), false);
    }
}
