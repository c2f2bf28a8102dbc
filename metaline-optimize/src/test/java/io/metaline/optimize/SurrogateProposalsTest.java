package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings a surrogate proposes are scored as acquisition candidates and approached within the step limit. */
class SurrogateProposalsTest {
    /** A fixed surface peaked sharply at (0.8123, 0.1357) that proposes exactly its peak. */
    private static final class Peaked implements Surrogate {
        static final double[] PEAK = {0.8123, 0.1357};

        @Override
        public Model fit(String outcome, double[][] x, double[] y, double[] weights, double scale) {
            return points -> {
                double[] mean = new double[points.length], sd = new double[points.length];
                for (int i = 0; i < points.length; i++) {
                    double dx = points[i][0] - PEAK[0], dy = points[i][1] - PEAK[1];
                    mean[i] = -Math.sqrt(dx * dx + dy * dy);
                    sd[i] = 1e-3;
                }
                return new double[][] {mean, sd};
            };
        }

        @Override
        public List<Map<String, Double>> proposals() {
            return List.of(Map.of("x", PEAK[0], "y", PEAK[1]));
        }
    }

    private static StudySpec spec(double step) {
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("x", "", 0, 1, step), ParameterSpec.continuous("y", "", 0, 1, step));
        return StudySpec.of("proposals", space, Objective.maximise("q")).withInitialTrials(1).withSeed(4);
    }

    @Test
    void aProposedSettingIsChosenWhenTheModelRatesItBest() {
        Study study = new Study(spec(Double.POSITIVE_INFINITY), new Peaked());
        Suggestion first = study.ask(Map.of());
        study.tell(first.trialId(), Map.of("q", 0.0));
        Suggestion next = study.ask(Map.of());
        // Random candidates never land exactly on the peak; only the proposal does.
        assertEquals(Map.of("x", Peaked.PEAK[0], "y", Peaked.PEAK[1]), next.settings());
    }

    @Test
    void aProposalOutOfReachIsApproachedWithinOneStep() {
        Study study = new Study(spec(0.05), new Peaked());
        Suggestion first = study.ask(Map.of());
        study.tell(first.trialId(), Map.of("q", 0.0));
        Suggestion next = study.ask(Map.of());
        for (String p : List.of("x", "y")) {
            assertTrue(Math.abs(next.settings().get(p) - first.settings().get(p)) <= 0.05 + 1e-12, next.settings().toString());
        }
    }
}
