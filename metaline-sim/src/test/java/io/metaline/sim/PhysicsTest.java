package io.metaline.sim;

import io.metaline.engine.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Monotonic relations that the physics of each process dictates, checked along lines through random settings. */
class PhysicsTest {

    /** Along {@code parameter} at random base settings, {@code outcome} never moves against {@code direction}. */
    private static void assertMonotone(ProcessFamily f, String parameter, String outcome, int direction,
                                       boolean strict) {
        Parameter p = f.parameter(parameter);
        Rng rng = new Rng(parameter.hashCode());
        for (ProcessTask task : HistoryGenerator.targetTasks(f, 5, 9)) {
            for (int k = 0; k < 40; k++) {
                Map<String, Double> base = TestSupport.randomSettings(f, rng);
                double previous = Double.NaN;
                for (int i = 0; i <= 20; i++) {
                    double v = task.expected(TestSupport.with(base, parameter, p.lower() + p.range() * i / 20))
                            .get(outcome);
                    if (i > 0) {
                        double change = direction * (v - previous);
                        assertTrue(strict ? change > 0 : change >= -1e-9, f.name() + ": " + outcome + " should "
                                + (direction > 0 ? "grow" : "fall") + " with " + parameter + " (" + previous + " -> "
                                + v + ")");
                    }
                    previous = v;
                }
            }
        }
    }

    @Test
    void cncRoughnessGrowsWithFeed() {
        assertMonotone(new CncMachining(), "feed", "surface_roughness", +1, true);
    }

    @Test
    void cncPowerGrowsWithFeedDepthAndSpeed() {
        CncMachining f = new CncMachining();
        for (String p : List.of("feed", "depth_of_cut", "spindle_speed")) assertMonotone(f, p, "spindle_power", +1, true);
    }

    @Test
    void cncToolLifeFallsWithSpeedAndRemovalRateGrowsWithFeed() {
        CncMachining f = new CncMachining();
        assertMonotone(f, "spindle_speed", "tool_life", -1, true);
        assertMonotone(f, "feed", "removal_rate", +1, true);
    }

    @Test
    void reflowPeakTemperatureGrowsWithEveryZoneAndFallsWithConveyorSpeed() {
        ReflowSoldering f = new ReflowSoldering();
        // Non-decreasing: a zone cooler than the board (the peak already passed) leaves the peak unchanged.
        for (String z : List.of("zone1_temperature", "zone2_temperature", "zone3_temperature", "zone4_temperature")) {
            assertMonotone(f, z, "peak_temperature", +1, false);
        }
        assertMonotone(f, "zone4_temperature", "time_above_liquidus", +1, false);
        assertMonotone(f, "conveyor_speed", "throughput", +1, true);
    }

    @Test
    void reflowPeakFallsWithConveyorSpeedWhenZonesAreHotterThanTheBoard() {
        ReflowSoldering f = new ReflowSoldering();
        Map<String, Double> rising = Map.of("zone1_temperature", 170.0, "zone2_temperature", 190.0,
                "zone3_temperature", 230.0, "zone4_temperature", 265.0, "conveyor_speed", 70.0);
        for (ProcessTask task : HistoryGenerator.targetTasks(f, 5, 9)) {
            double previous = Double.POSITIVE_INFINITY;
            for (double v = 40; v <= 120; v += 5) {
                double peak = task.expected(TestSupport.with(rising, "conveyor_speed", v)).get("peak_temperature");
                assertTrue(peak < previous, "peak should fall as the conveyor speeds up");
                previous = peak;
            }
            double lower = Double.NEGATIVE_INFINITY;
            for (double z4 = 240; z4 <= 300; z4 += 5) {
                double peak = task.expected(TestSupport.with(rising, "zone4_temperature", z4)).get("peak_temperature");
                assertTrue(peak > lower, "peak should rise with a peak zone hotter than the board");
                lower = peak;
            }
        }
    }

    @Test
    void mouldingCycleTimeGrowsWithCoolingAndHoldingTime() {
        InjectionMoulding f = new InjectionMoulding();
        assertMonotone(f, "cooling_time", "cycle_time", +1, true);
        assertMonotone(f, "holding_time", "cycle_time", +1, true);
    }

    @Test
    void mouldingClampForceGrowsWithHoldingPressureAndShortShotsFallWithInjectionPressure() {
        InjectionMoulding f = new InjectionMoulding();
        assertMonotone(f, "holding_pressure", "clamp_force", +1, false);
        assertMonotone(f, "injection_pressure", "short_shot_rate", -1, false);
    }

    @Test
    void mouldingPackingReducesShrinkageSoThePartGrowsWithHoldingPressure() {
        // dimensional_error = L (Snom - S): less shrinkage, larger part.
        assertMonotone(new InjectionMoulding(), "holding_pressure", "dimensional_error", +1, true);
    }
}
