package io.metaline.sim;

import io.metaline.engine.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FamiliesTest {

    @Test
    void registryKnowsAllSixFamiliesByName() {
        assertEquals(List.of("injection_moulding", "reflow_soldering", "cnc_machining", "branin", "goldstein_price",
                "hartmann3"), Families.names());
        for (String name : Families.names()) assertEquals(name, Families.byName(name).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Families.byName("welding"));
        assertTrue(e.getMessage().contains("welding") && e.getMessage().contains("reflow_soldering"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining", "branin", "goldstein_price",
            "hartmann3"})
    void declarationsAreConsistentAndDescribed(String name) {
        ProcessFamily f = Families.byName(name);
        assertEquals(1, f.outcomes().stream().filter(Outcome::isObjective).count(), "exactly one objective");
        assertEquals(f.objective(), f.outcomes().get(0).name());
        String text = f.describe();
        for (Parameter p : f.parameters()) {
            assertTrue(text.contains(p.name()), "describe() misses " + p.name());
            assertTrue(text.contains(p.unit()), "describe() misses the unit " + p.unit());
        }
        for (Outcome o : f.outcomes()) assertTrue(text.contains(o.name()), "describe() misses " + o.name());
        boolean process = Families.processNames().contains(name);
        assertEquals(process, f.outcomes().stream().anyMatch(Outcome::isHard), "hard limits for processes only");
        if (process) {
            assertTrue(f.outcomes().stream().anyMatch(o -> o.isConstraint() && !o.isHard()), "no soft constraint");
            assertTrue(f.contextNames().size() >= 2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining", "branin"})
    void badSettingsGetErrorsThatNameTheKey(String name) {
        ProcessFamily f = Families.byName(name);
        ProcessTask task = f.sampleTask(new Rng(1));
        Parameter first = f.parameters().get(0);
        Map<String, Double> missing = new LinkedHashMap<>(f.defaultSettings());
        missing.remove(first.name());
        assertMessage(() -> task.expected(missing), "missing parameter '" + first.name() + "'");
        assertMessage(() -> task.expected(TestSupport.with(f.defaultSettings(), first.name(), Double.NaN)),
                "'" + first.name() + "' = NaN");
        assertMessage(() -> task.run(TestSupport.with(f.defaultSettings(), first.name(), first.upper() + 1),
                new Rng(1)), "'" + first.name() + "'");
        assertMessage(() -> task.expected(TestSupport.with(f.defaultSettings(), "bogus", 1.0)),
                "unknown parameter 'bogus'");
        assertMessage(() -> task.drifted(-1), "runs >= 0");
    }

    @Test
    void categoricalValuesMustBeLevelIndices() {
        CncMachining f = new CncMachining();
        ProcessTask task = f.sampleTask(new Rng(1));
        assertMessage(() -> task.expected(TestSupport.with(f.defaultSettings(), "coolant", 0.5)), "'coolant'");
        assertEquals(0.0, f.parameter("coolant").parse("dry"));
        assertEquals("flood", f.parameter("coolant").format(1));
    }

    @Test
    void parameterAndOutcomeDeclarationsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Parameter.continuous("x", "mm", 1, 0, 0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Parameter.continuous("x", "mm", 0, 1, 0.1, 2));
        assertThrows(IllegalArgumentException.class, () -> Parameter.continuous("x", "mm", 0, 1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Parameter.categorical("c", List.of("a", "b"), "z"));
        assertThrows(IllegalArgumentException.class, () -> Parameter.integer("i", "1", 0, 10, 1, 11));
        assertThrows(IllegalArgumentException.class, () -> new Outcome("o", "1", Outcome.Role.CONSTRAINT, null,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Outcome.Severity.HARD));
        Outcome limit = Outcome.atMost("p", "kW", 11, Outcome.Severity.HARD);
        assertTrue(limit.violatedBy(11.5) && !limit.violatedBy(11) && limit.violatedBy(Double.NaN));
        Outcome window = Outcome.within("tal", "s", 45, 90, Outcome.Severity.SOFT);
        assertTrue(window.violatedBy(44) && window.violatedBy(91) && !window.violatedBy(60) && !window.isHard());
        assertTrue(Parameter.integer("i", "1", 0, 10, 1, 5).admits(3) && !Parameter.integer("i", "1", 0, 10, 1, 5)
                .admits(3.5));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
