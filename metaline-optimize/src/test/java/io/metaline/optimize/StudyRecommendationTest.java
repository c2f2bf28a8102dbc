package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Study#recommended()}: the feasible run the model rates best, not the luckiest measurement. */
class StudyRecommendationTest {
    private static final SearchSpace SPACE = SearchSpace.of(ParameterSpec.continuous("x", "mm", 0, 1, 1));

    private static StudySpec spec() {
        return StudySpec.of("recommend", SPACE, Objective.minimise("cost"))
                .withConstraints(List.of(OutcomeConstraint.hardMax("load", 1)))
                .withInitialTrials(1).withSeed(5);
    }

    /** A model whose mean of the objective is |x - 0.3| whatever the data: the recommendation follows the model. */
    private record Vee() implements Surrogate {
        @Override
        public Model fit(String outcome, double[][] x, double[] y, double[] weights, double scale) {
            return points -> {
                double[] mean = new double[points.length], sd = new double[points.length];
                for (int i = 0; i < points.length; i++) mean[i] = outcome.equals("cost") ? Math.abs(points[i][0] - 0.3) : 0;
                return new double[][] {mean, sd};
            };
        }
    }

    /** A study restored with completed runs at {@code xs} (as a saved study would be). */
    private static Study studyWith(Surrogate surrogate, double[] xs, double[] cost, double[] load) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            trials.add(new Trial(i + 1, Map.of("x", xs[i]), Map.of(), Trial.Status.PENDING, Map.of(), null, Instant.EPOCH, null)
                    .completed(Map.of("cost", cost[i], "load", load[i]), Instant.EPOCH));
        }
        double[] last = xs.length == 0 ? null : new double[] {xs[xs.length - 1]};
        return Study.restore(new StudyJson.State(spec(), trials, xs.length + 1, new Rng(5).state(), last), surrogate);
    }

    @Test
    void theRecommendationIsTheFeasibleRunTheModelRatesBest() {
        double[] xs = {0.9, 0.35, 0.31, 0.6};
        double[] cost = {0.01, 0.5, 0.4, 0.2};
        double[] load = {0.5, 0.5, 2.0, 0.5}; // the run at 0.31, nearest the model's best, crossed the limit
        Study study = studyWith(new Vee(), xs, cost, load);
        assertEquals(0.9, study.best().orElseThrow().settings().get("x"), "best measured");
        assertEquals(0.35, study.recommended().orElseThrow().settings().get("x"), "best by the model among feasible runs");
    }

    @Test
    void theModelOnlyArbitratesAmongTheBestMeasuredRuns() {
        // The model's favourite, x = 0.3, measured worst: a model can be far off, so it is not recommended.
        double[] xs = {0.9, 0.8, 0.7, 0.6, 0.5, 0.3};
        double[] cost = {0.01, 0.02, 0.03, 0.04, 0.05, 0.9};
        double[] load = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        assertEquals(5, SuggestionEngine.RECOMMEND_AMONG);
        assertEquals(0.5, studyWith(new Vee(), xs, cost, load).recommended().orElseThrow().settings().get("x"));
    }

    @Test
    void withNoFeasibleRunThereIsNoRecommendation() {
        Study study = studyWith(new Vee(), new double[] {0.2, 0.4}, new double[] {1, 2}, new double[] {3, 3});
        assertEquals(Optional.empty(), study.recommended());
        assertEquals(Optional.empty(), new Study(spec(), new Vee()).recommended());
    }

    @Test
    void aGaussianProcessLooksThroughALuckyMeasurement() {
        // cost = (x - 0.3)^2 + 0.1, measured with noise sd 0.02, on a grid; the run at x = 0.9 (true 0.46) is told a
        // lucky 0.05, below every other measurement.
        Rng rng = new Rng(11);
        int n = 21;
        double[] xs = new double[n], cost = new double[n], load = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i / (n - 1.0);
            cost[i] = (xs[i] - 0.3) * (xs[i] - 0.3) + 0.1 + 0.02 * rng.nextGaussian();
            load[i] = 0.5;
        }
        int lucky = 18;
        assertEquals(0.9, xs[lucky], 1e-12);
        cost[lucky] = 0.05;
        Study study = studyWith(new GpSurrogate(3), xs, cost, load);
        assertEquals(0.9, study.best().orElseThrow().settings().get("x"), 1e-12);
        double x = study.recommended().orElseThrow().settings().get("x");
        assertTrue(Math.abs(x - 0.3) <= 0.1, "recommended x = " + x + ", the true optimum is 0.3");
    }
}
