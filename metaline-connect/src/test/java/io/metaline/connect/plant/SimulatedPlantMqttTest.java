package io.metaline.connect.plant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.metaline.sim.InjectionMoulding;
import io.metaline.sim.line.CycleResult;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A HiveMQ MQTT client against the plant's embedded broker: JSON cycles, Sparkplug B, setpoint commands. */
class SimulatedPlantMqttTest {
    private static final String LINE = "im-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimulatedPlant plant;
    private static Mqtt3AsyncClient client;
    private static final BlockingQueue<JsonNode> cycles = new LinkedBlockingQueue<>();
    private static final BlockingQueue<SparkplugBPayload> ddata = new LinkedBlockingQueue<>();
    private static final BlockingQueue<String> births = new LinkedBlockingQueue<>();
    private static final BlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();
    private static final BlockingQueue<JsonNode> states = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        plant = SimulatedPlant.start(SimulatedPlant.Config.stepped(
                SimulatedPlant.LineSpec.of(LINE, InjectionMoulding.NAME, 21)));
        PlantEndpoints e = plant.endpoints();
        client = MqttClient.builder().useMqttVersion3().identifier("plant-test").serverHost(e.mqttHost())
                .serverPort(e.mqttPort()).buildAsync();
        client.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);
        subscribe(PlantAddresses.cycleTopic(LINE), p -> cycles.add(JSON.readTree(p)));
        subscribe(PlantAddresses.stateTopic(LINE), p -> states.add(JSON.readTree(p)));
        subscribe(PlantAddresses.setpointResultTopic(LINE), p -> results.add(JSON.readTree(p)));
        subscribe(PlantAddresses.sparkplugDeviceTopic("DDATA", LINE), p -> ddata.add(decode(p)));
        subscribe(PlantAddresses.sparkplugNodeTopic("NBIRTH"), p -> births.add("NBIRTH " + decode(p).getSeq()));
        subscribe(PlantAddresses.sparkplugDeviceTopic("DBIRTH", LINE),
                p -> births.add("DBIRTH " + decode(p).getSeq() + " " + decode(p).getMetricCount()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) client.disconnect().get(10, TimeUnit.SECONDS);
        if (plant != null) plant.close();
    }

    private interface Handler {
        void accept(byte[] payload) throws Exception;
    }

    private static void subscribe(String topic, Handler handler) throws Exception {
        client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).callback(m -> {
            try {
                handler.accept(m.getPayloadAsBytes());
            } catch (Exception ex) {
                throw new IllegalStateException("bad payload on " + topic, ex);
            }
        }).send().get(10, TimeUnit.SECONDS);
    }

    private static SparkplugBPayload decode(byte[] bytes) throws Exception {
        return new SparkplugBPayloadDecoder().buildFromByteArray(bytes, null);
    }

    private static <T> T next(BlockingQueue<T> q, String what) throws InterruptedException {
        T v = q.poll(10, TimeUnit.SECONDS);
        assertNotNull(v, "timed out waiting for " + what);
        return v;
    }

    private static void publish(String topic, byte[] payload) throws Exception {
        client.publishWith().topic(topic).payload(payload).qos(MqttQos.AT_LEAST_ONCE).send()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachCycleArrivesAsJsonAndAsSparkplugDdata() throws Exception {
        cycles.clear();
        ddata.clear();
        CycleResult r = plant.runCycle(LINE);
        JsonNode j = next(cycles, "the JSON cycle");
        assertEquals(LINE, j.get("line").asText());
        assertEquals(r.cycle(), j.get("cycle").asLong());
        assertEquals(r.product(), j.get("product").asText());
        assertEquals(r.setpointsCycle(), j.get("setpointsCycle").asLong());
        assertEquals(r.time(), Instant.parse(j.get("timestamp").asText()));
        for (var e : r.outcomes().entrySet()) assertEquals(e.getValue(), j.get("outcomes").get(e.getKey()).asDouble());
        for (var e : r.settings().entrySet()) assertEquals(e.getValue(), j.get("settings").get(e.getKey()).asDouble());
        for (var e : r.context().entrySet()) assertEquals(e.getValue(), j.get("context").get(e.getKey()).asDouble());

        SparkplugBPayload p = next(ddata, "the DDATA");
        Map<String, Object> metrics = p.getMetrics().stream().collect(Collectors.toMap(Metric::getName,
                Metric::getValue));
        assertEquals(r.cycle(), metrics.get("state/cycle"));
        assertEquals(r.setpointsCycle(), metrics.get("state/setpointsCycle"));
        for (var e : r.outcomes().entrySet()) assertEquals(e.getValue(), metrics.get("outcomes/" + e.getKey()));
        for (var e : r.settings().entrySet()) assertEquals(e.getValue(), metrics.get("setpoints/" + e.getKey()));
        for (var e : r.context().entrySet()) assertEquals(e.getValue(), metrics.get("context/" + e.getKey()));
        assertEquals(Date.from(r.time()), p.getTimestamp());
        assertNotNull(p.getSeq());
    }

    @Test
    void aSetpointCommandIsAppliedFromTheNextCycleAndAnswered() throws Exception {
        results.clear();
        cycles.clear();
        plant.runCycle(LINE);
        next(cycles, "a cycle before the command");
        publish(PlantAddresses.setpointCommandTopic(LINE), """
                {"settings":{"holding_time":6.5,"cooling_time":12.0},"requestId":"r-1"}"""
                .getBytes(StandardCharsets.UTF_8));
        JsonNode answer = next(results, "the command's answer");
        assertEquals("r-1", answer.get("requestId").asText());
        assertTrue(answer.get("accepted").asBoolean(), answer.toString());
        long first = answer.get("setpointsCycle").asLong();
        assertEquals(plant.line(LINE).cycle() + 1, first);
        CycleResult r = plant.runCycle(LINE);
        assertEquals(first, r.cycle());
        assertEquals(6.5, r.settings().get("holding_time"));
        assertEquals(12.0, r.settings().get("cooling_time"));
        JsonNode j = next(cycles, "the JSON cycle");
        while (j.get("cycle").asLong() < first) j = next(cycles, "the JSON cycle");
        assertEquals(first, j.get("setpointsCycle").asLong());
    }

    @Test
    void anInvalidCommandIsRefusedWithTheReasonAndChangesNothing() throws Exception {
        results.clear();
        Map<String, Double> before = plant.line(LINE).setpoints();
        publish(PlantAddresses.setpointCommandTopic(LINE), """
                {"settings":{"holding_time":6.0,"injection_speed":500},"requestId":"r-2"}"""
                .getBytes(StandardCharsets.UTF_8));
        JsonNode answer = next(results, "the refusal");
        assertEquals("r-2", answer.get("requestId").asText());
        assertFalse(answer.get("accepted").asBoolean());
        assertTrue(answer.get("error").asText().contains("injection_speed"), answer.toString());
        publish(PlantAddresses.setpointCommandTopic(LINE), "not json".getBytes(StandardCharsets.UTF_8));
        JsonNode garbled = next(results, "the refusal of a non-JSON command");
        assertFalse(garbled.get("accepted").asBoolean());
        assertTrue(garbled.get("error").asText().contains("not JSON"), garbled.toString());
        assertEquals(before, plant.line(LINE).setpoints());
    }

    @Test
    void aRebirthRequestRepublishesTheBirthCertificates() throws Exception {
        SparkplugBPayload rebirth = new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(new Date())
                .addMetric(new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, true)
                        .createMetric())
                .createPayload();
        InjectionMoulding f = new InjectionMoulding();
        int metrics = f.parameters().size() + f.outcomes().size() + f.contextNames().size() + 4;
        // Sparkplug B sends births at QoS 0, so a broker under load may drop one; a host application then asks
        // again, and so does this test (at most three times). A birth from the plant's start that arrives late is
        // skipped: the node birth comes first.
        for (int attempt = 1; ; attempt++) {
            births.clear();
            publish(PlantAddresses.sparkplugNodeTopic("NCMD"), new SparkplugBPayloadEncoder().getBytes(rebirth, false));
            String birth = births.poll(5, TimeUnit.SECONDS);
            while (birth != null && birth.startsWith("DBIRTH")) birth = births.poll(5, TimeUnit.SECONDS);
            String device = birth == null ? null : births.poll(5, TimeUnit.SECONDS);
            if (device != null || attempt == 3) {
                assertEquals("NBIRTH 0", birth);
                assertEquals("DBIRTH 1 " + metrics, device);
                return;
            }
        }
    }

    @Test
    void aSparkplugDcmdSetsSetpoints() throws Exception {
        SparkplugBPayload cmd = new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(new Date())
                .addMetric(new Metric.MetricBuilder("setpoints/mould_temperature", MetricDataType.Double, 52.0)
                        .createMetric())
                .createPayload();
        publish(PlantAddresses.sparkplugDeviceTopic("DCMD", LINE), new SparkplugBPayloadEncoder().getBytes(cmd, false));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (plant.line(LINE).setpoints().get("mould_temperature") != 52.0) {
            assertTrue(System.nanoTime() < deadline, "DCMD not applied");
            Thread.sleep(10);
        }
    }

    @Test
    void theRetainedStateNamesTheProduct() throws Exception {
        Mqtt3AsyncClient late = MqttClient.builder().useMqttVersion3().identifier("plant-test-late")
                .serverHost(plant.endpoints().mqttHost()).serverPort(plant.endpoints().mqttPort()).buildAsync();
        late.connect().get(10, TimeUnit.SECONDS);
        BlockingQueue<JsonNode> got = new LinkedBlockingQueue<>();
        late.subscribeWith().topicFilter(PlantAddresses.stateTopic(LINE)).callback(m -> {
            try {
                got.add(JSON.readTree(m.getPayloadAsBytes()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).send().get(10, TimeUnit.SECONDS);
        JsonNode state = next(got, "the retained state");
        assertEquals(plant.line(LINE).product().id(), state.get("product").asText());
        assertFalse(state.get("running").asBoolean());
        late.disconnect().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aChangeoverUpdatesTheRetainedState() throws Exception {
        states.clear();
        String product = plant.changeover(LINE, 5L).id();
        JsonNode state = next(states, "the state after the changeover");
        while (!state.get("product").asText().equals(product)) state = next(states, "the new product's state");
        assertEquals(product, state.get("product").asText());
    }
}
