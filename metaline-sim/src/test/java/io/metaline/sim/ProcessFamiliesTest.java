package io.metaline.sim;

import io.metaline.engine.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties every production process family must have, checked on each. */
class ProcessFamiliesTest {

    private static List<ProcessTask> tasks(ProcessFamily f, int n, long seed) {
        return HistoryGenerator.targetTasks(f, n, seed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining"})
    void outcomesAreFiniteOverRandomSettingsAndWear(String name) {
        ProcessFamily f = Families.byName(name);
        Rng rng = new Rng(1);
        for (ProcessTask task : tasks(f, 10, 1)) {
            for (ProcessTask t : List.of(task, task.drifted(1_000_000))) {
                for (int k = 0; k < 300; k++) {
                    Map<String, Double> s = TestSupport.randomSettings(f, rng);
                    t.expected(s).forEach((o, v) -> assertTrue(Double.isFinite(v), o + " = " + v + " at " + s));
                    t.run(s, rng).forEach((o, v) -> assertTrue(Double.isFinite(v), o + " measured " + v));
                }
            }
            assertEquals(f.contextNames(), List.copyOf(task.context().keySet()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining"})
    void hardLimitsAreReachableAndTheDefaultIsSafeForEveryTaskAndWear(String name) {
        ProcessFamily f = Families.byName(name);
        Rng rng = new Rng(2);
        for (ProcessTask task : tasks(f, 40, 2)) {
            int violations = 0;
            for (int k = 0; k < 400; k++) if (task.violatesHardLimit(TestSupport.randomSettings(f, rng))) violations++;
            assertTrue(violations > 0, "no random setting reaches a hard limit of " + task);
            for (int age : new int[] {0, 1000, 100_000, 10_000_000}) {
                assertFalse(task.drifted(age).violatesHardLimit(f.defaultSettings()),
                        "the default breaks a hard limit of " + task + " at age " + age);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining"})
    void optimumBeats2000RandomFeasibleSettings(String name) {
        ProcessFamily f = Families.byName(name);
        double sign = f.objectiveOutcome().sign();
        Rng rng = new Rng(3);
        for (ProcessTask task : tasks(f, 2, 3)) {
            Optimum opt = task.optimum();
            assertTrue(task.isFeasible(opt.settings()), "optimum infeasible");
            assertFalse(task.violatesHardLimit(opt.settings()));
            assertEquals(opt.value(), task.expected(opt.settings()).get(f.objective()), 1e-12);
            int feasible = 0;
            for (int tries = 0; feasible < 2000 && tries < 200_000; tries++) {
                Map<String, Double> s = TestSupport.randomSettings(f, rng);
                if (!task.isFeasible(s)) continue;
                feasible++;
                double v = task.expected(s).get(f.objective());
                assertTrue(sign * v <= sign * opt.value() + 1e-12, "random " + s + " gives " + v + ", better than "
                        + opt.value());
            }
            assertEquals(2000, feasible, "too few feasible random settings");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining"})
    void optimumAgreesWithAMuchLongerSearchToWellBelowOnePercentOfTheRange(String name) {
        ProcessFamily f = Families.byName(name);
        double sign = f.objectiveOutcome().sign();
        OptimumSearch thorough = new OptimumSearch(30_000, 16, 1e-8, 8000, 12345);
        for (ProcessTask task : tasks(f, 1, 4)) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            Rng rng = new Rng(4);
            for (int k = 0; k < 3000; k++) {
                Map<String, Double> s = TestSupport.randomSettings(f, rng);
                if (!task.isFeasible(s)) continue;
                double v = task.expected(s).get(f.objective());
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            double range = hi - lo;
            double found = task.optimum().value();
            double better = thorough.find((AbstractProcessTask) task).value();
            assertTrue(sign * (better - found) <= 1e-3 * range,
                    task + ": optimum " + found + ", a longer search " + better + ", range " + range);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining"})
    void tasksDifferInOptimumLocation(String name) {
        ProcessFamily f = Families.byName(name);
        List<double[]> optima = new ArrayList<>();
        for (ProcessTask task : tasks(f, 4, 5)) optima.add(TestSupport.unit(f, task.optimum().settings()));
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < optima.size(); i++) {
            for (int j = i + 1; j < optima.size(); j++) {
                sum += TestSupport.distance(optima.get(i), optima.get(j));
                pairs++;
            }
        }
        assertTrue(sum / pairs > 0.1, name + ": optima barely move between tasks (mean unit distance "
                + sum / pairs + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining"})
    void driftChangesTheResponseSlowly(String name) {
        ProcessFamily f = Families.byName(name);
        ProcessTask task = tasks(f, 1, 6).get(0);
        Map<String, Double> s = task.optimum().settings();
        double base = task.expected(s).get(f.objective());
        double one = task.drifted(1).expected(s).get(f.objective());
        double many = task.drifted(20_000).expected(s).get(f.objective());
        assertNotEquals(base, one, "one run of wear changes nothing");
        assertTrue(Math.abs(one - base) < 1e-3 * Math.abs(base), "one run moves the objective by " + (one - base));
        assertTrue(Math.abs(many - base) > 1e-2 * Math.abs(base), "20000 runs move the objective by " + (many - base));
        assertEquals(20_001, task.drifted(1).drifted(20_000).age());
        assertEquals(task.drifted(20_001).expected(s), task.drifted(1).drifted(20_000).expected(s));
        assertEquals(task.id(), task.drifted(5).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining"})
    void sameSeedGivesTheSameTaskAndTheSameNoisyRuns(String name) {
        ProcessFamily f = Families.byName(name);
        ProcessTask a = f.sampleTask(new Rng(77));
        ProcessTask b = f.sampleTask(new Rng(77));
        ProcessTask c = f.sampleTask(new Rng(78));
        assertEquals(a.id(), b.id());
        assertEquals(a.context(), b.context());
        assertNotEquals(a.id(), c.id());
        Map<String, Double> s = f.defaultSettings();
        assertEquals(a.expected(s), b.expected(s));
        assertEquals(a.run(s, new Rng(5)), b.run(s, new Rng(5)));
        assertNotEquals(a.run(s, new Rng(5)), a.run(s, new Rng(6)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining"})
    void measurementNoiseIsCentredOnTheExpectedValue(String name) {
        ProcessFamily f = Families.byName(name);
        ProcessTask task = tasks(f, 1, 8).get(0);
        Map<String, Double> s = task.optimum().settings();
        double expected = task.expected(s).get(f.objective());
        Rng rng = new Rng(8);
        double sum = 0;
        int n = 2000;
        for (int k = 0; k < n; k++) sum += task.run(s, rng).get(f.objective());
        assertEquals(expected, sum / n, 0.01 * Math.abs(expected));
    }
}
