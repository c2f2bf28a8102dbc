package io.metaline.cli.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.meta.data.CsvTable;
import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.acquisition.Direction;
import io.metaline.optimize.transfer.SourceTask;
import io.metaline.sim.Families;
import io.metaline.sim.History;
import io.metaline.sim.HistoryGenerator;
import io.metaline.sim.Outcome;
import io.metaline.sim.Parameter;
import io.metaline.sim.ProcessFamily;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The adapter from simulated families to studies, and from their history to source tasks. */
class SimStudiesTest {

    @Test
    void everyFamilyMapsItsParametersOutcomesAndContext() {
        for (String name : Families.names()) {
            ProcessFamily f = Families.byName(name);
            StudySpec spec = SimStudies.studySpec(f, name, false, 3, List.of(), 1);
            List<ParameterSpec> ps = spec.space().parameters();
            assertEquals(f.parameters().size(), ps.size(), name);
            for (int i = 0; i < ps.size(); i++) {
                Parameter p = f.parameters().get(i);
                ParameterSpec q = ps.get(i);
                assertEquals(p.name(), q.name());
                assertEquals(p.kind().name(), q.kind().name(), p.name());
                assertEquals(p.lower(), q.lower(), p.name());
                assertEquals(p.upper(), q.upper(), p.name());
                if (p.kind() == Parameter.Kind.CATEGORICAL) {
                    assertEquals(p.levels(), q.levels());
                    assertEquals(Double.POSITIVE_INFINITY, q.maxStep(), p.name() + ": any level may follow any");
                } else {
                    assertEquals(p.unit(), q.unit());
                    double expected = SimStudies.isMetaBo(f) ? Double.POSITIVE_INFINITY : p.maxStep();
                    assertEquals(expected, q.maxStep(), name + "." + p.name());
                }
            }
            Outcome objective = f.objectiveOutcome();
            assertEquals(objective.name(), spec.objective().outcome());
            assertEquals(objective.direction() == Outcome.Direction.MAXIMISE ? Direction.MAXIMISE : Direction.MINIMISE,
                    spec.objective().direction());
            int sides = 0;
            for (Outcome o : f.outcomes()) {
                if (!o.isConstraint()) {
                    assertTrue(spec.constraints().stream().noneMatch(c -> c.outcome().equals(o.name())), o.name());
                    continue;
                }
                for (OutcomeConstraint c : spec.constraints()) {
                    if (!c.outcome().equals(o.name())) continue;
                    sides++;
                    assertEquals(o.isHard(), c.severity() == OutcomeConstraint.Severity.HARD, o.name());
                    double limit = c.sense() == OutcomeConstraint.Sense.AT_MOST ? o.upper() : o.lower();
                    assertEquals(limit, c.limit(), o.name());
                }
            }
            assertEquals(sides, spec.constraints().size(), name);
            assertEquals(f.contextNames(), spec.space().context().stream().map(ContextSpec::name).toList());
            // Every sampled task's context lies within the declared expected range.
            for (int i = 0; i < 50; i++) {
                Map<String, Double> ctx = f.sampleTask(new Rng(99).split(i)).context();
                for (ContextSpec c : spec.space().context()) {
                    double v = ctx.get(c.name());
                    assertTrue(v >= c.lower() && v <= c.upper(), name + "." + c.name() + " = " + v + " outside " + c);
                }
            }
            assertFalse(spec.safety().enabled());
            StudySpec safe = SimStudies.studySpec(f, name, true, 3, List.of(), 1);
            assertEquals(List.of(f.defaultSettings()), safe.safety().knownSafe(), name);
        }
    }

    @Test
    void limitsOfTheProcessFamiliesAreTheDocumentedOnes() {
        StudySpec cnc = SimStudies.studySpec(Families.byName("cnc_machining"), "cnc", false, 3, List.of(), 1);
        assertEquals(List.of(OutcomeConstraint.hardMax("spindle_power", 11.0), OutcomeConstraint.softMax("surface_roughness", 3.2)),
                cnc.constraints());
        assertEquals(List.of("dry", "flood"), cnc.space().parameter("coolant").levels());
        assertEquals(0.02, cnc.space().parameter("feed").maxStep());
        assertEquals("mm/rev", cnc.space().parameter("feed").unit());
        StudySpec reflow = SimStudies.studySpec(Families.byName("reflow_soldering"), "reflow", false, 3, List.of(), 1);
        assertTrue(reflow.constraints().contains(OutcomeConstraint.softMin("time_above_liquidus", 45)));
        assertTrue(reflow.constraints().contains(OutcomeConstraint.softMax("time_above_liquidus", 90)));
        assertEquals(List.of("cost_per_board", "peak_temperature", "time_above_liquidus", "ramp_rate"), reflow.outcomes());
        StudySpec branin = SimStudies.studySpec(Families.byName("branin"), "branin", false, 3, List.of(), 1);
        assertEquals(Direction.MAXIMISE, branin.objective().direction());
        assertTrue(branin.constraints().isEmpty());
        assertTrue(branin.space().context().isEmpty());
    }

