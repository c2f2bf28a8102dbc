package io.metaline.optimize.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.metaline.optimize.Objective;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmStartTest {
    private static final SearchSpace SPACE = SearchSpace.of(
            ParameterSpec.continuous("temperature", "°C", 200, 300, 5),
            ParameterSpec.integer("passes", "", 1, 9, 2),
            ParameterSpec.categorical("coolant", List.of("dry", "flood", "mist"), true));

    private static final StudySpec SPEC = StudySpec.of("warm", SPACE, Objective.minimise("cost"))
            .withConstraints(List.of(OutcomeConstraint.hardMax("power", 10)));

    private static double[] run(double temperature, double passes, double coolant) {
        return SPACE.encode(new double[] {temperature, passes, coolant}, new double[0]);
    }

    /** Run 0 is cheapest but over the power limit; run 1 is the best within it. */
    private static SourceTask task(String id, double t) {
        return new SourceTask(id, new double[][] {run(t, 1, 0), run(t + 10, 4, 2), run(t + 20, 9, 1)},
                Map.of("cost", new double[] {1, 2, 3}, "power", new double[] {12, 9, 5}));
    }

    @Test
    void theBestRunMeetingEveryLimitIsDecodedBackToSettings() {
        assertEquals(Map.of("temperature", 220.0, "passes", 4.0, "coolant", 2.0), WarmStart.bestSettings(task("a", 210), SPEC));
        // Without a run inside the limits, the best of all.
        SourceTask over = new SourceTask("over", new double[][] {run(250, 3, 1), run(260, 5, 0)},
                Map.of("cost", new double[] {4, 2}, "power", new double[] {11, 12}));
        assertEquals(Map.of("temperature", 260.0, "passes", 5.0, "coolant", 0.0), WarmStart.bestSettings(over, SPEC));
    }

    @Test
    void designPicksSeededSourcesAndBestTasksRanksThem() {
        List<SourceTask> sources = List.of(task("a", 210), task("b", 230), task("c", 250), task("d", 270));
        List<Map<String, Double>> design = WarmStart.design(sources, SPEC, 3, 42);
        assertEquals(3, design.size());
        assertEquals(design, WarmStart.design(sources, SPEC, 3, 42));
        assertEquals(4, WarmStart.design(sources, SPEC, 9, 1).size());
        for (Map<String, Double> d : design) SPACE.values(d, "design");
        StudySpec withDesign = SPEC.withInitialDesign(design);
        assertEquals(design, withDesign.initialDesign());

        // Same best cost everywhere: ties keep the given order.
        assertEquals(List.of(WarmStart.bestSettings(sources.get(0), SPEC), WarmStart.bestSettings(sources.get(1), SPEC)),
                WarmStart.bestTasks(sources, SPEC, 2));
        SourceTask cheap = new SourceTask("cheap", new double[][] {run(290, 2, 0)}, Map.of("cost", new double[] {0.5}, "power", new double[] {1}));
        assertEquals(Map.of("temperature", 290.0, "passes", 2.0, "coolant", 0.0),
                WarmStart.bestTasks(List.of(task("a", 210), cheap), SPEC, 1).get(0));
        assertThrows(IllegalArgumentException.class, () -> WarmStart.design(sources, SPEC, -1, 0));
    }

    @Test
    void pickChecksGivenSettingsAgainstTheSpace() {
        List<Map<String, Double>> optima = List.of(Map.of("temperature", 250.0, "passes", 3.0, "coolant", 1.0),
                Map.of("temperature", 260.0, "passes", 4.0, "coolant", 0.0));
        assertEquals(2, WarmStart.pick(optima, SPEC, 3, 7).size());
        assertThrows(IllegalArgumentException.class,
                () -> WarmStart.pick(List.of(Map.of("temperature", 999.0, "passes", 3.0, "coolant", 1.0)), SPEC, 1, 7));
    }
}
