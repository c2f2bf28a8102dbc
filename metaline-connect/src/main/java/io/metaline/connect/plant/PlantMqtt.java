package io.metaline.connect.plant;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.metaline.sim.line.CycleListener;
import io.metaline.sim.line.CycleResult;
import io.metaline.sim.line.LineSimulator;
import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT side of the simulated plant: an embedded Moquette broker (MQTT 3.1.1, anonymous, loopback only, no
 * persistence) and the plant's own client, the Sparkplug B edge node {@code line-simulator}, which publishes every
 * cycle as JSON and as Sparkplug B DDATA, keeps a retained state message per line, and applies setpoint commands.
 *
 * <p>Sparkplug B session: the client connects with NDEATH as its will, publishes NBIRTH (seq 0, {@code bdSeq}) and a
 * DBIRTH per line, then DDATA per cycle with seq incrementing modulo 256; on an NCMD {@code Node Control/Rebirth} it
 * publishes the births again; on close it publishes NDEATH before disconnecting. DCMD metrics
 * {@code setpoints/{parameter}} set setpoints like the JSON command (all or none).
 *
 * <p>Thread-safety: publishing is serialised on this object, so sequence numbers follow publication order.
 */
final class PlantMqtt implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(PlantMqtt.class);
    private static final long TIMEOUT_SECONDS = 10;
    private static final String CLIENT_ID = "metaline-line-simulator";

    private final Server broker;
    private final int port;
    private final Mqtt3AsyncClient client;
    private final Map<String, LineSimulator> lines = new LinkedHashMap<>();
    private final Map<LineSimulator, CycleListener> listeners = new LinkedHashMap<>();
    private final long bdSeq;
    private long seq;
    private boolean closed;

    private PlantMqtt(Server broker, int port, Mqtt3AsyncClient client, List<LineSimulator> lines, long bdSeq) {
        this.broker = broker;
        this.port = port;
        this.client = client;
        this.bdSeq = bdSeq;
        for (LineSimulator l : lines) this.lines.put(l.line(), l);
    }

    /** Starts the broker on {@code port} (a concrete free port), connects the edge node, publishes the births. */
    static PlantMqtt start(List<LineSimulator> lines, int port) throws Exception {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, HOST);
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        // Nothing may leave the machine.
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        Server broker = new Server();
        broker.startServer(new MemoryConfig(p));
        long bdSeq = 0;
        Mqtt3AsyncClient client = null;
        try {
            client = MqttClient.builder().useMqttVersion3()
                    .identifier(CLIENT_ID)
                    .serverHost(HOST)
                    .serverPort(port)
                    .willPublish()
                    .topic(PlantAddresses.sparkplugNodeTopic("NDEATH"))
                    .payload(SparkplugMessages.nodeDeath(bdSeq))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .applyWillPublish()
                    .buildAsync();
            client.connectWith().cleanSession(true).send().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            PlantMqtt mqtt = new PlantMqtt(broker, port, client, lines, bdSeq);
            mqtt.subscribe();
            mqtt.births();
            for (LineSimulator l : lines) mqtt.publishState(l);
            mqtt.attach();
            return mqtt;
        } catch (Exception e) {
            if (client != null) client.disconnect();
            broker.stopServer();
            throw e;
        }
    }

    /** The broker's port. */
    int port() {
        return port;
    }

    private void subscribe() throws Exception {
        client.subscribeWith().topicFilter("metaline/+/setpoints/set").qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::onSetpointCommand).send().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter(PlantAddresses.sparkplugNodeTopic("NCMD")).qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::onNodeCommand).send().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter(PlantAddresses.sparkplugNodeTopic("DCMD") + "/+")
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::onDeviceCommand).send().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void attach() {
        for (LineSimulator sim : lines.values()) {
            CycleListener l = new CycleListener() {
                @Override
                public void onCycle(CycleResult result) {
                    publishCycle(sim, result);
                }

                @Override
                public void onSetpointsChanged(String line, String product, Map<String, Double> s, long first) {
                    publishState(sim);
                }
            };
            listeners.put(sim, l);
            sim.addListener(l);
        }
    }

    /** NBIRTH (sequence restarts at 0) and a DBIRTH per line. */
    private synchronized void births() {
        seq = 0;
        publish(PlantAddresses.sparkplugNodeTopic("NBIRTH"), SparkplugMessages.nodeBirth(nextSeq(), bdSeq),
                MqttQos.AT_MOST_ONCE, false);
        for (LineSimulator sim : lines.values()) {
            publish(PlantAddresses.sparkplugDeviceTopic("DBIRTH", sim.line()),
                    SparkplugMessages.deviceBirth(nextSeq(), sim), MqttQos.AT_MOST_ONCE, false);
        }
    }

    private long nextSeq() {
        long s = seq;
        seq = (seq + 1) % 256;
        return s;
    }

    private synchronized void publishCycle(LineSimulator sim, CycleResult r) {
        if (closed) return;
        publish(PlantAddresses.cycleTopic(sim.line()), CycleMessages.cycle(r), MqttQos.AT_LEAST_ONCE, false);
        publish(PlantAddresses.sparkplugDeviceTopic("DDATA", sim.line()),
                SparkplugMessages.deviceData(nextSeq(), r), MqttQos.AT_MOST_ONCE, false);
    }

    /** Publishes the retained {@code {"product","running"}} of a line. */
    synchronized void publishState(LineSimulator sim) {
        if (closed) return;
        publish(PlantAddresses.stateTopic(sim.line()), CycleMessages.state(sim.product().id(), sim.isRunning()),
                MqttQos.AT_LEAST_ONCE, true);
    }

    private void publish(String topic, byte[] payload, MqttQos qos, boolean retain) {
        client.publishWith().topic(topic).payload(payload).qos(qos).retain(retain).send()
                .whenComplete((ack, e) -> {
                    if (e != null) LOG.warn("publish to {} failed: {}", topic, e.toString());
                });
    }

    private void onSetpointCommand(Mqtt3Publish message) {
        String topic = message.getTopic().toString();
        String line = topic.split("/")[1];
        LineSimulator sim = lines.get(line);
        String requestId = null;
        byte[] reply;
        try {
            if (sim == null) {
                throw new IllegalArgumentException("no line '" + line + "'; the plant's lines are " + lines.keySet());
            }
            CycleMessages.SetpointCommand command = CycleMessages.parseCommand(message.getPayloadAsBytes());
            requestId = command.requestId();
            long first = sim.setSetpoints(command.settings());
            reply = CycleMessages.accepted(requestId, first);
            LOG.info("line {}: setpoints {} from MQTT (request {}), first cycle {}", line, command.settings(),
                    requestId, first);
        } catch (IllegalArgumentException e) {
            if (e instanceof CycleMessages.BadCommandException bad) requestId = bad.requestId();
            LOG.warn("refused MQTT setpoint command on {} (request {}): {}", topic, requestId, e.getMessage());
            reply = CycleMessages.refused(requestId, e.getMessage());
        }
        synchronized (this) {
            if (!closed) publish(PlantAddresses.setpointResultTopic(line), reply, MqttQos.AT_LEAST_ONCE, false);
        }
    }

    private void onNodeCommand(Mqtt3Publish message) {
        try {
            SparkplugBPayload payload = decode(message.getPayloadAsBytes());
            for (Metric m : payload.getMetrics()) {
                if (SparkplugMessages.REBIRTH.equals(m.getName()) && Boolean.TRUE.equals(m.getValue())) {
                    LOG.info("Sparkplug rebirth requested");
                    synchronized (this) {
                        if (!closed) births();
                    }
                }
            }
        } catch (Exception e) {
            LOG.warn("ignored an NCMD that is not a Sparkplug B payload: {}", e.toString());
        }
    }

    private void onDeviceCommand(Mqtt3Publish message) {
        String topic = message.getTopic().toString();
        String line = topic.substring(topic.lastIndexOf('/') + 1);
        LineSimulator sim = lines.get(line);
        try {
            if (sim == null) throw new IllegalArgumentException("no line '" + line + "'");
            SparkplugBPayload payload = decode(message.getPayloadAsBytes());
            Map<String, Double> settings = new LinkedHashMap<>();
            for (Metric m : payload.getMetrics()) {
                String name = m.getName();
                if (name == null || !name.startsWith("setpoints/")) {
                    throw new IllegalArgumentException("DCMD metric '" + name + "' is not a setpoint (setpoints/...)");
                }
                if (!(m.getValue() instanceof Number n)) {
                    throw new IllegalArgumentException("DCMD metric '" + name + "' needs a number, got " + m.getValue());
                }
                settings.put(name.substring("setpoints/".length()), n.doubleValue());
            }
            long first = sim.setSetpoints(settings);
            LOG.info("line {}: setpoints {} from Sparkplug DCMD, first cycle {}", line, settings, first);
        } catch (Exception e) {
            LOG.warn("refused Sparkplug DCMD on {}: {}", topic, e.getMessage());
        }
    }

    private static SparkplugBPayload decode(byte[] bytes) throws Exception {
        return new SparkplugBPayloadDecoder().buildFromByteArray(bytes, null);
    }

    /** Publishes NDEATH, disconnects the edge node and stops the broker. Idempotent. */
    @Override
    public void close() {
        listeners.forEach(LineSimulator::removeListener);
        listeners.clear();
        synchronized (this) {
            if (closed) return;
            closed = true;
            try {
                client.publishWith().topic(PlantAddresses.sparkplugNodeTopic("NDEATH"))
                        .payload(SparkplugMessages.nodeDeath(bdSeq)).qos(MqttQos.AT_LEAST_ONCE).send()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                client.disconnect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("MQTT edge node did not disconnect cleanly: {}", e.toString());
            }
        }
        broker.stopServer();
    }
}
