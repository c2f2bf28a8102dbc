package io.metaline.cli.optimize;

import io.metaline.engine.Rng;
import io.metaline.optimize.GpSurrogate;
import io.metaline.optimize.Objective;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import java.util.Arrays;
import java.util.Map;

/**
 * How long one {@code ask()} takes once a study has {@value #OBSERVATIONS} observations: a synthetic 3-D study
 * (GP-EI, hyperparameters refitted on every ask, as in a real study) is given {@value #OBSERVATIONS} random runs of
 * a smooth function, then asked {@value #REPEATS} times (each answer reported as failed, so the model always sees
 * exactly {@value #OBSERVATIONS} observations); the median wall time is reported.
 */
public final class AskLatency {
    private AskLatency() {}

    public static final int OBSERVATIONS = 100, REPEATS = 7;

    /** Median milliseconds per ask. */
    public static double medianMillis(long seed) {
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("a", "mm", 0, 1, 0.3),
                ParameterSpec.continuous("b", "mm", 0, 1, 0.3), ParameterSpec.continuous("c", "mm", 0, 1, 0.3));
        Study study = new Study(StudySpec.of("ask latency", space, Objective.minimise("y"))
                .withInitialTrials(OBSERVATIONS).withSeed(seed), new GpSurrogate(seed));
        Rng noise = new Rng(seed).split(7);
        for (int i = 0; i < OBSERVATIONS; i++) {
            Suggestion s = study.ask(Map.of());
            study.tell(s.trialId(), Map.of("y", f(s.settings()) + 0.01 * noise.nextGaussian()));
        }
        double[] ms = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long t = System.nanoTime();
            Suggestion s = study.ask(Map.of());
            ms[r] = (System.nanoTime() - t) / 1e6;
            study.tellFailed(s.trialId(), "latency probe");
        }
        Arrays.sort(ms);
        return ms[REPEATS / 2];
    }

    private static double f(Map<String, Double> s) {
        double a = s.get("a"), b = s.get("b"), c = s.get("c");
        return (a - 0.3) * (a - 0.3) + 2 * (b - 0.6) * (b - 0.6) + Math.sin(5 * c) * 0.3;
    }
}
