package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.metaline.optimize.gp.RefitSchedule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The refit schedule of {@link GpSurrogate} is a pure optimisation: it never makes a restored study suggest otherwise. */
class GpSurrogateScheduleTest {
    private static StudySpec spec() {
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("x", "mm", 0, 1, 0.3),
                ParameterSpec.continuous("y", "mm", 0, 1, 0.3), ParameterSpec.continuous("z", "mm", 0, 1, 0.3));
        return StudySpec.of("schedule", space, Objective.minimise("q"))
                .withConstraints(java.util.List.of(OutcomeConstraint.softMax("load", 1.6))).withSeed(11);
    }

    private static Map<String, Double> run(Map<String, Double> s) {
        double x = s.get("x"), y = s.get("y"), z = s.get("z");
        return Map.of("q", (x - 0.3) * (x - 0.3) + Math.sin(4 * y) * 0.2 + (z - 0.8) * (z - 0.8), "load", x + y + z);
    }

    /** The same settings and the same predictions. */
    private static void assertSameSuggestion(Suggestion expected, Suggestion actual, int runs) {
        assertEquals(expected.settings(), actual.settings(), "after " + runs + " runs");
        assertEquals(expected.predictions(), actual.predictions(), "after " + runs + " runs");
    }

    @Test
    void aStudyRestoredWithAColdSurrogateSuggestsWhatTheWarmOneDoesAtEveryCount() {
        Study study = new Study(spec(), new GpSurrogate(3));
        for (int i = 0; i < 30; i++) {
            // a restart at every count: between refits and at them (14, 18, 23, 29: the grid's 13, 17, 22 and 28
            // observations, used from the count after)
            Study restored = StudyJson.fromJson(StudyJson.toJson(study), new GpSurrogate(3));
            Suggestion cold = restored.ask(Map.of());
            Suggestion warm = study.ask(Map.of());
            assertSameSuggestion(warm, cold, i);
            study.tell(warm.trialId(), run(warm.settings()));
        }
    }

    @Test
    void beyondFiftyRunsARestoredStudySuggestsWhatTheWarmOneDoesAroundTheStaggeredRefits() {
        Study study = new Study(spec(), new GpSurrogate(3));
        for (int i = 0; i < 72; i++) {
            // around the objective's refits at 56 and 70 (the grid's 55 and 69, one count later) and the next outcome's
            Study restored = List.of(55, 56, 57, 60, 70, 71).contains(i)
                    ? StudyJson.fromJson(StudyJson.toJson(study), new GpSurrogate(3)) : null;
            Suggestion cold = restored == null ? null : restored.ask(Map.of());
            Suggestion warm = study.ask(Map.of());
            if (cold != null) assertSameSuggestion(warm, cold, i);
            study.tell(warm.trialId(), run(warm.settings()));
        }
    }

    @Test
    void aPrefetchBetweenAsksChangesNoSuggestion() {
        Study prefetched = new Study(spec(), new GpSurrogate(5));
        Study plain = new Study(spec(), new GpSurrogate(5));
        for (int i = 0; i < 32; i++) {
            Suggestion a = prefetched.ask(Map.of());
            prefetched.prefetch().run(); // the fit the next ask needs, made while the "line" runs this suggestion
            Suggestion b = plain.ask(Map.of());
            assertSameSuggestion(b, a, i);
            prefetched.tell(a.trialId(), run(a.settings()));
            plain.tell(b.trialId(), run(b.settings()));
        }
    }

    @Test
    void upToTenRunsTheScheduleChangesNothing() {
        Study scheduled = new Study(spec(), new GpSurrogate(4));
        Study everyAsk = new Study(spec(), new GpSurrogate(4, RefitSchedule.EVERY_COUNT));
        for (int i = 0; i <= 10; i++) {
            Suggestion a = scheduled.ask(Map.of());
            Suggestion b = everyAsk.ask(Map.of());
            assertEquals(b.settings(), a.settings(), "after " + i + " runs");
            scheduled.tell(a.trialId(), run(a.settings()));
            everyAsk.tell(b.trialId(), run(b.settings()));
        }
    }

    @Test
    void inSafeModeTheHyperparametersAreRefittedOnEveryAsk() {
        GpSurrogate gp = new GpSurrogate(6);
        assertEquals(RefitSchedule.EVERY_COUNT, ((GpSurrogate) gp.forSafeMode()).schedule());
        Surrogate safe = gp.forSafeMode();
        assertSame(safe, safe.forSafeMode());
        assertEquals(RefitSchedule.EVERY_COUNT, ((GpSurrogate) new GpSurrogate(6, RefitSchedule.EVERY_COUNT).forSafeMode()).schedule());
    }

    @Test
    void underDriftTheHyperparametersAreRefittedOnEveryAsk() {
        GpSurrogate gp = new GpSurrogate(5);
        assertSame(gp, gp.forDrift(DriftPolicy.NONE));
        assertEquals(RefitSchedule.EVERY_COUNT, ((GpSurrogate) gp.forDrift(DriftPolicy.halfLife(10))).schedule());
        assertEquals(RefitSchedule.EVERY_COUNT, ((GpSurrogate) gp.forDrift(DriftPolicy.window(20))).schedule());
    }
}
