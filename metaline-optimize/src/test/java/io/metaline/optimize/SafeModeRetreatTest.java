package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Safe mode when no new setting is confidently inside the hard limits: the study runs again the best nearby run that
 * was measured inside them (and that the model places inside them), and says it has no safe suggestion only when
 * there is none.
 */
class SafeModeRetreatTest {
    /** Objective q = x; the load's mean is {@code loadMean} everywhere with a spread too wide to trust anywhere. */
    private record Unsure(double loadMean) implements Surrogate {
        @Override
        public Model fit(String outcome, double[][] x, double[] y, double[] weights, double scale) {
            boolean load = outcome.equals("load");
            return points -> {
                double[] mean = new double[points.length], sd = new double[points.length];
                for (int i = 0; i < points.length; i++) {
                    mean[i] = load ? loadMean : points[i][0];
                    sd[i] = load ? 10 : 0.1;
                }
                return new double[][] {mean, sd};
            };
        }
    }

    private static Study study(Surrogate surrogate) {
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("x", "mm", 0, 1, 0.1));
        StudySpec spec = StudySpec.of("retreat", space, Objective.maximise("q"))
                .withConstraints(List.of(OutcomeConstraint.hardMax("load", 1)))
                .withSafety(SafetyConfig.safe(2.0, Map.of("x", 0.5)))
                .withSeed(3);
        return new Study(spec, surrogate);
    }

    /** Tells the study the settings of trial {@code s} gave q = x and the given load. */
    private static void tell(Study study, Suggestion s, double load) {
        study.tell(s.trialId(), Map.of("q", s.settings().get("x"), "load", load));
    }

    @Test
    void withNoConfidentlySafeSettingTheBestNearbyRunMeasuredSafeIsRunAgain() {
        Study unsure = study(new Unsure(0.5));
        Suggestion known = unsure.ask(Map.of());
        assertEquals(0.5, known.settings().get("x"));
        tell(unsure, known, 0.2);
        Suggestion next = unsure.ask(Map.of());
        assertEquals(Map.of("x", 0.5), next.settings(), "the only run measured safe, run again");
        assertTrue(next.reason().contains("running again"), next.reason());
        tell(unsure, next, 0.3);
        assertEquals(Map.of("x", 0.5), unsure.ask(Map.of()).settings());
    }

    @Test
    void theRetreatPicksTheBestObjectiveAmongRunsMeasuredSafeWithinOneStep() {
        // Two known-safe settings, one step apart: 0.5 (load fine) and 0.55 (load fine, better q).
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("x", "mm", 0, 1, 0.1));
        StudySpec spec = StudySpec.of("retreat", space, Objective.maximise("q"))
                .withConstraints(List.of(OutcomeConstraint.hardMax("load", 1)))
                .withSafety(new SafetyConfig(true, 2.0, List.of(Map.of("x", 0.5), Map.of("x", 0.55), Map.of("x", 0.6))))
                .withSeed(3);
        Study study = new Study(spec, new Unsure(0.5));
        tell(study, study.ask(Map.of()), 0.2);
        tell(study, study.ask(Map.of()), 0.4);
        tell(study, study.ask(Map.of()), 1.2); // measured over the limit: never run again
        assertEquals(Map.of("x", 0.55), study.ask(Map.of()).settings());
    }

    @Test
    void withoutARunMeasuredSafeOrWhereTheModelPlacesTheLimitCrossedTheStudySaysSo() {
        Study over = study(new Unsure(0.5));
        tell(over, over.ask(Map.of()), 1.5);
        assertThrows(StudyException.NoSafeSuggestion.class, () -> over.ask(Map.of()));

        Study modelSaysOver = study(new Unsure(1.5));
        tell(modelSaysOver, modelSaysOver.ask(Map.of()), 0.2);
        assertThrows(StudyException.NoSafeSuggestion.class, () -> modelSaysOver.ask(Map.of()));
    }
}
