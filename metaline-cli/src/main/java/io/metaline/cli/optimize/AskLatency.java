package io.metaline.cli.optimize;

import io.metaline.engine.Rng;
import io.metaline.optimize.GpSurrogate;
import io.metaline.optimize.Objective;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudyJson;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.gp.RefitSchedule;
import java.util.Arrays;
import java.util.Map;

/**
 * How long one {@code ask()} takes once a study has {@value #OBSERVATIONS} observations: a synthetic 3-D study
 * (GP-EI) is given {@value #OBSERVATIONS} random runs of a smooth function, then asked repeatedly (each answer
 * reported as failed, so the model always sees exactly {@value #OBSERVATIONS} observations). Two medians of wall
 * time: of {@value #REPEATS} asks between hyperparameter refits (the GP surrogate keeps the hyperparameters it last
 * fitted, see {@link RefitSchedule}), and of {@value #REFIT_REPEATS} asks that refit them, each on a copy of the
 * study restored with a fresh surrogate (as after a server restart, or at a refit point of the schedule).
 */
public final class AskLatency {
    private AskLatency() {}

    public static final int OBSERVATIONS = 100, REPEATS = 7, REFIT_REPEATS = 3;

    /** Median milliseconds per ask, between refits and refitting. */
    public record Millis(double betweenRefits, double refitting) {}

    public static Millis measure(long seed) {
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("a", "mm", 0, 1, 0.3),
                ParameterSpec.continuous("b", "mm", 0, 1, 0.3), ParameterSpec.continuous("c", "mm", 0, 1, 0.3));
        Study study = new Study(StudySpec.of("ask latency", space, Objective.minimise("y"))
                .withInitialTrials(OBSERVATIONS).withSeed(seed), new GpSurrogate(seed));
        Rng noise = new Rng(seed).split(7);
        for (int i = 0; i < OBSERVATIONS; i++) {
            Suggestion s = study.ask(Map.of());
            study.tell(s.trialId(), Map.of("y", f(s.settings()) + 0.01 * noise.nextGaussian()));
        }
        String saved = StudyJson.toJson(study);
        double[] refit = new double[REFIT_REPEATS];
        for (int r = 0; r < REFIT_REPEATS; r++) {
            Study cold = StudyJson.fromJson(saved, new GpSurrogate(seed));
            refit[r] = probe(cold);
        }
        probe(study); // fits the hyperparameters the asks below reuse
        double[] between = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) between[r] = probe(study);
        return new Millis(median(between), median(refit));
    }

    private static double probe(Study study) {
        long t = System.nanoTime();
        Suggestion s = study.ask(Map.of());
        double ms = (System.nanoTime() - t) / 1e6;
        study.tellFailed(s.trialId(), "latency probe");
        return ms;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double f(Map<String, Double> s) {
        double a = s.get("a"), b = s.get("b"), c = s.get("c");
        return (a - 0.3) * (a - 0.3) + 2 * (b - 0.6) * (b - 0.6) + Math.sin(5 * c) * 0.3;
    }
}
