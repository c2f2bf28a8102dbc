package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Thompson sampling as a study's acquisition: it optimises, explores, keeps the step limit and survives save/load. */
class ThompsonSamplingStudyTest {
    /** Maximise -(x-0.3)^2 - (y-0.7)^2 on [0,1]^2 with steps of at most 0.25. */
    private static StudySpec quadratic(long seed) {
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("x", "mm", 0, 1, 0.25),
                ParameterSpec.continuous("y", "mm", 0, 1, 0.25));
        return StudySpec.of("quadratic", space, Objective.maximise("q"))
                .withAcquisition(StudySpec.Acquisition.THOMPSON_SAMPLING).withSeed(seed);
    }

    private static double q(Map<String, Double> s) {
        double x = s.get("x"), y = s.get("y");
        return -(x - 0.3) * (x - 0.3) - (y - 0.7) * (y - 0.7);
    }

    @Test
    void getsCloseToTheOptimumOfAQuadraticWithinTheStepLimit() {
        Study study = new Study(quadratic(7), new GpSurrogate(7));
        Map<String, Double> prev = null;
        for (int i = 0; i < 20; i++) {
            Suggestion s = study.ask(Map.of());
            if (i >= 3) assertTrue(s.reason().startsWith("Thompson sampling"), s.reason());
            if (prev != null) {
                for (String p : List.of("x", "y")) assertTrue(Math.abs(s.settings().get(p) - prev.get(p)) <= 0.25 + 1e-12);
            }
            prev = s.settings();
            study.tell(s.trialId(), Map.of("q", q(s.settings())));
        }
        double best = study.best().orElseThrow().outcomes().get("q");
        // Random search with 20 trials typically ends near -0.01; the sampler must home in far closer.
        assertTrue(best > -2e-3, "best " + best);
    }

    @Test
    void samplingExploresRatherThanRepeatingOneSetting() {
        Study study = new Study(quadratic(8), new GpSurrogate(8));
        Set<Map<String, Double>> distinct = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            Suggestion s = study.ask(Map.of());
            distinct.add(s.settings());
            study.tell(s.trialId(), Map.of("q", q(s.settings())));
        }
        assertTrue(distinct.size() >= 10, "only " + distinct.size() + " distinct settings in 12 trials");
    }

    @Test
    void aSavedStudyKeepsTheAcquisitionAndMakesTheSameNextSuggestion() {
        Study study = new Study(quadratic(9), new GpSurrogate(9));
        for (int i = 0; i < 6; i++) {
            Suggestion s = study.ask(Map.of());
            study.tell(s.trialId(), Map.of("q", q(s.settings())));
        }
        String json = StudyJson.toJson(study);
        assertTrue(json.contains("THOMPSON_SAMPLING"), json);
        Study copy = StudyJson.fromJson(json, new GpSurrogate(9));
        assertEquals(StudySpec.Acquisition.THOMPSON_SAMPLING, copy.spec().acquisition());
        assertEquals(study.ask(Map.of()).settings(), copy.ask(Map.of()).settings());
    }
}
