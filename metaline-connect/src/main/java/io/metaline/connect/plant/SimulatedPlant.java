package io.metaline.connect.plant;

import io.metaline.sim.Families;
import io.metaline.sim.ProcessTask;
import io.metaline.sim.line.CycleResult;
import io.metaline.sim.line.LineSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plant in software: one or more {@link LineSimulator}s, served over an embedded OPC UA server and an embedded MQTT
 * broker on loopback ports, with the node ids and topics of {@link PlantAddresses}.
 *
 * <p>Two modes ({@link Config#realTime()}): in real time every line runs cycles on its own thread, one every
 * {@code cyclePeriod / speed}; stepped (fast-forward), cycles run only when asked ({@link #runCycle},
 * {@link #runCycles}), as fast as the caller likes. Either way commands may come from this API, from OPC UA writes of
 * setpoint variables, or from MQTT setpoint commands.
 *
 * <p>Lifecycle: {@link #start} returns a running plant (servers up, lines running if real time); {@link #close}
 * stops the lines and both servers. Thread-safety: every method may be called from any thread.
 */
public final class SimulatedPlant implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPlant.class);
    private static final int START_ATTEMPTS = 3;

    /**
     * One line of the plant.
     *
     * @param id     the line id (letters, digits, {@code _} or {@code -}), used in node ids and topics
     * @param family the process family's registry name ({@link Families})
     * @param config cycle period, speed, seed (first product and noise) and wear per cycle
     */
    public record LineSpec(String id, String family, LineSimulator.Config config) {
        public LineSpec {
            if (id == null || id.isBlank()) throw new IllegalArgumentException("LineSpec: id must be non-blank");
            if (family == null) throw new IllegalArgumentException("LineSpec " + id + ": family must not be null");
            if (config == null) throw new IllegalArgumentException("LineSpec " + id + ": config must not be null");
        }

        /** A line with 2 s cycles at speed 1 and one run of wear per cycle. */
        public static LineSpec of(String id, String family, long seed) {
            return new LineSpec(id, family, LineSimulator.Config.defaults(seed));
        }
    }

    /**
     * How to start a plant.
     *
     * @param lines     the lines, at least one, ids unique
     * @param opcUaPort the OPC UA port, 0 for a free one
     * @param mqttPort  the MQTT port, 0 for a free one
     * @param realTime  run cycles in real time from the start; false: cycles only on {@link #runCycle}
     */
    public record Config(List<LineSpec> lines, int opcUaPort, int mqttPort, boolean realTime) {
        public Config {
            if (lines == null || lines.isEmpty()) throw new IllegalArgumentException("Config: need at least one line");
            lines = List.copyOf(lines);
            if (lines.stream().map(LineSpec::id).distinct().count() != lines.size()) {
                throw new IllegalArgumentException("Config: line ids must be unique, got "
                        + lines.stream().map(LineSpec::id).toList());
            }
            checkPort("opcUaPort", opcUaPort);
            checkPort("mqttPort", mqttPort);
        }

        private static void checkPort(String name, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Config: " + name + " must be 0 (free) or 1..65535, got " + port);
            }
        }

        /** One injection-moulding line {@code line-1} (seed 42), free ports, real time at 2 s per cycle. */
        public static Config defaults() {
            return new Config(List.of(LineSpec.of("line-1", "injection_moulding", 42)), 0, 0, true);
        }

        /** The given lines on free ports, stepped: cycles run only on {@link SimulatedPlant#runCycle}. */
        public static Config stepped(LineSpec... lines) {
            return new Config(List.of(lines), 0, 0, false);
        }

        /** The given lines on free ports, in real time. */
        public static Config realTime(LineSpec... lines) {
            return new Config(List.of(lines), 0, 0, true);
        }

        /** The same with fixed ports (0 = free). */
        public Config withPorts(int opcUa, int mqtt) {
            return new Config(lines, opcUa, mqtt, realTime);
        }
    }

    private final Config config;
    private final Map<String, LineSimulator> lines;
    private final PlantOpcUaServer opcUa;
    private final PlantMqtt mqtt;

    private SimulatedPlant(Config config, Map<String, LineSimulator> lines, PlantOpcUaServer opcUa, PlantMqtt mqtt) {
        this.config = config;
        this.lines = lines;
        this.opcUa = opcUa;
        this.mqtt = mqtt;
    }

    /** Starts the default plant ({@link Config#defaults()}). */
    public static SimulatedPlant start() {
        return start(Config.defaults());
    }

    /**
     * Starts a plant: creates the lines, starts the OPC UA server and the MQTT broker, then (real time) the lines.
     *
     * @throws IllegalArgumentException for an unknown family or a bad line id
     * @throws IllegalStateException    if a server cannot start (the message names it and the port)
     */
    public static SimulatedPlant start(Config config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        Map<String, LineSimulator> lines = new LinkedHashMap<>();
        for (LineSpec spec : config.lines()) {
            lines.put(spec.id(), new LineSimulator(spec.id(), Families.byName(spec.family()), spec.config()));
        }
        List<LineSimulator> list = List.copyOf(lines.values());
        PlantOpcUaServer opcUa = null;
        PlantMqtt mqtt = null;
        try {
            opcUa = startOpcUa(list, config.opcUaPort());
            mqtt = startMqtt(list, config.mqttPort());
        } catch (RuntimeException e) {
            closeQuietly(opcUa);
            list.forEach(LineSimulator::close);
            throw e;
        }
        SimulatedPlant plant = new SimulatedPlant(config, lines, opcUa, mqtt);
        if (config.realTime()) plant.startLines();
        LOG.info("simulated plant up: lines {}, {}", lines.keySet(), plant.endpoints());
        return plant;
    }

    private static PlantOpcUaServer startOpcUa(List<LineSimulator> lines, int port) {
        Exception last = null;
        for (int attempt = 0; attempt < (port > 0 ? 1 : START_ATTEMPTS); attempt++) {
            int p = FreePorts.resolve(port);
            try {
                return PlantOpcUaServer.start(lines, p);
            } catch (Exception e) {
                last = e;
                LOG.warn("OPC UA server did not start on {}:{}: {}", PlantOpcUaServer.HOST, p, e.toString());
            }
        }
        throw new IllegalStateException("could not start the OPC UA server on " + PlantOpcUaServer.HOST + ":"
                + (port > 0 ? port : "a free port") + ": " + last, last);
    }

    /**
     * Also on a given port it tries again: the broker now and then drops the plant's own first connection right after
     * accepting it ("SUBSCRIBE received on already closed connection"), which a fresh start does not repeat.
     */
    private static PlantMqtt startMqtt(List<LineSimulator> lines, int port) {
        Exception last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int p = FreePorts.resolve(port);
            try {
                return PlantMqtt.start(lines, p);
            } catch (Exception e) {
                last = e;
                LOG.warn("MQTT broker did not start on {}:{}: {}", PlantMqtt.HOST, p, e.toString());
            }
        }
        throw new IllegalStateException("could not start the MQTT broker on " + PlantMqtt.HOST + ":"
                + (port > 0 ? port : "a free port") + ": " + last, last);
    }

    /** The configuration the plant started with. */
    public Config config() {
        return config;
    }

    /** Where the servers listen. */
    public PlantEndpoints endpoints() {
        return new PlantEndpoints(opcUa.endpointUrl(), PlantMqtt.HOST, mqtt.port());
    }

    /** The line ids, in configuration order. */
    public List<String> lineIds() {
        return List.copyOf(lines.keySet());
    }

    /** The simulator of line {@code id} (for direct inspection; commands through it are published too). */
    public LineSimulator line(String id) {
        LineSimulator sim = lines.get(id);
        if (sim == null) {
            throw new IllegalArgumentException("no line '" + id + "'; the plant's lines are " + lines.keySet());
        }
        return sim;
    }

    /** Runs one cycle of line {@code id} now and returns it once published over OPC UA and MQTT. */
    public CycleResult runCycle(String id) {
        return line(id).runCycle();
    }

    /** Runs {@code n} cycles of line {@code id} now, as fast as possible. */
    public List<CycleResult> runCycles(String id, int n) {
        if (n < 0) throw new IllegalArgumentException("runCycles: n must be >= 0, got " + n);
        LineSimulator sim = line(id);
        List<CycleResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(sim.runCycle());
        return out;
    }

    /** Changes line {@code id} over to the product drawn with {@code productSeed}; setpoints go back to defaults. */
    public ProcessTask changeover(String id, long productSeed) {
        return line(id).changeover(productSeed);
    }

    /** Sets setpoints of line {@code id} (validated; all or none); returns the first cycle that runs with them. */
    public long setSetpoints(String id, Map<String, Double> setpoints) {
        return line(id).setSetpoints(setpoints);
    }

    /** Sets the real-time speed of line {@code id}. */
    public void setSpeed(String id, double speed) {
        line(id).setSpeed(speed);
    }

    /** Sets the real-time speed of every line. */
    public void setSpeed(double speed) {
        lines.values().forEach(l -> l.setSpeed(speed));
    }

    /** Starts real-time cycles on every line. */
    public void startLines() {
        for (LineSimulator l : lines.values()) {
            l.start();
            publishState(l);
        }
    }

    /** Stops real-time cycles on every line (stepped mode from now on). */
    public void stopLines() {
        for (LineSimulator l : lines.values()) {
            l.stop();
            publishState(l);
        }
    }

    private void publishState(LineSimulator l) {
        opcUa.publishState(l);
        mqtt.publishState(l);
    }

    /** Stops the lines, the MQTT broker and the OPC UA server. Idempotent. */
    @Override
    public void close() {
        lines.values().forEach(LineSimulator::close);
        closeQuietly(mqtt);
        closeQuietly(opcUa);
        LOG.info("simulated plant stopped");
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
