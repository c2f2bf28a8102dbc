package io.metaline.connect.plant;

import io.metaline.sim.line.LineSimulator;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting on given ports, a clear error when a port is taken, and a close that frees everything. */
class SimulatedPlantLifecycleTest {

    @Test
    void givenPortsAreUsedATakenPortIsAClearErrorAndCloseFreesThem() throws Exception {
        int opcUa = FreePorts.resolve(0);
        int mqtt = FreePorts.resolve(0);
        SimulatedPlant.Config config = SimulatedPlant.Config.stepped(
                SimulatedPlant.LineSpec.of("a", "reflow_soldering", 1)).withPorts(opcUa, mqtt);
        SimulatedPlant plant = SimulatedPlant.start(config);
        try {
            assertEquals("opc.tcp://127.0.0.1:" + opcUa + "/metaline", plant.endpoints().opcUaUrl());
            assertEquals(mqtt, plant.endpoints().mqttPort());
            assertEquals("tcp://127.0.0.1:" + mqtt, plant.endpoints().mqttUri());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SimulatedPlant.start(
                    SimulatedPlant.Config.stepped(SimulatedPlant.LineSpec.of("b", "reflow_soldering", 2))
                            .withPorts(opcUa, 0)));
            assertTrue(e.getMessage().contains("OPC UA") && e.getMessage().contains(Integer.toString(opcUa)),
                    e.getMessage());
        } finally {
            plant.close();
            plant.close();
        }
        assertTrue(releasedWithin(opcUa, 10_000), "OPC UA port released");
        assertTrue(releasedWithin(mqtt, 10_000), "MQTT port released");
        assertThrows(IllegalStateException.class, () -> plant.runCycle("a"), "lines are closed too");
    }

    @Test
    void badConfigurationsNameWhatIsWrong() {
        var e = assertThrows(IllegalArgumentException.class, () -> SimulatedPlant.start(SimulatedPlant.Config.stepped(
                SimulatedPlant.LineSpec.of("a", "welding", 1))));
        assertTrue(e.getMessage().contains("welding"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimulatedPlant.Config.stepped(
                SimulatedPlant.LineSpec.of("a", "cnc_machining", 1), SimulatedPlant.LineSpec.of("a", "cnc_machining", 2)));
        assertTrue(e.getMessage().contains("unique"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SimulatedPlant.Config(List.of(), 0, 0, false));
        assertTrue(e.getMessage().contains("line"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimulatedPlant.Config.defaults().withPorts(70000, 0));
        assertTrue(e.getMessage().contains("opcUaPort"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimulatedPlant.start(SimulatedPlant.Config.stepped(
                new SimulatedPlant.LineSpec("a/b", "cnc_machining", LineSimulator.Config.defaults(1)))));
        assertTrue(e.getMessage().contains("a/b"), e.getMessage());
    }

    /** Netty closes a listening channel on its event loop, a moment after the server's shutdown completes. */
    private static boolean releasedWithin(int port, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!isClosed(port)) {
            if (System.currentTimeMillis() > end) return false;
            Thread.sleep(100);
        }
        return true;
    }

    private static boolean isClosed(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return false;
        } catch (Exception e) {
            return true;
        }
    }
}
