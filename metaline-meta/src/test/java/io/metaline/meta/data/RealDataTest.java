package io.metaline.meta.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.meta.Task;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The public data sets in ../shared/data (skipped when absent; see {@link TestData}). */
class RealDataTest {
    /** The fault classes as the data README names them; the file's columns may add a "_Fault" suffix. */
    private static final List<String> README_FAULTS =
            List.of("Pastry", "Z_Scratch", "K_Scatch", "Stains", "Dirtiness", "Bumps", "Other_Faults");

    @Test
    void steelPlatesOneHot() {
        Path file = TestData.require("steel-plates/steel_plates_faults.csv");
        CsvTable table = CsvTable.read(file);
        assertEquals(',', table.delimiter());
        assertEquals(1941, table.rowCount());
        assertEquals(34, table.columnCount());
        List<String> faults = table.columns().subList(27, 34);
        for (int i = 0; i < 7; i++) {
            assertTrue(faults.get(i).startsWith(README_FAULTS.get(i)), faults.get(i) + " is " + README_FAULTS.get(i));
        }

        EpisodeSampler s = EpisodeSampler.fromOneHot(table, faults);
        if (!faults.equals(README_FAULTS)) { // the README's short names point to the file's column names
            String m = assertThrows(DataException.class, () -> EpisodeSampler.fromOneHot(table, README_FAULTS)).getMessage();
            assertTrue(m.contains("no label column '" + README_FAULTS.get(0) + "'; did you mean '" + faults.get(0) + "'?"), m);
        }
        assertEquals(1941, s.size());
        assertArrayEquals(new int[] {1941, 27}, s.features().shape());
        assertEquals(7, s.classNames().size());

        // class counts counted here from the one-hot columns themselves
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String f : faults) expected.put(f, (int) Arrays.stream(table.doubles(f)).sum());
        assertEquals(expected, s.classCounts());
        assertEquals(1941, expected.values().stream().mapToInt(Integer::intValue).sum());

        // the K+Q error on the real data: the first class too small for 5-shot with 200 query
        String tooSmall = expected.entrySet().stream().filter(e -> e.getValue() < 205).findFirst().orElseThrow().getKey();
        String m = assertThrows(DataException.class, () -> s.episodes(5, 5, 200))
                .getMessage();
        assertTrue(m.endsWith("class '" + tooSmall + "' has " + expected.get(tooSmall)
                + " examples; 5-shot with 200 query needs 205"), m);

        // held-out novel classes, standardised on the training classes
        EpisodeSampler train = s.withoutClasses(List.of(faults.get(3), faults.get(4))).standardized().episodes(5, 5, 10);
        Rng rng = new Rng(1);
        for (int i = 0; i < 50; i++) {
            Task t = train.sample(rng);
            assertArrayEquals(new int[] {25, 27}, t.support().x().shape());
            assertArrayEquals(new int[] {50, 27}, t.query().x().shape());
            assertFalse(t.id().contains("Stains") || t.id().contains("Dirtiness"), t.id());
            assertTrue(t.support().x().isFinite());
        }
    }

    @Test
    void ai4iTabSeparated() {
        Path file = TestData.require("ai4i2020/ai4i2020.csv");
        CsvTable table = CsvTable.read(file);
        assertEquals('\t', table.delimiter());
        assertEquals(10_000, table.rowCount());
        assertEquals(List.of("UDI", "Product ID", "Type", "Air temperature [K]", "Process temperature [K]",
                "Rotational speed [rpm]", "Torque [Nm]", "Tool wear [min]", "Machine failure", "TWF", "HDF", "PWF",
                "OSF", "RNF"), table.columns());
        assertFalse(table.isNumeric("Product ID"));
        assertFalse(table.isNumeric("Type"));
        assertEquals(Set.of("L", "M", "H"), new HashSet<>(Arrays.asList(table.strings("Type"))));
        double[] air = table.doubles("Air temperature [K]");
        assertEquals(10_000, air.length);
        assertTrue(Arrays.stream(air).allMatch(v -> v > 290 && v < 310));
        assertEquals(10_001, table.lineOf(9_999));

        // tasks by product type: predict torque from the process conditions
        HistoryTasks h = HistoryTasks.of(table, "Type",
                List.of("Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]", "Tool wear [min]"),
                List.of("Torque [Nm]"));
        assertEquals(3, h.taskCount());
        assertEquals("M", h.taskIds().get(0)); // the first row's type
        assertEquals(10_000, h.taskIds().stream().mapToInt(h::rowCount).sum());
        TaskSplit split = h.split(List.of("H"), List.of());
        Scaler scaler = h.fitScaler(split.train());
        Task t = h.distribution(split.train(), 10, 50, scaler).sample(new Rng(4));
        assertArrayEquals(new int[] {10, 4}, t.support().x().shape());
        assertArrayEquals(new int[] {50, 1}, t.query().y().shape());
    }
}