    @Test
    void historyRowsAndTheirCsvGiveTheSameSourceTasks() {
        ProcessFamily cnc = Families.byName("cnc_machining");
        StudySpec spec = SimStudies.studySpec(cnc, "cnc", false, 3, List.of(), 1);
        History h = new HistoryGenerator(HistoryGenerator.Config.of(4, 6)).generate(cnc, 5);
        List<SourceTask> direct = SimStudies.sourceTasks(h, spec.space(), spec.outcomes());
        // The generator writes the categorical coolant as level names; the CSV path maps them to indices.
        CsvTable table = CsvTable.parse(h.toCsv());
        assertFalse(table.isNumeric("coolant"));
        List<SourceTask> viaCsv = SimStudies.sourceTasks(table, "task", cnc, spec.space(), spec.outcomes());
        assertEquals(4, direct.size());
        assertEquals(direct.size(), viaCsv.size());
        for (int t = 0; t < direct.size(); t++) {
            SourceTask a = direct.get(t), b = viaCsv.get(t);
            assertEquals(a.id(), b.id());
            assertEquals(6, a.runs());
            for (int r = 0; r < a.runs(); r++) assertArrayEquals(a.x()[r], b.x()[r], 1e-12);
            for (String o : spec.outcomes()) assertArrayEquals(a.outcome(o), b.outcome(o), 0.0);
        }
        String bad = h.toCsv().replaceFirst(",flood,", ",mist,").replaceFirst(",dry,", ",mist,");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimStudies.sourceTasks(CsvTable.parse(bad), "task", cnc, spec.space(), spec.outcomes()));
        assertTrue(e.getMessage().contains("'mist' is not a level of 'coolant'"), e.getMessage());
    }

    @Test
    void theSourcesFingerprintFollowsTheHistory() {
        ProcessFamily branin = Families.byName("branin");
        String a = Transfer.generate(branin, 3).sourcesFingerprint();
        assertEquals(a, Transfer.generate(branin, 3).sourcesFingerprint());
        assertTrue(a.matches("[0-9a-f]{16}"), a);
        assertFalse(a.equals(Transfer.generate(branin, 4).sourcesFingerprint()), "another history, the same fingerprint");
        assertFalse(a.equals(Transfer.generate(Families.byName("hartmann3"), 3).sourcesFingerprint()));
    }

    @Test
    void theWarmStartOffersTheOptimaOfThreeSourceTasks() {
        ProcessFamily branin = Families.byName("branin");
        Transfer t = Transfer.generate(branin, 3);
        assertEquals(SimStudies.SOURCE_TASKS, t.sources().size());
        assertEquals(SimStudies.METABO_RUNS, t.sources().get(0).runs());
        StudySpec spec = t.studySpec(Method.WARM_START, "w", false, 30, 1, 2);
        assertEquals(3, spec.initialDesign().size());
        Set<Map<String, Double>> optima = new java.util.HashSet<>();
        t.simulatedSources().forEach(task -> optima.add(Map.copyOf(task.optimum().settings())));
        for (Map<String, Double> d : spec.initialDesign()) assertTrue(optima.contains(d), d.toString());
        StudySpec random = t.studySpec(Method.RANDOM, "r", false, 30, 1, 2);
        assertEquals(30, random.initialTrials());
        // In safe mode the known-safe defaults run first; the design is the same, offered to the model as candidates.
        StudySpec safe = t.studySpec(Method.WARM_START, "w", true, 30, 1, 2);
        assertEquals(List.of(branin.defaultSettings()), safe.safety().knownSafe());
        assertEquals(spec.initialDesign(), safe.initialDesign());
    }
}
