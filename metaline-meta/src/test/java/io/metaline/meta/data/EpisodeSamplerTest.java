package io.metaline.meta.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.meta.Examples;
import io.metaline.meta.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpisodeSamplerTest {
    private static final List<String> NAMES = List.of("c0", "c1", "c2", "c3", "c4", "c5");

    /** Class c has 10 + c examples; feature 0 is the example's row (a unique id), feature 1 its class. */
    private static EpisodeSampler synthetic() {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < NAMES.size(); c++) {
            for (int i = 0; i < 10 + c; i++) {
                labels.add(c);
                rows.add(new double[] {0, c});
            }
        }
        // interleave classes so rows of a class are not contiguous
        int n = rows.size();
        int[] perm = new Rng(99).permutation(n);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(perm[i]).clone();
            r[0] = i;
            x[i] = r;
            y[i] = labels.get(perm[i]);
        }
        return EpisodeSampler.of(Tensor.matrix(x), y, NAMES);
    }

    private static int[] ids(Examples e) {
        int[] out = new int[e.size()];
        for (int i = 0; i < out.length; i++) out[i] = (int) e.x().get(i, 0);
        return out;
    }

    private static int[] classes(Examples e) {
        int[] out = new int[e.size()];
        for (int i = 0; i < out.length; i++) out[i] = (int) e.x().get(i, 1);
        return out;
    }

    @Test
    void episodeShapesAndRelabelling() {
        EpisodeSampler s = synthetic().episodes(3, 2, 4);
        assertEquals(Map.of("c0", 10, "c1", 11, "c2", 12, "c3", 13, "c4", 14, "c5", 15), s.classCounts());
        Rng rng = new Rng(7);
        for (int e = 0; e < 100; e++) {
            Task t = s.sample(rng);
            assertTrue(t.isClassification());
            assertArrayEquals(new int[] {6, 2}, t.support().x().shape());
            assertArrayEquals(new int[] {12, 2}, t.query().x().shape());
            assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, t.support().labels());
            assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, t.query().labels());
            // each new label stands for one original class, the same in support and query, different across labels
            Map<Integer, Integer> original = new HashMap<>();
            int[] sl = t.support().labels(), sc = classes(t.support());
            int[] ql = t.query().labels(), qc = classes(t.query());
            for (int i = 0; i < sl.length; i++) assertEquals(sc[i], (int) original.merge(sl[i], sc[i], (a, b) -> a));
            for (int i = 0; i < ql.length; i++) assertEquals(qc[i], (int) original.get(ql[i]));
            assertEquals(3, new HashSet<>(original.values()).size());
            // all examples distinct: no overlap between support and query
            Set<Integer> seen = new HashSet<>();
            for (int id : ids(t.support())) assertTrue(seen.add(id));
            for (int id : ids(t.query())) assertTrue(seen.add(id), "example " + id + " is in support and query");
        }
    }

    @Test
    void everyAllowedClassAndEveryLabelOrderOccurs() {
        EpisodeSampler s = synthetic().episodes(2, 1, 1);
        Set<Integer> classesSeen = new HashSet<>();
        Set<Integer> firstLabelClasses = new HashSet<>();
        Rng rng = new Rng(5);
        for (int e = 0; e < 300; e++) {
            int[] c = classes(s.sample(rng).support());
            for (int v : c) classesSeen.add(v);
            firstLabelClasses.add(c[0]);
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5), classesSeen);
        assertEquals(Set.of(0, 1, 2, 3, 4, 5), firstLabelClasses, "labels are assigned in random order");
    }

    @Test
    void heldOutClassesNeverAppear() {
        EpisodeSampler all = synthetic();
        EpisodeSampler train = all.withoutClasses(List.of("c4", "c5")).episodes(3, 2, 3);
        EpisodeSampler test = all.withClasses(List.of("c4", "c5")).episodes(2, 2, 3);
        assertEquals(List.of("c0", "c1", "c2", "c3"), train.allowedClasses());
        assertEquals(List.of("c4", "c5"), test.allowedClasses());
        Rng rng = new Rng(3);
        for (int e = 0; e < 200; e++) {
            Task t = train.sample(rng);
            for (int c : classes(t.support().concat(t.query()))) assertTrue(c < 4, "held-out class " + c + " drawn");
            Task u = test.sample(rng);
            for (int c : classes(u.support().concat(u.query()))) assertTrue(c >= 4, "training class " + c + " in test");
        }
    }

    @Test
    void sameSeedSameEpisodes() {
        EpisodeSampler s = synthetic().episodes(3, 2, 2);
        List<Task> a = s.sample(new Rng(11), 10), b = s.sample(new Rng(11), 10);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).id(), b.get(i).id());
            assertArrayEquals(a.get(i).support().x().toArray(), b.get(i).support().x().toArray());
            assertArrayEquals(a.get(i).query().x().toArray(), b.get(i).query().x().toArray());
        }
        assertTrue(a.get(0).id().startsWith("3-way 2-shot ["), a.get(0).id());
    }

    @Test
    void errors() {
        EpisodeSampler s = synthetic();
        String tooMany = assertThrows(DataException.class, () -> s.withClasses(List.of("c0", "c1", "c2")).episodes(5, 1, 1))
                .getMessage();
        assertTrue(tooMany.contains("5-way episodes need 5 classes, but only 3 are available: 'c0', 'c1', 'c2'"), tooMany);

        int[] labels = new int[158 + 300];
        for (int i = 158; i < labels.length; i++) labels[i] = 1;
        EpisodeSampler pastry = EpisodeSampler.of(Tensor.zeros(labels.length, 2), labels, List.of("Pastry", "Bumps"));
        assertEquals("data: class 'Pastry' has 158 examples; 5-shot with 200 query needs 205",
                assertThrows(DataException.class, () -> pastry.episodes(2, 5, 200)).getMessage());
        // the check also runs when classes are restricted after configuring
        EpisodeSampler ok = synthetic().episodes(2, 5, 5);
        assertThrows(DataException.class, () -> ok.withClasses(List.of("c0")));

        String unknown = assertThrows(DataException.class, () -> s.withClasses(List.of("c9"))).getMessage();
        assertTrue(unknown.contains("no class 'c9'"), unknown);
        assertThrows(IllegalStateException.class, () -> s.sample(new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> s.episodes(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> EpisodeSampler.of(Tensor.zeros(3, 2), new int[] {0, 1}));
    }

    @Test
    void fromLabelColumn() {
        CsvTable t = CsvTable.parse("a,Fault,b\n1,x,2\n3,y,4\n5,x,6\n7,z,8\n9,y,10\n11,z,12\n");
        EpisodeSampler s = EpisodeSampler.fromLabelColumn(t, "Fault");
        assertEquals(List.of("x", "y", "z"), s.classNames());
        assertArrayEquals(new int[] {0, 1, 0, 2, 1, 2}, s.labels());
        assertArrayEquals(new int[] {6, 2}, s.features().shape());
        assertArrayEquals(new double[] {1, 2}, s.features().indexSelect(0, 0).toArray());
        Task e = s.episodes(3, 1, 1).sample(new Rng(1));
        assertEquals(3, e.support().size());

        String unknown = assertThrows(DataException.class, () -> EpisodeSampler.fromLabelColumn(t, "fault")).getMessage();
        assertTrue(unknown.contains("no label column 'fault'; did you mean 'Fault'? columns are: 'a', 'Fault', 'b'"),
                unknown);
        CsvTable text = CsvTable.parse("name,label,v\np,x,1\nq,y,2\n");
        String nonNumeric = assertThrows(DataException.class, () -> EpisodeSampler.fromLabelColumn(text, "label"))
                .getMessage();
        assertTrue(nonNumeric.contains("column 'name' is not numeric ('p' in row 1 (line 2))"), nonNumeric);
        assertEquals(2, EpisodeSampler.fromLabelColumn(text, "label", List.of("v")).size());
    }

    @Test
    void fromOneHot() {
        List<String> faults = List.of("Pastry", "Bumps", "Other");
        CsvTable t = CsvTable.parse("f1,f2,Pastry,Bumps,Other\n1,2,1,0,0\n3,4,0,0,1\n5,6,0,1,0\n7,8,0,0,1\n");
        EpisodeSampler s = EpisodeSampler.fromOneHot(t, faults);
        assertEquals(faults, s.classNames());
        assertArrayEquals(new int[] {0, 2, 1, 2}, s.labels());
        assertArrayEquals(new int[] {4, 2}, s.features().shape());
        assertEquals(Map.of("Pastry", 1, "Bumps", 1, "Other", 2), s.classCounts());

        CsvTable two = CsvTable.parse("f1,Pastry,Bumps,Other\n1,1,0,0\n2,1,1,0\n");
        assertEquals("input: row 2 (line 3) has 2 label columns set to 1 ('Pastry', 'Bumps'); each row needs exactly"
                        + " one of 'Pastry', 'Bumps', 'Other'",
                assertThrows(DataException.class, () -> EpisodeSampler.fromOneHot(two, faults)).getMessage());
        CsvTable none = CsvTable.parse("f1,Pastry,Bumps,Other\n1,1,0,0\n2,0,0,0\n");
        assertTrue(assertThrows(DataException.class, () -> EpisodeSampler.fromOneHot(none, faults)).getMessage()
                .contains("row 2 (line 3) has none of the label columns set to 1"));
        CsvTable bad = CsvTable.parse("f1,Pastry,Bumps,Other\n1,1,0,0\n2,0,2,0\n");
        assertTrue(assertThrows(DataException.class, () -> EpisodeSampler.fromOneHot(bad, faults)).getMessage()
                .contains("column 'Bumps', row 2 (line 3): '2' is neither 0 nor 1"));
        assertTrue(assertThrows(DataException.class, () -> EpisodeSampler.fromOneHot(t, List.of("Pastry", "Bumsp")))
                .getMessage().contains("no label column 'Bumsp'; did you mean 'Bumps'?"));
    }

    @Test
    void standardizedUsesAllowedClassesOnly() {
        EpisodeSampler s = synthetic().withoutClasses(List.of("c5")).standardized();
        double[] x = s.features().toArray();
        int[] labels = s.labels();
        double sum = 0, sq = 0;
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 5) continue;
            sum += x[i * 2 + 1];
            sq += x[i * 2 + 1] * x[i * 2 + 1];
            n++;
        }
        assertEquals(0.0, sum / n, 1e-12);
        assertEquals(1.0, sq / n, 1e-12);
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), s.allowedClasses());
    }
}
