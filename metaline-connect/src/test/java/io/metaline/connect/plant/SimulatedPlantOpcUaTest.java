package io.metaline.connect.plant;

import io.metaline.sim.InjectionMoulding;
import io.metaline.sim.line.CycleResult;
import io.metaline.sim.line.LineSimulator;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Milo OPC UA client against the plant's embedded server, stepped so every cycle is under the test's control. */
class SimulatedPlantOpcUaTest {
    private static final String LINE = "im-1";
    private static SimulatedPlant plant;
    private static OpcUaClient client;
    private static UShort ns;

    @BeforeAll
    static void start() throws Exception {
        plant = SimulatedPlant.start(SimulatedPlant.Config.stepped(
                SimulatedPlant.LineSpec.of(LINE, InjectionMoulding.NAME, 11),
                SimulatedPlant.LineSpec.of("cnc-1", "cnc_machining", 12)));
        client = OpcUaClient.create(plant.endpoints().opcUaUrl());
        client.connect();
        ns = client.readNamespaceTable().getIndex(PlantAddresses.NAMESPACE_URI);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) client.disconnect();
        if (plant != null) plant.close();
    }

    private static NodeId node(String id) {
        return new NodeId(ns, id);
    }

    private static Object read(String id) throws Exception {
        DataValue v = client.readValue(0, TimestampsToReturn.Neither, node(id));
        assertTrue(v.statusCode() == null || v.statusCode().isGood(), id + ": " + v);
        return v.value().value();
    }

    private static StatusCode write(String id, Object value) throws Exception {
        return client.writeValues(List.of(node(id)), List.of(DataValue.valueOnly(new Variant(value)))).get(0);
    }

    @Test
    void endpointIsLoopbackWithTheContractPath() {
        String url = plant.endpoints().opcUaUrl();
        assertTrue(url.startsWith("opc.tcp://127.0.0.1:") && url.endsWith("/metaline"), url);
        assertTrue(plant.endpoints().opcUaPort() > 0);
    }

    @Test
    void outcomesAndStateAreTheLastCycles() throws Exception {
        CycleResult r = plant.runCycle(LINE);
        assertEquals(r.cycle(), read(PlantAddresses.cycle(LINE)));
        for (Map.Entry<String, Double> e : r.outcomes().entrySet()) {
            assertEquals(e.getValue(), read(PlantAddresses.outcome(LINE, e.getKey())), e.getKey());
        }
        for (Map.Entry<String, Double> e : r.context().entrySet()) {
            assertEquals(e.getValue(), read(PlantAddresses.context(LINE, e.getKey())), e.getKey());
        }
        assertEquals(r.product(), read(PlantAddresses.product(LINE)));
        assertEquals(false, read(PlantAddresses.running(LINE)));
        assertEquals(plant.line(LINE).setpointsCycle(), read(PlantAddresses.setpointsCycle(LINE)));
    }

    @Test
    void aWrittenSetpointIsUsedFromTheNextCycle() throws Exception {
        plant.runCycle(LINE);
        StatusCode s = write(PlantAddresses.setpoint(LINE, "mould_temperature"), 47.5);
        assertTrue(s.isGood(), s.toString());
        long first = (Long) read(PlantAddresses.setpointsCycle(LINE));
        assertEquals(plant.line(LINE).cycle() + 1, first);
        assertEquals(47.5, read(PlantAddresses.setpoint(LINE, "mould_temperature")));
        CycleResult r = plant.runCycle(LINE);
        assertEquals(first, r.cycle());
        assertEquals(first, r.setpointsCycle());
        assertEquals(47.5, r.settings().get("mould_temperature"));
    }

    @Test
    void anOutOfBoundsWriteIsRejectedAndNotApplied() throws Exception {
        LineSimulator sim = plant.line(LINE);
        Map<String, Double> before = sim.setpoints();
        long firstBefore = sim.setpointsCycle();
        StatusCode s = write(PlantAddresses.setpoint(LINE, "melt_temperature"), 999.0);
        assertEquals(StatusCodes.Bad_OutOfRange, s.getValue(), s.toString());
        assertEquals(before, sim.setpoints());
        assertEquals(firstBefore, sim.setpointsCycle());
        assertEquals(before.get("melt_temperature"), read(PlantAddresses.setpoint(LINE, "melt_temperature")));
        StatusCode wrongType = write(PlantAddresses.setpoint(LINE, "melt_temperature"), "hot");
        assertTrue(wrongType.isBad(), wrongType.toString());
        StatusCode readOnly = write(PlantAddresses.outcome(LINE, "cost_per_part"), 0.1);
        assertTrue(readOnly.isBad(), readOnly.toString());
        assertEquals(before, sim.setpoints());
    }

    @Test
    void aChangeoverShowsTheNewProductAndDefaultSetpoints() throws Exception {
        String product = plant.changeover("cnc-1", 99L).id();
        assertEquals(product, read(PlantAddresses.product("cnc-1")));
        for (var e : plant.line("cnc-1").family().defaultSettings().entrySet()) {
            assertEquals(e.getValue(), read(PlantAddresses.setpoint("cnc-1", e.getKey())), e.getKey());
        }
        CycleResult r = plant.runCycle("cnc-1");
        assertEquals(product, r.product());
        assertEquals(r.cycle(), read(PlantAddresses.cycle("cnc-1")));
    }

    @Test
    void aSubscriptionSeesTheCycleCounterGoUp() throws Exception {
        OpcUaSubscription subscription = new OpcUaSubscription(client, 50.0);
        subscription.create();
        try {
            List<Long> seen = new CopyOnWriteArrayList<>();
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node(PlantAddresses.cycle(LINE)));
            item.setSamplingInterval(10);
            item.setDataValueListener((i, v) -> seen.add((Long) v.value().value()));
            subscription.addMonitoredItem(item);
            subscription.synchronizeMonitoredItems();
            waitFor(() -> !seen.isEmpty(), "the initial value");
            long start = seen.get(seen.size() - 1);
            List<Long> ran = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ran.add(plant.runCycle(LINE).cycle());
                long expected = ran.get(ran.size() - 1);
                waitFor(() -> seen.contains(expected), "cycle " + expected);
            }
            assertEquals(List.of(start + 1, start + 2, start + 3), ran);
            assertFalse(seen.stream().anyMatch(c -> c > start + 3));
        } finally {
            subscription.delete();
        }
    }

    @Test
    void setpointsAndOutcomesDeclareTheirUnitsAndSetpointsTheirBounds() throws Exception {
        var melt = (EUInformation) ((ExtensionObject) read(PlantAddresses.engineeringUnits(
                PlantAddresses.setpoint(LINE, "melt_temperature")))).decode(client.getStaticEncodingContext());
        assertEquals("°C", melt.getDisplayName().text());
        var range = (Range) ((ExtensionObject) read(PlantAddresses.euRange(
                PlantAddresses.setpoint(LINE, "melt_temperature")))).decode(client.getStaticEncodingContext());
        assertEquals(200.0, range.getLow());
        assertEquals(280.0, range.getHigh());
        var cost = (EUInformation) ((ExtensionObject) read(PlantAddresses.engineeringUnits(
                PlantAddresses.outcome(LINE, "cost_per_part")))).decode(client.getStaticEncodingContext());
        assertEquals("€", cost.getDisplayName().text());
    }

    @Test
    void inRealTimeTheLinesRunOnTheirOwnAndSaySo() throws Exception {
        plant.setSpeed(100); // 2 s / 100 = 20 ms cycles
        long before = plant.line(LINE).cycle();
        plant.startLines();
        try {
            assertEquals(true, read(PlantAddresses.running(LINE)));
            waitFor(() -> plant.line(LINE).cycle() >= before + 3, "three real-time cycles");
            long seen = (Long) read(PlantAddresses.cycle(LINE));
            assertTrue(seen >= before + 1, "cycle node follows: " + seen);
        } finally {
            plant.stopLines();
            plant.setSpeed(1);
        }
        assertEquals(false, read(PlantAddresses.running(LINE)));
        long stopped = plant.line(LINE).cycle();
        Thread.sleep(100);
        assertEquals(stopped, plant.line(LINE).cycle(), "no cycle after stopLines");
        assertEquals(stopped, read(PlantAddresses.cycle(LINE)));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }
}
