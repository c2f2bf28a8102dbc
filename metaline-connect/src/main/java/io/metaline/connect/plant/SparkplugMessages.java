package io.metaline.connect.plant;

import io.metaline.sim.Outcome;
import io.metaline.sim.Parameter;
import io.metaline.sim.line.CycleResult;
import io.metaline.sim.line.LineSimulator;
import org.eclipse.tahu.SparkplugInvalidTypeException;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The Sparkplug B payloads of the simulated plant (Eclipse Tahu). Metric names: {@code setpoints/{parameter}},
 * {@code outcomes/{outcome}}, {@code context/{name}} (Double), {@code state/cycle}, {@code state/setpointsCycle}
 * (Int64), {@code state/product} (String), {@code state/running} (Boolean). Birth certificates carry each metric's unit
 * as the property {@code engUnit}, and setpoints their bounds as {@code engLow} and {@code engHigh}.
 */
final class SparkplugMessages {
    static final String BD_SEQ = "bdSeq";
    static final String REBIRTH = "Node Control/Rebirth";

    private SparkplugMessages() {
    }

    /** NBIRTH: {@code bdSeq} and the rebirth control. */
    static byte[] nodeBirth(long seq, long bdSeq) {
        List<Metric> m = new ArrayList<>();
        m.add(metric(BD_SEQ, MetricDataType.Int64, bdSeq, null));
        m.add(metric(REBIRTH, MetricDataType.Boolean, false, null));
        return encode(new SparkplugBPayload(new Date(), m, seq));
    }

    /** NDEATH: the {@code bdSeq} of the birth it ends (no sequence number, per the specification). */
    static byte[] nodeDeath(long bdSeq) {
        List<Metric> m = new ArrayList<>();
        m.add(metric(BD_SEQ, MetricDataType.Int64, bdSeq, null));
        return encode(new SparkplugBPayload(new Date(), m));
    }

    /** DBIRTH of a line: every metric with its current value (outcomes of the last cycle, null before the first). */
    static byte[] deviceBirth(long seq, LineSimulator sim) {
        List<Metric> m = new ArrayList<>();
        Map<String, Double> setpoints = sim.setpoints();
        for (Parameter p : sim.family().parameters()) {
            m.add(metric("setpoints/" + p.name(), MetricDataType.Double, setpoints.get(p.name()),
                    properties(p.unit(), p.lower(), p.upper())));
        }
        Map<String, Double> last = sim.lastResult().map(CycleResult::outcomes).orElse(Map.of());
        for (Outcome o : sim.family().outcomes()) {
            m.add(metric("outcomes/" + o.name(), MetricDataType.Double, last.get(o.name()), properties(o.unit(), null, null)));
        }
        sim.context().forEach((name, v) -> m.add(metric("context/" + name, MetricDataType.Double, v, null)));
        m.add(metric("state/cycle", MetricDataType.Int64, sim.cycle(), null));
        m.add(metric("state/setpointsCycle", MetricDataType.Int64, sim.setpointsCycle(), null));
        m.add(metric("state/product", MetricDataType.String, sim.product().id(), null));
        m.add(metric("state/running", MetricDataType.Boolean, sim.isRunning(), null));
        return encode(new SparkplugBPayload(new Date(), m, seq));
    }

    /** DDATA of one cycle: outcomes, context, the setpoints it ran with, then the counters and product. */
    static byte[] deviceData(long seq, CycleResult r) {
        List<Metric> m = new ArrayList<>();
        r.outcomes().forEach((name, v) -> m.add(metric("outcomes/" + name, MetricDataType.Double, v, null)));
        r.context().forEach((name, v) -> m.add(metric("context/" + name, MetricDataType.Double, v, null)));
        r.settings().forEach((name, v) -> m.add(metric("setpoints/" + name, MetricDataType.Double, v, null)));
        m.add(metric("state/setpointsCycle", MetricDataType.Int64, r.setpointsCycle(), null));
        m.add(metric("state/product", MetricDataType.String, r.product(), null));
        m.add(metric("state/cycle", MetricDataType.Int64, r.cycle(), null));
        return encode(new SparkplugBPayload(Date.from(r.time()), m, seq));
    }

    private static PropertySet properties(String unit, Double low, Double high) {
        try {
            PropertySet.PropertySetBuilder b = new PropertySet.PropertySetBuilder()
                    .addProperty("engUnit", new PropertyValue<>(PropertyDataType.String, unit));
            if (low != null) b.addProperty("engLow", new PropertyValue<>(PropertyDataType.Double, low));
            if (high != null) b.addProperty("engHigh", new PropertyValue<>(PropertyDataType.Double, high));
            return b.createPropertySet();
        } catch (SparkplugInvalidTypeException e) {
            throw new IllegalStateException("cannot build metric properties", e);
        }
    }

    private static Metric metric(String name, MetricDataType type, Object value, PropertySet props) {
        try {
            Metric.MetricBuilder b = new Metric.MetricBuilder(name, type, value);
            if (props != null) b.properties(props);
            return b.createMetric();
        } catch (SparkplugInvalidTypeException e) {
            throw new IllegalStateException("metric " + name + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encode(SparkplugBPayload payload) {
        try {
            return new SparkplugBPayloadEncoder().getBytes(payload, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a Sparkplug B payload", e);
        }
    }
}
