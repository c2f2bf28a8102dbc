package io.metaline.meta.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.meta.Examples;
import io.metaline.meta.Task;
import io.metaline.meta.TaskDistribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTasksTest {
    @TempDir
    Path dir;

    private CsvTable table;
    private HistoryTasks history;

    private static final List<String> IN = List.of("temp", "speed", "line");
    private static final List<String> OUT = List.of("yield");

    /**
     * Tasks B (6 rows), A (6 rows), C (3 rows), D (6 rows), interleaved; B appears first. The row number r (1-based)
     * is the value of 'temp', so a row can be recognised; 'line' is constant; yield = 10 * temp + task offset.
     */
    @BeforeEach
    void setUp() throws IOException {
        String[] order = {"B", "A", "B", "C", "A", "D", "B", "A", "D", "C", "B", "A", "D", "D", "B", "A", "C", "D",
                "A", "B", "D"};
        StringBuilder sb = new StringBuilder("product,temp,speed,line,yield,comment\n");
        for (int i = 0; i < order.length; i++) {
            int r = i + 1;
            double offset = switch (order[i]) {
                case "A" -> 0;
                case "B" -> 100;
                case "C" -> 200;
                default -> 300;
            };
            sb.append(order[i]).append(',').append(r).append(',').append(r % 4).append(",7,")
                    .append(10 * r + offset).append(",\"note, ").append(r).append("\"\n");
        }
        Path p = dir.resolve("history.csv");
        Files.writeString(p, sb.toString());
        table = CsvTable.read(p);
        history = HistoryTasks.of(table, "product", IN, OUT);
    }

    private static Set<Double> column(Examples e, int col) {
        Set<Double> s = new HashSet<>();
        double[] v = e.x().toArray();
        int d = e.x().dim(1);
        for (int i = 0; i < e.size(); i++) s.add(v[i * d + col]);
        return s;
    }

    @Test
    void groupsRowsByTaskInFirstAppearanceOrder() {
        assertEquals(List.of("B", "A", "C", "D"), history.taskIds());
        assertEquals(6, history.rowCount("B"));
        assertEquals(3, history.rowCount("C"));
        Examples a = history.examples("A");
        assertArrayEquals(new int[] {6, 3}, a.x().shape());
        assertArrayEquals(new int[] {6, 1}, a.y().shape());
        // rows of A in table order: temp = 2, 5, 8, 12, 16, 19
        double[] temps = a.x().indexSelect(1, 0).toArray();
        assertArrayEquals(new double[] {2, 5, 8, 12, 16, 19}, temps);
        assertArrayEquals(new double[] {20, 50, 80, 120, 160, 190}, a.y().toArray());
        assertArrayEquals(new double[] {2 % 4, 7}, new double[] {a.x().get(0, 1), a.x().get(0, 2)});
    }

    @Test
    void taskHasKRandomSupportRowsAndTheRestAsQuery() {
        Task t = history.task("B", 2, HistoryTasks.ALL_ROWS, null, new Rng(3));
        assertEquals("B", t.id());
        assertEquals(2, t.support().size());
        assertEquals(4, t.query().size());
        Set<Double> support = column(t.support(), 0), query = column(t.query(), 0);
        assertEquals(2, support.size());
        Set<Double> union = new HashSet<>(support);
        union.addAll(query);
        assertEquals(column(history.examples("B"), 0), union, "support and query together are the task's rows");
        support.retainAll(query);
        assertTrue(support.isEmpty(), "no row is both support and query");

        Task capped = history.task("B", 2, 3, null, new Rng(3));
        assertEquals(3, capped.query().size());
        Task noQuery = history.task("B", 5, 0, null, new Rng(3));
        assertEquals(0, noQuery.query().size());

        // the support rows vary with the generator
        Set<Set<Double>> seen = new HashSet<>();
        Rng rng = new Rng(11);
        for (int i = 0; i < 30; i++) seen.add(column(history.task("B", 2, 0, null, rng).support(), 0));
        assertTrue(seen.size() > 5, "random support sets, got " + seen);
    }

    @Test
    void sameSeedSameTasks() {
        TaskDistribution d = history.distribution(history.taskIds(), 2, 3, null);
        List<Task> a = d.sample(new Rng(42), 20), b = d.sample(new Rng(42), 20), c = d.sample(new Rng(43), 20);
        boolean differs = false;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).id(), b.get(i).id());
            assertArrayEquals(a.get(i).support().x().toArray(), b.get(i).support().x().toArray());
            assertArrayEquals(a.get(i).query().y().toArray(), b.get(i).query().y().toArray());
            differs |= !Arrays.equals(a.get(i).support().x().toArray(), c.get(i).support().x().toArray());
        }
        assertTrue(differs, "another seed gives other tasks");
        Set<String> ids = new HashSet<>();
        for (Task t : history.distribution(history.taskIds(), 2, 3, null).sample(new Rng(1), 100)) {
            ids.add(t.id());
            assertEquals(2, t.support().size());
            assertEquals(Math.min(3, history.rowCount(t.id()) - 2), t.query().size());
        }
        assertEquals(Set.copyOf(history.taskIds()), ids, "every task is drawn");
        assertEquals(history.split(0.25, 0.25, 9), history.split(0.25, 0.25, 9));
    }

    @Test
    void scalerUsesTrainingTasksOnly() {
        TaskSplit split = history.split(List.of("C"), List.of("D"));
        assertEquals(List.of("B", "A"), split.train());
        assertEquals(List.of("C"), split.validation());
        assertEquals(List.of("D"), split.test());
        Scaler s = history.fitScaler(split.train());

        List<Double> temps = new ArrayList<>(), yields = new ArrayList<>();
        for (String id : split.train()) {
            for (double v : history.examples(id).x().indexSelect(1, 0).toArray()) temps.add(v);
            for (double v : history.examples(id).y().toArray()) yields.add(v);
        }
        double mean = temps.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double var = temps.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / temps.size();
        assertEquals(mean, s.inputMean()[0], 1e-12);
        assertEquals(Math.sqrt(var), s.inputStd()[0], 1e-12);
        assertEquals(11.0, Arrays.stream(table.doubles("temp")).average().orElseThrow(), 1e-12); // all rows: 1..21
        assertNotEquals(11.0, s.inputMean()[0], 1e-6, "test and validation rows are not in the statistics");
        double yMean = yields.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertEquals(yMean, s.outputMean()[0], 1e-9);

        // constant column: std 1, only shifted
        assertEquals(7.0, s.inputMean()[2], 1e-12);
        assertEquals(1.0, s.inputStd()[2]);

        // scaled training rows have mean 0 and std 1
        Examples scaled = history.examples("A", s).concat(history.examples("B", s));
        double[] t0 = scaled.x().indexSelect(1, 0).toArray();
        assertEquals(0.0, Arrays.stream(t0).average().orElseThrow(), 1e-12);
        assertEquals(1.0, Math.sqrt(Arrays.stream(t0).map(v -> v * v).average().orElseThrow()), 1e-12);
        double[] line = scaled.x().indexSelect(1, 2).toArray();
        for (double v : line) assertEquals(0.0, v, 1e-12);
    }

    @Test
    void inverseTransformRoundTripAndMapRoundTrip() {
        Scaler s = history.fitScaler(List.of("A", "B", "D"));
        Tensor y = history.examples("C").y();
        Tensor back = s.inverseOutputs(s.transformOutputs(y));
        assertTrue(back.allClose(y, 1e-12, 1e-9), back + " vs " + y);

        Map<String, Object> map = s.toMap();
        assertEquals(IN, map.get("inputColumns"));
        assertEquals(OUT, map.get("outputColumns"));
        Scaler again = Scaler.fromMap(map);
        assertEquals(s, again);
        assertEquals(s.hashCode(), again.hashCode());

        Task t = history.task("A", 2, HistoryTasks.ALL_ROWS, s, new Rng(5));
        Task raw = history.task("A", 2, HistoryTasks.ALL_ROWS, null, new Rng(5));
        assertTrue(s.inverseOutputs(t.query().y()).allClose(raw.query().y(), 1e-12, 1e-9),
                "same rows drawn, scaled and unscaled");
        assertTrue(s.transformInputs(raw.support().x()).allClose(t.support().x(), 1e-12, 1e-12));

        Scaler id = Scaler.identity(IN, OUT);
        assertTrue(id.transformOutputs(y).allClose(y, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Scaler.fromMap(Map.of("inputColumns", List.of("a"))));
    }

    @Test
    void splitsAreDeterministicPartitions() {
        TaskSplit s = history.split(0.25, 0.25, 123);
        assertEquals(2, s.train().size());
        assertEquals(1, s.validation().size());
        assertEquals(1, s.test().size());
        Set<String> all = new HashSet<>(s.train());
        all.addAll(s.validation());
        all.addAll(s.test());
        assertEquals(Set.copyOf(history.taskIds()), all);
        assertEquals(s, history.split(0.25, 0.25, 123));
        Set<TaskSplit> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) distinct.add(history.split(0.25, 0.25, seed));
        assertTrue(distinct.size() > 3, "the seed changes the split");
        assertEquals(4, history.split(0, 0, 1).train().size());

        assertTrue(assertThrows(DataException.class, () -> history.split(0.5, 0.5 - 1e-9, 1)).getMessage()
                .contains("keep a task for training"));
        assertTrue(assertThrows(DataException.class, () -> history.split(List.of("A"), List.of("A"))).getMessage()
                .contains("task 'A' is listed for both validation and test"));
        String unknown = assertThrows(DataException.class, () -> history.split(List.of("E"), List.of())).getMessage();
        assertTrue(unknown.contains("no task 'E'") && unknown.contains("'B', 'A', 'C', 'D'"), unknown);
    }

    @Test
    void smallTasksAreSkippedWithAWarningOrFailWhenNoneIsLeft() {
        List<Task> tasks = history.tasks(history.taskIds(), 3, HistoryTasks.ALL_ROWS, null, new Rng(1));
        assertEquals(List.of("B", "A", "D"), tasks.stream().map(Task::id).toList());
        assertEquals(List.of("task 'C' (column 'product') has 3 rows, fewer than K+1 = 4; skipped"), history.warnings());
        TaskDistribution d = history.distribution(history.taskIds(), 3, 2, null);
        for (Task t : d.sample(new Rng(2), 50)) assertNotEquals("C", t.id());
        assertEquals(1, history.warnings().size(), "the same warning is recorded once");

        DataException none = assertThrows(DataException.class, () -> history.distribution(history.taskIds(), 6, 1, null));
        assertTrue(none.getMessage().contains("none of the 4 tasks has at least K+1 = 7 rows"), none.getMessage());
        assertTrue(none.getMessage().contains("'C' 3"), none.getMessage());
        DataException one = assertThrows(DataException.class, () -> history.task("C", 3, 1, null, new Rng(1)));
        assertTrue(one.getMessage().contains("task 'C' has 3 rows; 3 support rows and a query row need at least 4"),
                one.getMessage());
    }

    @Test
    void columnErrors() {
        String unknown = assertThrows(DataException.class, () -> HistoryTasks.of(table, "product", List.of("tmp"), OUT))
                .getMessage();
        assertTrue(unknown.contains("no column 'tmp'; did you mean 'temp'? columns are: 'product', 'temp', 'speed',"
                + " 'line', 'yield', 'comment'"), unknown);
        assertTrue(assertThrows(DataException.class, () -> HistoryTasks.of(table, "prodct", IN, OUT)).getMessage()
                .contains("no column 'prodct'; did you mean 'product'?"));
        assertTrue(assertThrows(DataException.class,
                () -> HistoryTasks.of(table, "product", List.of("temp", "product"), OUT)).getMessage()
                .contains("task column 'product' is also listed as an input"));
        assertTrue(assertThrows(DataException.class,
                () -> HistoryTasks.of(table, "product", IN, List.of("product"))).getMessage()
                .contains("task column 'product' is also listed as an output"));
        assertTrue(assertThrows(DataException.class,
                () -> HistoryTasks.of(table, "product", List.of("temp", "yield"), OUT)).getMessage()
                .contains("column 'yield' is listed as both an input and an output"));
        assertTrue(assertThrows(DataException.class,
                () -> HistoryTasks.of(table, "product", List.of("temp", "temp"), OUT)).getMessage()
                .contains("input column 'temp' is listed twice"));
        assertTrue(assertThrows(DataException.class,
                () -> HistoryTasks.of(table, "product", List.of("comment"), OUT)).getMessage()
                .contains("column 'comment', row 1 (line 2): 'note, 1' is not a number"));
        assertTrue(assertThrows(DataException.class, () -> history.examples("Z")).getMessage().contains("no task 'Z'"));
    }

    @Test
    void singleTaskAndMissingValues() {
        CsvTable one = CsvTable.parse("product,x,y\nA,1,2\nA,2,3\nA,3,4\n");
        assertEquals("input: meta-learning needs at least 2 tasks; column 'product' has only one value 'A'",
                assertThrows(DataException.class, () -> HistoryTasks.of(one, "product", List.of("x"), List.of("y")))
                        .getMessage());
        CsvTable gap = CsvTable.parse("product,x,y\nA,1,2\nB,2,3\n\nB,,4\n");
        assertEquals("input: column 'x', row 3 (line 5): the value is missing (empty cell)",
                assertThrows(DataException.class, () -> HistoryTasks.of(gap, "product", List.of("x"), List.of("y")))
                        .getMessage());
        CsvTable noId = CsvTable.parse("product,x,y\nA,1,2\n,2,3\n");
        assertTrue(assertThrows(DataException.class, () -> HistoryTasks.of(noId, "product", List.of("x"), List.of("y")))
                .getMessage().contains("column 'product', row 2 (line 3): the task id is missing"));
    }
}
