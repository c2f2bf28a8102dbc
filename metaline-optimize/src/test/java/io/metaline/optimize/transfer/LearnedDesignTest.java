package io.metaline.optimize.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.optimize.GpSurrogate;
import io.metaline.optimize.Objective;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnedDesignTest {
    private static final SearchSpace SPACE = SearchSpace.of(ParameterSpec.continuous("x", "", 0, 1, 1));

    /** Quality -(x - centre)^2, run on a grid of 21 settings. */
    private static SourceTask task(String id, double centre) {
        double[][] x = new double[21][];
        double[] y = new double[21];
        for (int i = 0; i <= 20; i++) {
            x[i] = new double[] {i / 20.0};
            y[i] = -(i / 20.0 - centre) * (i / 20.0 - centre);
        }
        return new SourceTask(id, x, Map.of("quality", y));
    }

    /** 12 earlier tasks best near 0.2, 8 best near 0.8. */
    private static List<SourceTask> twoClusters() {
        List<SourceTask> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) tasks.add(task("a" + i, 0.19 + 0.02 * (i % 2)));
        for (int i = 0; i < 8; i++) tasks.add(task("b" + i, 0.79 + 0.02 * (i % 2)));
        return tasks;
    }

    @Test
    void theFirstPointServesTheMostTasksAndTheSecondTheOthers() {
        StudySpec spec = StudySpec.of("design", SPACE, Objective.maximise("quality"));
        List<Map<String, Double>> design = LearnedDesign.greedy(twoClusters(), spec, new GpSurrogate(1), 2);
        assertEquals(2, design.size());
        assertEquals(0.2, design.get(0).get("x"), 1e-9);
        assertEquals(0.8, design.get(1).get("x"), 1e-9);
    }

    @Test
    void minimisingFlipsTheSignAndTheDesignNeverExceedsTheCandidates() {
        List<SourceTask> flipped = new ArrayList<>();
        for (SourceTask t : twoClusters()) {
            double[] y = t.outcome("quality").clone();
            for (int i = 0; i < y.length; i++) y[i] = -y[i];
            flipped.add(new SourceTask(t.id(), t.x(), Map.of("cost", y)));
        }
        StudySpec spec = StudySpec.of("design", SPACE, Objective.minimise("cost"));
        List<Map<String, Double>> design = LearnedDesign.greedy(flipped, spec, new GpSurrogate(1), 50);
        assertEquals(20, design.size());
        assertEquals(0.2, design.get(0).get("x"), 1e-9);
        assertEquals(0.8, design.get(1).get("x"), 1e-9);
        assertEquals(List.of(), LearnedDesign.greedy(List.of(), spec, new GpSurrogate(1), 2));
        assertThrows(IllegalArgumentException.class, () -> LearnedDesign.greedy(flipped, spec, new GpSurrogate(1), -1));
        SourceTask wide = new SourceTask("wide", new double[][] {{0.5, 0.5}}, Map.of("cost", new double[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearnedDesign.greedy(List.of(wide), spec, new GpSurrogate(1), 1));
        assertTrue(e.getMessage().contains("'wide' has 2 encoded inputs"), e.getMessage());
    }
}
