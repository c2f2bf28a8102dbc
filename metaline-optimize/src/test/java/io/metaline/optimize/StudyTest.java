package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyTest {
    /** Maximise -(x-0.3)^2 - (y-0.7)^2 on [0,1]^2 with steps of at most 0.25. */
    private static StudySpec quadratic() {
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("x", "mm", 0, 1, 0.25),
                ParameterSpec.continuous("y", "mm", 0, 1, 0.25));
        return StudySpec.of("quadratic", space, Objective.maximise("q")).withSeed(5);
    }

    private static double q(Map<String, Double> s) {
        double x = s.get("x"), y = s.get("y");
        return -(x - 0.3) * (x - 0.3) - (y - 0.7) * (y - 0.7);
    }

    @Test
    void findsTheOptimumOfAQuadraticWithinTwentyTrials() {
        Study study = new Study(quadratic(), new GpSurrogate(1));
        for (int i = 0; i < 20; i++) {
            Suggestion s = study.ask(Map.of());
            study.tell(s.trialId(), Map.of("q", q(s.settings())));
        }
        double best = study.best().orElseThrow().outcomes().get("q");
        assertTrue(best > -1e-3, "best " + best);
    }

    @Test
    void consecutiveSuggestionsRespectBoundsAndMaxStep() {
        Study study = new Study(quadratic(), new GpSurrogate(2));
        Map<String, Double> prev = null;
        for (int i = 0; i < 12; i++) {
            List<Suggestion> batch = study.ask(Map.of(), 2);
            for (Suggestion s : batch) {
                for (String p : List.of("x", "y")) {
                    double v = s.settings().get(p);
                    assertTrue(v >= 0 && v <= 1, p + "=" + v);
                    if (prev != null) assertTrue(Math.abs(v - prev.get(p)) <= 0.25 + 1e-12, "step " + Math.abs(v - prev.get(p)));
                }
                prev = s.settings();
                study.tell(s.trialId(), Map.of("q", q(s.settings())));
            }
        }
    }

    @Test
    void aSavedStudyMakesTheSameNextSuggestion() {
        Suggestion[] next = nextBeforeAndAfterSaving(6);
        assertEquals(next[0].settings(), next[1].settings());
    }

    @Test
    void aSavedStudyInItsTrustRegionMakesTheSameNextSuggestion() {
        Suggestion[] next = nextBeforeAndAfterSaving(15);
        assertTrue(next[0].reason().contains("around the best run"), next[0].reason());
        assertEquals(next[0].settings(), next[1].settings());
        assertEquals(next[0].reason(), next[1].reason());
    }

    /** The next suggestion of a study after {@code runs} runs, and that of its copy saved to JSON and loaded. */
    private static Suggestion[] nextBeforeAndAfterSaving(int runs) {
        Study study = new Study(quadratic(), new GpSurrogate(3));
        for (int i = 0; i < runs; i++) {
            Suggestion s = study.ask(Map.of());
            study.tell(s.trialId(), Map.of("q", q(s.settings())));
        }
        Study copy = StudyJson.fromJson(StudyJson.toJson(study), new GpSurrogate(3));
        return new Suggestion[] {study.ask(Map.of()), copy.ask(Map.of())};
    }

    @Test
    void tellingTheSameResultTwiceIsHarmlessAndAConflictIsRefused() {
        Study study = new Study(quadratic(), new GpSurrogate(4));
        Suggestion s = study.ask(Map.of());
        study.tell(s.trialId(), Map.of("q", -1.0));
        study.tell(s.trialId(), Map.of("q", -1.0));
        assertThrows(StudyException.AlreadyReported.class, () -> study.tell(s.trialId(), Map.of("q", -2.0)));
        assertThrows(StudyException.UnknownTrial.class, () -> study.tell(99, Map.of("q", -2.0)));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> study.tell(s.trialId(), Map.of("q", Double.NaN)));
        assertTrue(nan.getMessage().contains("'q' is NaN"), nan.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> study.tell(s.trialId(), Map.of("qq", 1.0)));
        assertTrue(unknown.getMessage().contains("unknown outcome 'qq'"), unknown.getMessage());
        assertEquals(1, study.trials().size());
    }

    @Test
    void safeModeStartsAtTheDeclaredSettingsAndKeepsAHardLimit() {
        // The hard limit x + y <= 1.2 cuts through the space; the optimum (0.3, 0.7) is inside it.
        StudySpec spec = quadratic().withConstraints(List.of(OutcomeConstraint.hardMax("load", 1.2)))
                .withSafety(SafetyConfig.safe(2.0, Map.of("x", 0.1, "y", 0.1)));
        Study study = new Study(spec, new GpSurrogate(5));
        Suggestion first = study.ask(Map.of());
        assertEquals(Map.of("x", 0.1, "y", 0.1), first.settings());
        study.tell(first.trialId(), Map.of("q", q(first.settings()), "load", 0.2));
        for (int i = 0; i < 15; i++) {
            Suggestion s = study.ask(Map.of());
            double load = s.settings().get("x") + s.settings().get("y");
            assertTrue(load <= 1.2, "suggested a setting over the hard limit: " + s.settings());
            study.tell(s.trialId(), Map.of("q", q(s.settings()), "load", load));
        }
    }
}
