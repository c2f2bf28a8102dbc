package io.metaline.sim.line;

import io.metaline.engine.Rng;
import io.metaline.sim.CncMachining;
import io.metaline.sim.InjectionMoulding;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineSimulatorTest {
    private static final ProcessFamily MOULDING = new InjectionMoulding();
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static LineSimulator line(long seed, int wear) {
        ProcessTask product = MOULDING.sampleTask(new Rng(seed).split(1));
        return new LineSimulator("L1", product, LineSimulator.Config.defaults(seed).withWearPerCycle(wear), FIXED);
    }

    private static List<CycleResult> script(LineSimulator sim) {
        List<CycleResult> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) out.add(sim.runCycle());
        sim.setSetpoint("melt_temperature", 245.5);
        for (int i = 0; i < 3; i++) out.add(sim.runCycle());
        sim.changeover(77L);
        for (int i = 0; i < 3; i++) out.add(sim.runCycle());
        return out;
    }

    @Test
    void sameSeedAndCallsGiveTheSameCycles() {
        List<CycleResult> a = script(line(5, 100));
        List<CycleResult> b = script(line(5, 100));
        assertEquals(a, b);
        List<CycleResult> c = script(line(6, 100));
        assertNotEquals(a.get(0).outcomes(), c.get(0).outcomes());
    }

    @Test
    void theSeedConstructorDrawsTheSameProductAsStreamOne() {
        try (LineSimulator sim = new LineSimulator("L1", MOULDING, LineSimulator.Config.defaults(9))) {
            assertEquals(MOULDING.sampleTask(new Rng(9).split(1)).id(), sim.product().id());
        }
    }

    @Test
    void setpointsStartAtTheKnownSafeDefaults() {
        LineSimulator sim = line(1, 1);
        assertEquals(MOULDING.defaultSettings(), sim.setpoints());
        CycleResult r = sim.runCycle();
        assertEquals(MOULDING.defaultSettings(), r.settings());
        assertEquals(1, r.cycle());
        assertEquals(1, r.setpointsCycle());
        assertEquals(sim.product().context(), r.context());
        assertEquals(List.copyOf(MOULDING.outcomes().stream().map(o -> o.name()).toList()),
                List.copyOf(r.outcomes().keySet()));
    }

    @Test
    void outOfBoundsOrUnknownSetpointsAreRejectedWholeNamingTheParameter() {
        LineSimulator sim = line(1, 1);
        Map<String, Double> before = sim.setpoints();
        Map<String, Double> bad = new LinkedHashMap<>();
        bad.put("mould_temperature", 50.0);
        bad.put("melt_temperature", 400.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.setSetpoints(bad));
        assertTrue(e.getMessage().contains("melt_temperature") && e.getMessage().contains("280"), e.getMessage());
        assertEquals(before, sim.setpoints(), "nothing applied");
        e = assertThrows(IllegalArgumentException.class, () -> sim.setSetpoint("spindle_speed", 1.0));
        assertTrue(e.getMessage().contains("spindle_speed") && e.getMessage().contains("melt_temperature"));
        assertThrows(IllegalArgumentException.class, () -> sim.setSetpoint("cooling_time", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> sim.setSetpoint("cooling_time", 2.99));
        sim.setSetpoint("cooling_time", 3.0);
        assertEquals(3.0, sim.setpoints().get("cooling_time"));
    }

    @Test
    void setpointsCycleIsTheFirstCycleRunWithTheNewSetpoints() {
        LineSimulator sim = line(1, 1);
        sim.runCycle();
        sim.runCycle();
        assertEquals(3, sim.setSetpoint("holding_time", 6.0));
        CycleResult r3 = sim.runCycle();
        assertEquals(3, r3.setpointsCycle());
        assertEquals(6.0, r3.settings().get("holding_time"));
        CycleResult r4 = sim.runCycle();
        assertEquals(3, r4.setpointsCycle());
        assertEquals(4, sim.cycle());
    }

    @Test
    void driftMovesTheOutcomesOfUnchangedSetpoints() {
        // Noise off the table: compare noise-free outcomes of the worn state the line ran, via the task.
        LineSimulator sim = line(3, 5000);
        ProcessTask product = sim.product();
        Map<String, Double> fresh = product.expected(sim.setpoints());
        for (int i = 0; i < 10; i++) sim.runCycle();
        assertEquals(50_000, sim.wear());
        Map<String, Double> worn = product.drifted((int) sim.wear()).expected(sim.setpoints());
        assertTrue(worn.get("clamp_force") < fresh.get("clamp_force") - 1, fresh + " vs " + worn);
        // And the measured cycles follow the worn state: average clamp force of late cycles is lower too.
        double early = sim.runCycle().outcomes().get("clamp_force");
        LineSimulator fresher = line(3, 0);
        double unworn = 0;
        double wornMean = 0;
        for (int i = 0; i < 20; i++) {
            unworn += fresher.runCycle().outcomes().get("clamp_force") / 20;
            wornMean += sim.runCycle().outcomes().get("clamp_force") / 20;
        }
        assertTrue(wornMean < unworn - 1, "worn " + wornMean + " vs unworn " + unworn + " (first " + early + ")");
        sim.maintain();
        assertEquals(0, sim.wear());
    }

    @Test
    void changeoverChangesProductAndOptimumAndReloadsSafeDefaults() {
        ProcessFamily cnc = new CncMachining();
        LineSimulator sim = new LineSimulator("cnc-1", cnc.sampleTask(new Rng(1)), LineSimulator.Config.defaults(1),
                FIXED);
        ProcessTask before = sim.product();
        var p = cnc.parameters().get(0);
        sim.setSetpoint(p.name(), p.nearest(p.defaultValue() + p.maxStep()));
        sim.runCycle();
        ProcessTask after = sim.changeover(2L);
        assertEquals(cnc.sampleTask(new Rng(2)).id(), after.id());
        assertEquals(2, sim.setpointsCycle());
        assertEquals(cnc.defaultSettings(), sim.setpoints());
        assertNotEquals(before.optimum().settings(), after.optimum().settings());
        assertNotEquals(before.context(), after.context());
        CycleResult r = sim.runCycle();
        assertEquals(after.id(), r.product());
        assertEquals(after.context(), r.context());
        assertThrows(IllegalArgumentException.class, () -> sim.changeover(MOULDING.sampleTask(new Rng(1))));
    }

    @Test
    void hardLimitFlagMatchesTheTaskOnItsWornState() {
        LineSimulator sim = line(4, 10);
        // Push the clamp force up: hot, high pressures; the flag must agree with the task in every cycle.
        Map<String, Double> hot = new LinkedHashMap<>(MOULDING.defaultSettings());
        hot.put("injection_pressure", 1600.0);
        hot.put("holding_pressure", 1200.0);
        hot.put("injection_speed", 150.0);
        hot.put("melt_temperature", 280.0);
        int violated = 0;
        int safe = 0;
        for (int i = 0; i < 6; i++) {
            Map<String, Double> s = i % 2 == 0 ? hot : MOULDING.defaultSettings();
            sim.setSetpoints(s);
            long wearBefore = sim.wear();
            CycleResult r = sim.runCycle();
            boolean truth = sim.product().drifted((int) wearBefore).violatesHardLimit(r.settings());
            assertEquals(truth, r.hardLimitViolated(), "cycle " + r.cycle());
            if (r.hardLimitViolated()) violated++; else safe++;
        }
        assertTrue(violated > 0 && safe > 0, "both cases exercised: violated " + violated + ", safe " + safe);
    }

    @Test
    void listenersSeeEveryCycleInOrderAndAFailingListenerDoesNotStopTheLine() {
        LineSimulator sim = line(2, 1);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        sim.addListener(r -> {
            throw new IllegalStateException("listener bug (expected in this test)");
        });
        sim.addListener(r -> seen.add(r.cycle()));
        for (int i = 0; i < 4; i++) sim.runCycle();
        assertEquals(List.of(1L, 2L, 3L, 4L), seen);
    }

    @Test
    void listenersHearOfSetpointChangesAndChangeovers() {
        LineSimulator sim = line(2, 1);
        List<String> heard = new ArrayList<>();
        sim.addListener(new CycleListener() {
            @Override
            public void onCycle(CycleResult result) {
            }

            @Override
            public void onSetpointsChanged(String line, String product, Map<String, Double> setpoints,
                                           long setpointsCycle) {
                heard.add(line + " " + product + " " + setpoints.get("holding_time") + " " + setpointsCycle);
            }
        });
        sim.runCycle();
        String first = sim.product().id();
        sim.setSetpoint("holding_time", 7.0);
        assertThrows(IllegalArgumentException.class, () -> sim.setSetpoint("holding_time", 70.0));
        ProcessTask next = sim.changeover(3L);
        assertEquals(List.of("L1 " + first + " 7.0 2", "L1 " + next.id() + " 5.0 2"), heard);
    }

    @Test
    void realTimeRunsCyclesOnItsOwnThreadAtTheSetSpeed() throws Exception {
        try (LineSimulator sim = new LineSimulator("rt", MOULDING, new LineSimulator.Config(
                Duration.ofSeconds(10), 1.0, 1, 1))) {
            CountDownLatch five = new CountDownLatch(5);
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            sim.addListener(r -> {
                threads.add(Thread.currentThread().getName());
                five.countDown();
            });
            sim.start();
            assertTrue(sim.isRunning());
            Thread.sleep(100);
            assertEquals(0, sim.cycle(), "10 s period: no cycle yet");
            sim.setSpeed(500); // 20 ms
            assertEquals(Duration.ofMillis(20), sim.period());
            assertTrue(five.await(5, TimeUnit.SECONDS), "five cycles at 20 ms");
            sim.stop();
            assertFalse(sim.isRunning());
            long stopped = sim.cycle();
            Thread.sleep(100);
            assertEquals(stopped, sim.cycle(), "no cycles after stop");
            assertTrue(threads.stream().allMatch(n -> n.equals("metaline-line-rt")), threads.toString());
            sim.runCycle();
            assertEquals(stopped + 1, sim.cycle());
        }
    }

    @Test
    void badConfigAndLineIdsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LineSimulator.Config(Duration.ZERO, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> LineSimulator.Config.defaults(1).withSpeed(0));
        assertThrows(IllegalArgumentException.class, () -> LineSimulator.Config.defaults(1).withWearPerCycle(-1));
        assertThrows(IllegalArgumentException.class, () -> new LineSimulator("a/b", MOULDING,
                LineSimulator.Config.defaults(1)));
        LineSimulator sim = line(1, 1);
        sim.close();
        assertThrows(IllegalStateException.class, sim::runCycle);
    }
}
