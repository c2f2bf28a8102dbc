package io.metaline.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryGeneratorTest {

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining", "branin", "goldstein_price",
            "hartmann3"})
    void sameSeedGivesTheSameCsvBytesAndTheCsvParsesBack(String name, @TempDir Path dir) throws IOException {
        ProcessFamily f = Families.byName(name);
        HistoryGenerator gen = new HistoryGenerator(HistoryGenerator.Config.of(4, 25));
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        gen.generate(f, 42).writeCsv(a);
        gen.generate(Families.byName(name), 42).writeCsv(b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertNotEquals(gen.generate(f, 43).toCsv(), gen.generate(f, 42).toCsv());

        List<String> lines = Files.readAllLines(a, StandardCharsets.UTF_8);
        List<String> expectedHeader = new ArrayList<>();
        expectedHeader.add("task");
        expectedHeader.addAll(f.contextNames());
        f.parameters().forEach(p -> expectedHeader.add(p.name()));
        f.outcomes().forEach(o -> expectedHeader.add(o.name()));
        assertEquals(String.join(",", expectedHeader), lines.get(0));
        assertEquals(1 + 4 * 25, lines.size());

        History history = gen.generate(f, 42);
        Set<String> ids = new HashSet<>();
        history.tasks().forEach(t -> ids.add(t.id()));
        assertEquals(4, ids.size());
        int nc = f.contextNames().size();
        int np = f.parameters().size();
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            assertEquals(expectedHeader.size(), cells.length, "row " + r);
            assertTrue(ids.contains(cells[0]), "unknown task id " + cells[0]);
            HistoryRow row = history.rows().get(r - 1);
            assertEquals(row.taskId(), cells[0]);
            for (int j = 0; j < nc; j++) {
                assertEquals(row.context().get(f.contextNames().get(j)), Double.parseDouble(cells[1 + j]));
            }
            for (int j = 0; j < np; j++) {
                Parameter p = f.parameters().get(j);
                double v = p.parse(cells[1 + nc + j]);
                assertEquals(row.settings().get(p.name()), v);
                assertTrue(p.admits(v), p.name() + " = " + v + " not allowed");
            }
            for (int j = 0; j < f.outcomes().size(); j++) {
                double v = Double.parseDouble(cells[1 + nc + np + j]);
                assertTrue(Double.isFinite(v));
                assertEquals(row.outcomes().get(f.outcomes().get(j).name()), v);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"injection_moulding", "reflow_soldering", "cnc_machining"})
    void safeHistoryHasNoHardLimitViolationsInEitherSampling(String name) {
        ProcessFamily f = Families.byName(name);
        for (HistoryGenerator.Sampling sampling : HistoryGenerator.Sampling.values()) {
            HistoryGenerator.Config config = HistoryGenerator.Config.of(3, 40).withSampling(sampling);
            History h = new HistoryGenerator(config).generate(f, 7);
            int k = 0;
            for (HistoryRow row : h.rows()) {
                ProcessTask task = h.tasks().get(k / 40).drifted(k % 40);
                assertEquals(task.id(), row.taskId());
                assertFalse(task.violatesHardLimit(row.settings()), sampling + " row " + k + " breaks a hard limit");
                k++;
            }
        }
    }

    @Test
    void latinHypercubeCoversEveryStratumOfEveryContinuousParameter() {
        ProcessFamily f = new Branin();  // no hard limits: no redraws disturb the design
        int m = 20;
        History h = new HistoryGenerator(HistoryGenerator.Config.of(1, m)).generate(f, 3);
        for (Parameter p : f.parameters()) {
            boolean[] seen = new boolean[m];
            for (HistoryRow row : h.rows()) {
                int stratum = (int) Math.floor((row.settings().get(p.name()) - p.lower()) / p.range() * m);
                seen[Math.min(m - 1, stratum)] = true;
            }
            for (boolean s : seen) assertTrue(s, p.name() + ": a stratum is empty");
        }
    }

    @Test
    void habitualRunsClusterAroundTheRecipe() {
        ProcessFamily f = new InjectionMoulding();
        HistoryGenerator.Config config = HistoryGenerator.Config.of(1, 200)
                .withSampling(HistoryGenerator.Sampling.HABITUAL);
        History h = new HistoryGenerator(config).generate(f, 5);
        Parameter p = f.parameter("melt_temperature");
        double mean = h.rows().stream().mapToDouble(r -> r.settings().get(p.name())).average().orElseThrow();
        double var = h.rows().stream().mapToDouble(r -> Math.pow(r.settings().get(p.name()) - mean, 2))
                .average().orElseThrow();
        assertTrue(Math.sqrt(var) < 0.15 * p.range(), "habitual runs are not clustered: sd " + Math.sqrt(var));
    }

    @Test
    void targetTasksAreReproducibleAndDifferFromSourceTasks() {
        ProcessFamily f = new ReflowSoldering();
        List<ProcessTask> targets = HistoryGenerator.targetTasks(f, 5, 9);
        List<ProcessTask> again = HistoryGenerator.targetTasks(f, 5, 9);
        List<ProcessTask> sources = HistoryGenerator.sourceTasks(f, 5, 9);
        for (int i = 0; i < 5; i++) {
            assertEquals(targets.get(i).id(), again.get(i).id());
            assertEquals(targets.get(i).context(), again.get(i).context());
            for (ProcessTask s : sources) assertNotEquals(s.id(), targets.get(i).id());
        }
        History h = new HistoryGenerator(HistoryGenerator.Config.of(5, 2)).generate(f, 9);
        for (int i = 0; i < 5; i++) assertEquals(sources.get(i).id(), h.tasks().get(i).id());
    }

    @Test
    void categoricalLevelsAreWrittenByName() {
        History h = new HistoryGenerator(HistoryGenerator.Config.of(2, 10)).generate(new CncMachining(), 1);
        String csv = h.toCsv();
        assertTrue(csv.contains(",dry,") || csv.contains(",flood,"), "no coolant level name in the CSV");
        assertTrue(csv.endsWith("\n"));
    }

    @Test
    void badConfigurationIsRejectedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistoryGenerator.Config.of(0, 10));
        assertTrue(e.getMessage().contains("sourceTasks"));
        assertThrows(IllegalArgumentException.class, () -> HistoryGenerator.Config.of(1, 0));
    }
}
