package io.metaline.connect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.metaline.connect.loop.CycleReading;
import io.metaline.connect.loop.LineConnection;
import io.metaline.connect.loop.LineConnectionException;
import io.metaline.connect.loop.SetpointRejectedException;
import io.metaline.connect.loop.SetpointWrite;
import io.metaline.connect.loop.Setpoints;
import io.metaline.connect.loop.SetpointsLostException;
import io.metaline.connect.mapping.LineMapping;
import io.metaline.connect.mapping.MappingException;
import io.metaline.connect.mapping.MappingValidator;
import io.metaline.connect.mapping.SourceSpec;
import io.metaline.connect.mapping.TagInfo;
import io.metaline.connect.mapping.TagInspector;
import io.metaline.connect.mapping.TagMapping;
import io.metaline.connect.mapping.TagType;
import io.metaline.optimize.Suggestion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line over MQTT 3.1.1 (HiveMQ client): cycles arrive as plain JSON ({@code metaline/{line}/cycle}) or Sparkplug B
 * DDATA; setpoints go out as a JSON command ({@code metaline/{line}/setpoints/set}, answered on
 * {@code .../setpoints/result}) or, for Sparkplug, as a DCMD.
 *
 * <p>Every outcome must arrive with the cycle counter (the JSON cycle message, or the DDATA carrying
 * {@code state/cycle}), so a cycle's outcomes are one consistent set. A run counts when its cycle came after the
 * write, its {@code setpointsCycle} (when the source gives it) is after the write, and it ran the written setpoints.
 * With the JSON command the plant's answer names the first cycle with the new setpoints; without an answer
 * (Sparkplug DCMD) the last cycle seen before the write is the bound.
 *
 * <p>{@link #open()} connects, subscribes, asks a Sparkplug edge node for its births (NCMD rebirth), and checks the
 * mapping against the first cycle (JSON: each field present and numeric) or the DBIRTH (types and {@code engUnit}).
 * Reconnection is automatic (HiveMQ's automatic reconnect, subscriptions renewed on every connect); cycles missed
 * while disconnected only delay a run, since a later cycle with the same setpoints counts.
 *
 * <p>Thread-safety: MQTT callbacks only add to thread-safe stores; calls may come from any thread.
 */
public final class MqttLineConnection implements LineConnection, TagInspector {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLineConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP = 512;

    private final LineMapping mapping;
    private final SourceSpec source;
    private final boolean sparkplug;
    private final String cycleTopic;
    private final Duration firstMessageTimeout;
    private final Object signal = new Object();
    private final ConcurrentSkipListMap<Long, CycleSample> samples = new ConcurrentSkipListMap<>();
    private final Map<String, Double> latest = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> rawLatest = new ConcurrentHashMap<>();
    private final Map<String, TagInfo> birth = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> results = new ConcurrentHashMap<>();
    private final Set<String> topics = new LinkedHashSet<>();
    private Mqtt3AsyncClient client;
    private volatile boolean lastWriteAcknowledged;

    /**
     * @param mapping             an MQTT mapping (json or sparkplug), already checked against the study
     * @param firstMessageTimeout how long {@link #open()} waits for the first cycle (or birth) to check the mapping
     */
    public MqttLineConnection(LineMapping mapping, Duration firstMessageTimeout) {
        if (mapping.source() == null || !mapping.source().isMqtt()) {
            throw new IllegalArgumentException("line " + mapping.line() + ": not an MQTT mapping (source.kind must be \"mqtt\")");
        }
        List<String> problems = new ArrayList<>(MappingValidator.shapeProblems(mapping));
        this.mapping = mapping;
        this.source = mapping.source();
        this.sparkplug = source.isSparkplug();
        this.cycleTopic = sparkplug ? source.sparkplugDataTopic(mapping.line()) : source.cycleTagOrDefault(mapping.line());
        this.firstMessageTimeout = firstMessageTimeout;
        if (!sparkplug) {
            for (Map.Entry<String, TagMapping> e : mapping.outcomes().entrySet()) {
                if (e.getValue().topic() != null && !e.getValue().topic().equals(cycleTopic)) {
                    problems.add("outcomes." + e.getKey() + ": outcomes must arrive with the cycle counter on topic '" + cycleTopic
                            + "', got topic '" + e.getValue().topic() + "'");
                }
            }
            for (TagMapping t : all()) if (t.topic() != null) topics.add(t.topic());
            topics.add(cycleTopic);
            topics.add(resultTopic());
        } else {
            topics.add(cycleTopic);
            topics.add(source.sparkplugBirthTopic(mapping.line()));
        }
        if (!problems.isEmpty()) throw new MappingException("line mapping of line '" + mapping.line() + "'", problems);
    }

    private List<TagMapping> all() {
        List<TagMapping> out = new ArrayList<>(mapping.parameters().values());
        out.addAll(mapping.outcomes().values());
        out.addAll(mapping.context().values());
        return out;
    }

    private String resultTopic() {
        String cmd = source.commandTopicOrDefault(mapping.line());
        return cmd.endsWith("/set") ? cmd.substring(0, cmd.length() - 4) + "/result" : cmd + "/result";
    }

    @Override
    public String line() {
        return mapping.line();
    }

    @Override
    public synchronized void open() throws Exception {
        if (client != null) return;
        Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3()
                .identifier("metaline-connector-" + line() + "-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(source.host()).serverPort(source.port())
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(2, TimeUnit.SECONDS).applyAutomaticReconnect()
                .addConnectedListener(ctx -> onConnected())
                .addDisconnectedListener(ctx -> LOG.warn("line {}: MQTT connection to {}:{} lost: {}", line(), source.host(), source.port(),
                        ctx.getCause() == null ? "closed" : ctx.getCause().toString()))
                .buildAsync();
        c.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onMessage);
        this.client = c;
        try {
            c.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            this.client = null;
            c.disconnect();
            throw new LineConnectionException("cannot connect to the MQTT broker " + source.host() + ":" + source.port() + ": " + e, e);
        }
        // Wait for what the validation needs: a cycle (JSON) or the device's birth (Sparkplug; requested on connect).
        long end = System.nanoTime() + firstMessageTimeout.toNanos();
        // Sparkplug waits for the DBIRTH (types and units of every metric); DDATA alone is the fallback.
        while ((sparkplug ? birth.isEmpty() : samples.isEmpty()) && System.nanoTime() < end) {
            synchronized (signal) {
                signal.wait(50);
            }
        }
        if (sparkplug && birth.isEmpty()) {
            LOG.warn("line {}: no DBIRTH from {} within {}; checking the mapping against DDATA only (no units)", line(),
                    source.edgeNodeOrDefault(), firstMessageTimeout);
        }
        List<String> problems = MappingValidator.liveProblems(mapping, this);
        if (!problems.isEmpty()) {
            close();
            throw new MappingException("line mapping of line '" + line() + "' does not match the live source", problems);
        }
        LOG.info("line {}: connected to MQTT {}:{} ({}), last cycle {}", line(), source.host(), source.port(),
                sparkplug ? "Sparkplug B" : "JSON", samples.isEmpty() ? "none yet" : samples.lastKey());
    }

    /** On every (re)connect: subscribe again (the session is clean) and ask a Sparkplug edge node for its births. */
    private void onConnected() {
        Mqtt3AsyncClient c = client;
        if (c == null) return;
        for (String t : topics) {
            c.subscribeWith().topicFilter(t).qos(MqttQos.AT_LEAST_ONCE).send().whenComplete((ack, e) -> {
                if (e != null) LOG.warn("line {}: subscribing to {} failed: {}", line(), t, e.toString());
                else if (sparkplug && t.equals(source.sparkplugBirthTopic(line()))) requestRebirth();
            });
        }
    }

    private void requestRebirth() {
        try {
            String topic = "spBv1.0/" + source.groupOrDefault() + "/NCMD/" + source.edgeNodeOrDefault();
            client.publishWith().topic(topic).payload(SparkplugCodec.rebirthRequest()).qos(MqttQos.AT_LEAST_ONCE).send();
        } catch (Exception e) {
            LOG.warn("line {}: could not request a Sparkplug rebirth: {}", line(), e.toString());
        }
    }

    private void onMessage(Mqtt3Publish p) {
        String topic = p.getTopic().toString();
        try {
            if (sparkplug) onSparkplug(topic, p.getPayloadAsBytes());
            else onJson(topic, p.getPayloadAsBytes());
        } catch (Exception e) {
            LOG.warn("line {}: ignored an unreadable message on {}: {}", line(), topic, e.toString());
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void onJson(String topic, byte[] payload) throws Exception {
        JsonNode root = JSON.readTree(payload);
        if (topic.equals(resultTopic())) {
            if (root.hasNonNull("requestId")) results.put(root.get("requestId").asText(), root);
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        flatten("", root, values, topic);
        values.forEach((k, v) -> latest.put(topic + "#" + k, v));
        if (topic.equals(cycleTopic) && root.path("cycle").canConvertToLong()) {
            Long spc = root.path("setpointsCycle").canConvertToLong() ? root.get("setpointsCycle").asLong() : null;
            Instant time = Instant.now();
            try {
                if (root.hasNonNull("timestamp")) time = Instant.parse(root.get("timestamp").asText());
            } catch (RuntimeException ignored) {
                // keep the receive time
            }
            add(new CycleSample(root.get("cycle").asLong(), spc, root.path("product").asText(""), values, time));
        }
    }

    private void flatten(String prefix, JsonNode n, Map<String, Double> out, String topic) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            rawLatest.put(topic + "#" + key, v);
            if (v.isObject()) flatten(key, v, out, topic);
            else if (v.isNumber()) out.put(key, v.doubleValue());
        }
    }

    private void onSparkplug(String topic, byte[] payload) throws Exception {
        SparkplugBPayload p = SparkplugCodec.decode(payload);
        Map<String, Object> values = SparkplugCodec.values(p);
        if (topic.equals(source.sparkplugBirthTopic(line()))) birth.putAll(SparkplugCodec.birth(p));
        Map<String, Double> numbers = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Double d) numbers.put(k, d);
        });
        numbers.forEach(latest::put);
        String cycleMetric = source.cycleTagOrDefault(line());
        if (topic.equals(cycleTopic) && numbers.containsKey(cycleMetric)) {
            String stateFolder = cycleMetric.contains("/") ? cycleMetric.substring(0, cycleMetric.lastIndexOf('/') + 1) : "";
            Double spc = numbers.get(stateFolder + "setpointsCycle");
            Object product = values.get(stateFolder + "product");
            add(new CycleSample(numbers.get(cycleMetric).longValue(), spc == null ? null : spc.longValue(),
                    product == null ? "" : product.toString(), numbers, p.getTimestamp() == null ? Instant.now() : p.getTimestamp().toInstant()));
        }
    }

    private void add(CycleSample s) {
        samples.put(s.cycle(), s);
        while (samples.size() > KEEP) samples.pollFirstEntry();
    }

    /** The tag key of a mapping entry: a metric name, or topic#field for JSON. */
    private String key(TagMapping t) {
        return sparkplug ? t.metric() : t.topic() + "#" + t.field();
    }

    /** The key within a cycle sample (its own topic's fields, or metric names). */
    private String sampleKey(TagMapping t) {
        return sparkplug ? t.metric() : t.field();
    }

    // ------------------------------------------------------------------ TagInspector

    @Override
    public Optional<TagInfo> inspect(TagMapping tag) {
        if (sparkplug) {
            TagInfo b = birth.get(tag.metric());
            if (b != null) return Optional.of(b);
            CycleSample last = samples.isEmpty() ? null : samples.lastEntry().getValue();
            if (last != null && last.values().containsKey(tag.metric())) return Optional.of(new TagInfo(tag.tagType(), null, true));
            return Optional.empty();
        }
        JsonNode v = rawLatest.get(key(tag));
        if (v == null) return Optional.empty();
        TagType declared = tag.tagType();
        TagType seen;
        if (v.isNull()) seen = declared; // a value the line could not measure: present, type unknown
        else if (v.isNumber()) seen = declared != null && declared.numeric() && (!declared.integral() || v.isIntegralNumber()) ? declared
                : v.isIntegralNumber() ? TagType.INT64 : TagType.DOUBLE;
        else if (v.isBoolean()) seen = TagType.BOOLEAN;
        else if (v.isTextual()) seen = TagType.STRING;
        else seen = null;
        return Optional.of(new TagInfo(seen, null, true));
    }

    // ------------------------------------------------------------------ reads and writes

    private Mqtt3AsyncClient connected() throws LineConnectionException {
        Mqtt3AsyncClient c = client;
        if (c == null) throw new LineConnectionException("line " + line() + ": not connected (call open())", null);
        if (!c.getState().isConnected()) throw new LineConnectionException("line " + line() + ": MQTT connection to "
                + source.host() + ":" + source.port() + " is down (reconnecting)", null);
        return c;
    }

    @Override
    public Map<String, Double> readContext() throws LineConnectionException {
        return latestValues(mapping.context(), "context");
    }

    @Override
    public Map<String, Double> readSetpoints() throws LineConnectionException {
        return latestValues(mapping.parameters(), "setpoints");
    }

    private Map<String, Double> latestValues(Map<String, TagMapping> tags, String what) throws LineConnectionException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, TagMapping> e : tags.entrySet()) {
            Double v = latest.get(key(e.getValue()));
            if (v == null) throw new LineConnectionException("line " + line() + ": no value of " + what + " '" + e.getKey() + "' ("
                    + e.getValue().describe() + ") received yet", null);
            out.put(e.getKey(), v);
        }
        return out;
    }

    @Override
    public SetpointWrite write(Map<String, Double> settings) throws Exception {
        Mqtt3AsyncClient c = connected();
        long seenBefore = samples.isEmpty() ? 0 : samples.lastKey();
        if (sparkplug) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            Map<String, TagType> types = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : settings.entrySet()) {
                TagMapping t = tag(e.getKey());
                metrics.put(t.metric(), e.getValue());
                types.put(t.metric(), t.tagType());
            }
            String topic = "spBv1.0/" + source.groupOrDefault() + "/DCMD/" + source.edgeNodeOrDefault() + "/" + source.deviceOrDefault(line());
            send(c, topic, SparkplugCodec.command(metrics, types));
            lastWriteAcknowledged = false;
            return new SetpointWrite(settings, seenBefore);
        }
        String requestId = UUID.randomUUID().toString();
        ObjectNode cmd = JSON.createObjectNode();
        ObjectNode s = cmd.putObject("settings");
        for (Map.Entry<String, Double> e : settings.entrySet()) {
            String field = tag(e.getKey()).field();
            s.put(field.substring(field.lastIndexOf('.') + 1), e.getValue());
        }
        cmd.put("requestId", requestId);
        send(c, source.commandTopicOrDefault(line()), JSON.writeValueAsBytes(cmd));
        // The plant answers each command; a line that does not is handled like Sparkplug (bound: last cycle seen).
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            JsonNode r = results.remove(requestId);
            if (r != null) {
                if (!r.path("accepted").asBoolean(false)) {
                    throw new SetpointRejectedException("line " + line() + " refused setpoints " + settings + ": " + r.path("error").asText("no reason given"));
                }
                lastWriteAcknowledged = true;
                return new SetpointWrite(settings, r.path("setpointsCycle").asLong(seenBefore + 1) - 1);
            }
            synchronized (signal) {
                signal.wait(20);
            }
        }
        LOG.warn("line {}: no answer to setpoint command {} within 5 s; counting cycles after {}", line(), requestId, seenBefore);
        lastWriteAcknowledged = false;
        return new SetpointWrite(settings, seenBefore);
    }

    private TagMapping tag(String parameter) {
        TagMapping t = mapping.parameters().get(parameter);
        if (t == null) throw new IllegalArgumentException("line " + line() + ": parameter '" + parameter + "' is not mapped");
        return t;
    }

    private void send(Mqtt3AsyncClient c, String topic, byte[] payload) throws LineConnectionException {
        try {
            c.publishWith().topic(topic).payload(payload).qos(MqttQos.AT_LEAST_ONCE).send().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new LineConnectionException("publishing to " + topic + " failed: " + e, e);
        }
    }

    @Override
    public Optional<CycleReading> awaitRun(SetpointWrite written, Duration wait) throws Exception {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<CycleReading> r = findRun(written);
            if (r.isPresent()) return r;
            long left = end - System.nanoTime();
            if (left <= 0) return Optional.empty();
            synchronized (signal) {
                signal.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        }
    }

    private Optional<CycleReading> findRun(SetpointWrite written) throws SetpointsLostException {
        int mismatches = 0;
        for (CycleSample s : samples.tailMap(written.cycleBefore(), false).values()) {
            Map<String, Double> sp = new LinkedHashMap<>();
            for (Map.Entry<String, TagMapping> e : mapping.parameters().entrySet()) sp.put(e.getKey(), s.values().get(sampleKey(e.getValue())));
            boolean after = s.setpointsCycle() == null || s.setpointsCycle() > written.cycleBefore();
            if (Setpoints.match(written.settings(), sp)) {
                if (!after) continue; // the same values, set before the write: wait for a cycle started after it
                Map<String, Double> outcomes = new LinkedHashMap<>();
                for (Map.Entry<String, TagMapping> e : mapping.outcomes().entrySet()) outcomes.put(e.getKey(), s.values().get(sampleKey(e.getValue())));
                Map<String, Double> context = new LinkedHashMap<>();
                for (Map.Entry<String, TagMapping> e : mapping.context().entrySet()) {
                    Double v = s.values().get(sampleKey(e.getValue()));
                    context.put(e.getKey(), v != null ? v : latest.get(key(e.getValue())));
                }
                return Optional.of(new CycleReading(s.cycle(), s.product(), sp, outcomes, context, s.time()));
            }
            // A later cycle with other setpoints: after an acknowledged write it means they were replaced; without an
            // acknowledgement, a few such cycles may still predate the write's arrival.
            if (lastWriteAcknowledged || ++mismatches >= 5) {
                throw new SetpointsLostException("line " + line() + " ran cycle " + s.cycle() + " with " + sp + ", not the written " + written.settings(), sp);
            }
        }
        return Optional.empty();
    }

    /**
     * Publishes a suggestion for operators' screens on {@code metaline/{line}/suggestions} (retained: the latest
     * stays visible): trial id, parameters, predictions, reason and approval state.
     */
    public void publishSuggestion(Suggestion s, String approval) throws LineConnectionException {
        ObjectNode n = JSON.createObjectNode();
        n.put("trialId", s.trialId());
        ObjectNode params = n.putObject("parameters");
        s.settings().forEach(params::put);
        ObjectNode pred = n.putObject("predictions");
        s.predictions().forEach((k, v) -> pred.putObject(k).put("mean", v.mean()).put("std", v.sd()));
        n.put("reason", s.reason());
        n.put("approval", approval);
        try {
            Mqtt3AsyncClient c = connected();
            c.publishWith().topic("metaline/" + line() + "/suggestions").payload(JSON.writeValueAsBytes(n))
                    .qos(MqttQos.AT_LEAST_ONCE).retain(true).send().get(5, TimeUnit.SECONDS);
        } catch (LineConnectionException e) {
            throw e;
        } catch (Exception e) {
            throw new LineConnectionException("publishing suggestion " + s.trialId() + " failed: " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        Mqtt3AsyncClient c = client;
        client = null;
        if (c == null) return;
        try {
            c.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("line {}: disconnect: {}", line(), e.toString());
        }
    }
}
