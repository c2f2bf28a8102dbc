package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustRegionTest {
    /** Minimise q over x, y in [0, 10] (max step 10, so the envelope never binds) and an integer n in [0, 20]. */
    private static final StudySpec SPEC = StudySpec.of("box", new SearchSpace(List.of(
                    ParameterSpec.continuous("x", "mm", 0, 10, 10),
                    ParameterSpec.continuous("y", "mm", 0, 10, 10),
                    ParameterSpec.integer("n", "", 0, 20, 20)), List.of()),
            Objective.minimise("q")).withConstraints(List.of(OutcomeConstraint.softMax("r", 1)));
    private static final double[] CENTRE = {5, 5, 10};

    private static List<Trial> runs(double... values) {
        List<Trial> out = new ArrayList<>();
        for (double v : values) out.add(run(v, 0));
        return out;
    }

    private static Trial run(double q, double r) {
        return new Trial(0, Map.of("x", 1.0, "y", 1.0, "n", 1.0), Map.of(), Trial.Status.COMPLETED, Map.of("q", q, "r", r),
                null, Instant.EPOCH, Instant.EPOCH);
    }

    private static double length(List<Trial> runs) {
        return TrustRegion.replay(SPEC, runs, CENTRE).length();
    }

    /** Ten runs, the best of them 1.0. */
    private static List<Trial> firstTen() {
        return runs(5, 4, 3, 2, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void thereIsNoRegionBeforeTenRuns() {
        assertNull(TrustRegion.replay(SPEC, runs(5, 4, 3, 2, 1, 2, 3, 4, 5), CENTRE));
        assertEquals(TrustRegion.INITIAL, length(firstTen()));
    }

    @Test
    void fourRunsInARowWithoutImprovementHalveTheSides() {
        // Three parameters: the patience is max(4, 3) = 4 runs.
        List<Trial> runs = firstTen();
        runs.addAll(runs(2, 2, 2));
        assertEquals(0.8, length(runs));
        runs.addAll(runs(2));
        assertEquals(0.4, length(runs));
        runs.addAll(runs(2, 2, 2, 2));
        assertEquals(0.2, length(runs));
    }

    @Test
    void threeImprovementsInARowDoubleTheSidesUpToTheMaximum() {
        List<Trial> runs = firstTen();
        runs.addAll(runs(0.9, 0.8, 0.7));
        assertEquals(1.6, length(runs));
        runs.addAll(runs(0.6, 0.5, 0.4));
        assertEquals(TrustRegion.MAX, length(runs));
    }

    @Test
    void aMissResetsTheImprovementsAndAnImprovementResetsTheMisses() {
        List<Trial> runs = firstTen();
        runs.addAll(runs(0.9, 0.8, 3, 0.7, 3, 3, 3, 0.6, 3, 3, 3));
        assertEquals(0.8, length(runs));
    }

    @Test
    void improvementsBelowOneThousandthOfTheBestAndInfeasibleRunsAreMisses() {
        List<Trial> runs = firstTen();
        runs.addAll(runs(0.9999, 0.9998));
        runs.add(run(0.1, 5)); // far better, but breaks the limit on r
        runs.addAll(runs(0.9997));
        assertEquals(0.4, length(runs));
    }

    @Test
    void aBoxThatWouldShrinkBelowTheMinimumRestartsAtTheInitialSize() {
        // Every 4 misses halve the box: 0.8 / 2^6 = 0.0125 is above the minimum 1/128, 0.8 / 2^7 = 0.00625 below it.
        List<Trial> runs = firstTen();
        for (int i = 0; i < 6 * 4; i++) runs.add(run(3, 0));
        assertEquals(0.8 / 64, length(runs), 1e-15);
        runs.addAll(runs(3, 3, 3));
        assertEquals(0.8 / 64, length(runs), 1e-15);
        runs.add(run(3, 0)); // the seventh halving would go below the minimum
        assertEquals(TrustRegion.INITIAL, length(runs));
        for (int i = 0; i < 4; i++) runs.add(run(3, 0));
        assertEquals(0.4, length(runs));
        for (int i = 0; i < 200; i++) {
            runs.add(run(3, 0));
            double l = length(runs);
            assertTrue(l >= TrustRegion.MIN && l <= TrustRegion.INITIAL, "length " + l);
        }
    }

    @Test
    void samplesAndClippedPointsLieInTheBoxWithinOneStepOrAtTheStepNearestToIt() {
        SearchSpace space = new SearchSpace(List.of(
                ParameterSpec.continuous("a", "bar", 0, 100, 5),
                ParameterSpec.integer("b", "", 0, 30, 2),
                ParameterSpec.categorical("c", List.of("p", "q", "r"), true)), List.of());
        Rng rng = new Rng(11);
        for (int k = 0; k < 2000; k++) {
            double[] centre = {rng.uniform(0, 100), rng.nextInt(31), rng.nextInt(3)};
            double[] ref = {rng.uniform(0, 100), rng.nextInt(31), rng.nextInt(3)};
            TrustRegion region = new TrustRegion(centre, rng.uniform(TrustRegion.MIN, TrustRegion.MAX));
            double[] sampled = region.sample(space, ref, rng);
            double[] clipped = region.clip(space, ref, Envelope.sample(space, ref, rng));
            for (double[] v : List.of(sampled, clipped)) {
                assertTrue(Envelope.within(space, ref, v), "outside the step envelope");
                assertEquals(Math.rint(v[1]), v[1], "integer parameter");
                for (int i = 0; i < 2; i++) {
                    ParameterSpec p = space.parameters().get(i);
                    double lo = Math.max(region.lower(p, i), Envelope.lower(p, ref, i));
                    double hi = Math.min(region.upper(p, i), Envelope.upper(p, ref, i));
                    if (p.kind() == ParameterSpec.Kind.INTEGER) {
                        lo = Math.ceil(lo);
                        hi = Math.floor(hi);
                    }
                    if (lo <= hi) {
                        assertTrue(v[i] >= lo - 1e-9 && v[i] <= hi + 1e-9, p.name() + "=" + v[i] + " not in [" + lo + ", " + hi + "]");
                    } else {
                        double target = p.kind() == ParameterSpec.Kind.INTEGER ? Math.rint(centre[i]) : centre[i];
                        double nearest = Math.min(Envelope.upper(p, ref, i), Math.max(Envelope.lower(p, ref, i), target));
                        assertEquals(nearest, v[i], 1e-9, p.name() + ": the envelope's value nearest the centre");
                    }
                }
            }
        }
    }

    @Test
    void fromTheTenthRunEverySuggestionIsInTheRegionAroundTheBestRunOrStaysPut() {
        // A bowl with its minimum at (7, 2): the box follows the best run as the study closes in.
        StudySpec spec = StudySpec.of("bowl", new SearchSpace(List.of(
                ParameterSpec.continuous("x", "mm", 0, 10, 3),
                ParameterSpec.continuous("y", "mm", 0, 10, 3)), List.of()), Objective.minimise("q")).withSeed(4);
        Study study = new Study(spec, new GpSurrogate(4));
        int boxed = 0;
        for (int i = 0; i < 24; i++) {
            List<Trial> completed = study.trials().stream().filter(t -> t.status() == Trial.Status.COMPLETED).toList();
            double[] previous = completed.isEmpty() ? null : spec.space().values(completed.get(completed.size() - 1).settings(), "t");
            TrustRegion region = study.best().map(b -> TrustRegion.replay(spec, completed, spec.space().values(b.settings(), "t"))).orElse(null);
            Suggestion s = study.ask(Map.of());
            double[] v = spec.space().values(s.settings(), "s");
            if (region != null) {
                boxed++;
                assertTrue(s.reason().contains("around the best run"), s.reason());
                if (!Arrays.equals(v, previous)) {
                    assertArrayEquals(v, region.clip(spec.space(), previous, v), 1e-12, "suggestion " + (i + 1) + " outside the region");
                }
            }
            double x = s.settings().get("x"), y = s.settings().get("y");
            study.tell(s.trialId(), Map.of("q", (x - 7) * (x - 7) + (y - 2) * (y - 2)));
        }
        assertEquals(14, boxed);
        double best = study.best().orElseThrow().outcomes().get("q");
        assertTrue(best < 1e-2, "best " + best);
    }
}
