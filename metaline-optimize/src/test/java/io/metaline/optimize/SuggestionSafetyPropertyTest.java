package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.meta.TrainingListener;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.optimize.transfer.MetaSurrogate;
import io.metaline.optimize.transfer.RgpeSurrogate;
import io.metaline.optimize.transfer.SourceTask;
import io.metaline.optimize.transfer.WarmStart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every surrogate, every acquisition, random search spaces (continuous, integer and categorical parameters, with and
 * without a context variable, random bounds and max steps, categorical levels that may or may not change), batch
 * sizes 1 and 3, with and without a warm start and safe mode: no suggestion leaves the bounds, moves a parameter by
 * more than its max step from the previous suggestion, changes a fixed categorical level, or gives a fractional value
 * to an integer or categorical parameter.
 */
class SuggestionSafetyPropertyTest {
    private static final int SPACES = 6;
    private static final double EPS = 1e-9;

    /** A random problem: its space, a synthetic objective and load (a constrained outcome), and source tasks. */
    private record Problem(SearchSpace space, double[] centre, double[] levelBonus, boolean constrained, double loadLimit,
                           List<SourceTask> sources) {
        /** Larger is better: a bowl around {@code centre + shift} in the unit cube, plus a bonus per categorical level. */
        double objective(double[] values, double[] context, double shift) {
            double v = 0;
            int c = 0;
            for (int i = 0; i < values.length; i++) {
                ParameterSpec p = space.parameters().get(i);
                if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
                    v += levelBonus[(c++ * 7 + (int) values[i]) % levelBonus.length];
                } else {
                    double u = (values[i] - p.lower()) / (p.upper() - p.lower()) - centre[i] - shift;
                    v -= u * u;
                }
            }
            for (double x : context) v += 0.01 * x;
            return v;
        }

        double load(double[] values) {
            double v = 0;
            for (int i = 0; i < values.length; i++) {
                ParameterSpec p = space.parameters().get(i);
                if (p.kind() != ParameterSpec.Kind.CATEGORICAL) v += (values[i] - p.lower()) / (p.upper() - p.lower());
            }
            return v;
        }

        Map<String, Double> outcomes(Map<String, Double> settings, Map<String, Double> context) {
            double[] v = space.values(settings, "outcome"), c = space.contextValues(context, "outcome");
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("quality", objective(v, c, 0));
            if (constrained) out.put("load", load(v));
            return out;
        }

        List<String> outcomeNames() {
            return constrained ? List.of("quality", "load") : List.of("quality");
        }
    }

    private static Problem problem(long seed) {
        Rng rng = new Rng(seed);
        int n = 1 + rng.nextInt(4);
        List<ParameterSpec> params = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "p" + i;
            switch (rng.nextInt(3)) {
                case 0 -> {
                    double lo = rng.uniform(-100, 100), width = Math.pow(10, rng.uniform(-1, 3));
                    double step = rng.nextDouble() < 0.2 ? Double.POSITIVE_INFINITY : width * rng.uniform(0.02, 0.5);
                    params.add(ParameterSpec.continuous(name, "u", lo, lo + width, step));
                }
                case 1 -> {
                    int lo = -20 + rng.nextInt(40), width = 1 + rng.nextInt(30);
                    double step = rng.nextDouble() < 0.2 ? Double.POSITIVE_INFINITY
                            : rng.nextDouble() < 0.5 ? 1 + rng.nextInt(3) : rng.uniform(0.6, 1 + width / 3.0);
                    params.add(ParameterSpec.integer(name, "", lo, lo + width, step));
                }
                default -> {
                    List<String> levels = new ArrayList<>();
                    for (int l = 0, k = 2 + rng.nextInt(3); l < k; l++) levels.add("L" + l);
                    params.add(ParameterSpec.categorical(name, levels, rng.nextDouble() < 0.5));
                }
            }
        }
        List<ContextSpec> context = rng.nextDouble() < 0.3 ? List.of(new ContextSpec("ambient", "°C", 0, 40)) : List.of();
        SearchSpace space = new SearchSpace(params, context);
        double[] centre = new double[n];
        for (int i = 0; i < n; i++) centre[i] = rng.uniform(0.2, 0.8);
        double[] bonus = new double[5];
        for (int i = 0; i < bonus.length; i++) bonus[i] = rng.uniform(0, 0.3);
        boolean constrained = rng.nextDouble() < 0.6;
        Problem draft = new Problem(space, centre, bonus, constrained, 0.6 * n, List.of());
        // Five source tasks: the same problem with the bowl shifted, 20 random runs each.
        List<SourceTask> sources = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            double shift = rng.uniform(-0.1, 0.1);
            double[][] x = new double[20][];
            double[] q = new double[20], load = new double[20];
            for (int r = 0; r < 20; r++) {
                double[] v = Envelope.sample(space, null, rng);
                double[] c = context.isEmpty() ? new double[0] : new double[] {rng.uniform(0, 40)};
                x[r] = space.encode(v, c);
                q[r] = draft.objective(v, c, shift);
                load[r] = draft.load(v);
            }
            Map<String, double[]> ys = new LinkedHashMap<>();
            ys.put("quality", q);
            if (constrained) ys.put("load", load);
            sources.add(new SourceTask("source-" + s, x, ys));
        }
        return new Problem(space, centre, bonus, constrained, draft.loadLimit(), sources);
    }

    @Test
    void noSuggestionLeavesTheBoundsOrBreaksAStepOrAnIntegralValue() {
        long start = System.nanoTime();
        int suggestions = 0, studies = 0, refused = 0;
        for (int k = 0; k < SPACES; k++) {
            Problem problem = problem(100 + k);
            MetaPrior prior = MetaPrior.train(problem.sources(), problem.outcomeNames(),
                    new MetaPrior.Config("maml", List.of(16, 16), 2, 0.05, 200, 4, 12, 1), k, TrainingListener.SILENT);
            List<Function<Long, Surrogate>> surrogates = List.of(
                    GpSurrogate::new,
                    seed -> new RgpeSurrogate(problem.sources(), problem.outcomeNames(), seed, 64),
                    seed -> new MetaSurrogate(prior));
            for (int s = 0; s < surrogates.size(); s++) {
                for (StudySpec.Acquisition acquisition : StudySpec.Acquisition.values()) {
                    for (int batch : new int[] {1, 3}) {
                        long seed = 1000L * k + 100L * s + 10L * acquisition.ordinal() + batch;
                        StudySpec spec = spec(problem, acquisition, seed);
                        Study study = new Study(spec, surrogates.get(s).apply(seed));
                        String where = String.format(Locale.ROOT, "space %d %s, surrogate %d, %s, batch %d, %s%s",
                                k, problem.space().parameters(), s, acquisition, batch,
                                spec.safety().enabled() ? "safe mode" : "not safe", spec.initialDesign().isEmpty() ? "" : ", warm start");
                        int[] counts = run(study, problem, batch, new Rng(seed), where);
                        suggestions += counts[0];
                        refused += counts[1];
                        studies++;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "suggestion safety: %d studies, %d suggestions checked, %d safe-mode refusals, %.1f s%n",
                studies, suggestions, refused, (System.nanoTime() - start) / 1e9);
        assertEquals(SPACES * 3 * StudySpec.Acquisition.values().length * 2, studies);
    }

    private static StudySpec spec(Problem problem, StudySpec.Acquisition acquisition, long seed) {
        Rng rng = new Rng(seed).split(1);
        StudySpec spec = StudySpec.of("property", problem.space(), Objective.maximise("quality"))
                .withAcquisition(acquisition).withSeed(seed).withInitialTrials(1 + rng.nextInt(3));
        if (problem.constrained()) {
            boolean hard = rng.nextDouble() < 0.5;
            spec = spec.withConstraints(List.of(new OutcomeConstraint("load", OutcomeConstraint.Sense.AT_MOST, problem.loadLimit(),
                    hard ? OutcomeConstraint.Severity.HARD : OutcomeConstraint.Severity.SOFT)));
            if (hard && rng.nextDouble() < 0.6) {
                // Known-safe start: every continuous and integer parameter at its lower bound (load 0).
                Map<String, Double> safe = new LinkedHashMap<>();
                for (ParameterSpec p : problem.space().parameters()) safe.put(p.name(), p.lower());
                spec = spec.withSafety(SafetyConfig.safe(2.0, safe));
            }
        }
        if (rng.nextDouble() < 0.4) spec = spec.withInitialDesign(WarmStart.design(problem.sources(), spec, 2, seed));
        return spec;
    }

    /** Asks until about a dozen trials ran; returns {suggestions checked, 1 if safe mode refused}. */
    private static int[] run(Study study, Problem problem, int batch, Rng rng, String where) {
        SearchSpace space = problem.space();
        Map<String, Double> previous = null;
        Map<String, Double> first = null;
        int checked = 0;
        for (int round = 0; round < (batch == 1 ? 10 : 4); round++) {
            Map<String, Double> context = space.context().isEmpty() ? Map.of() : Map.of("ambient", rng.uniform(0, 40));
            // In safe mode the first ask is the known-safe setting alone: nothing else can be judged before its result.
            int size = round == 0 && study.spec().safety().enabled() ? 1 : batch;
            List<Suggestion> suggestions;
            try {
                suggestions = study.ask(context, size);
            } catch (StudyException.NoSafeSuggestion e) {
                assertTrue(study.spec().safety().enabled(), where + ": refused outside safe mode");
                return new int[] {checked, 1};
            }
            assertEquals(size, suggestions.size(), where);
            for (Suggestion s : suggestions) {
                Map<String, Double> v = s.settings();
                assertEquals(space.names().size(), v.size(), where + ": " + v);
                for (ParameterSpec p : space.parameters()) {
                    double x = v.get(p.name());
                    String at = where + ", trial " + s.trialId() + ", " + p.name() + " = " + x;
                    assertTrue(Double.isFinite(x) && x >= p.lower() && x <= p.upper(), at + " outside [" + p.lower() + ", " + p.upper() + "]");
                    if (p.kind() != ParameterSpec.Kind.CONTINUOUS) assertEquals(Math.rint(x), x, 0.0, at + " is not a whole number");
                    if (previous != null) {
                        double before = previous.get(p.name());
                        if (p.kind() == ParameterSpec.Kind.CATEGORICAL) {
                            if (p.maxStep() == 0) assertEquals(first.get(p.name()), x, 0.0, at + ": a fixed level changed");
                        } else {
                            assertTrue(Math.abs(x - before) <= p.maxStep() * (1 + EPS) + EPS,
                                    at + " moved " + Math.abs(x - before) + " from " + before + ", max step " + p.maxStep());
                        }
                    }
                }
                if (first == null) first = v;
                previous = v;
                checked++;
            }
            for (Suggestion s : suggestions) {
                if (rng.nextDouble() < 0.1) study.tellFailed(s.trialId(), "aborted");
                else study.tell(s.trialId(), problem.outcomes(s.settings(), context));
            }
        }
        return new int[] {checked, 0};
    }

    @Test
    void aSafeModeBatchBeforeAnyResultIsRefusedNotCrashed() {
        SearchSpace space = SearchSpace.of(ParameterSpec.continuous("x", "mm", 0, 1, 0.25));
        StudySpec spec = StudySpec.of("safe batch", space, Objective.maximise("q"))
                .withConstraints(List.of(OutcomeConstraint.hardMax("load", 1)))
                .withSafety(SafetyConfig.safe(2.0, Map.of("x", 0.1)));
        Study study = new Study(spec, new GpSurrogate(1));
        assertThrows(StudyException.NoSafeSuggestion.class, () -> study.ask(Map.of(), 3));
        assertEquals(List.of(), study.trials(), "a refused ask records no trial");
        Suggestion first = study.ask(Map.of());
        assertEquals(0.1, first.settings().get("x"));
        study.tell(first.trialId(), Map.of("q", 0.0, "load", 0.1));
        assertEquals(3, study.ask(Map.of(), 3).size());
    }

    @Test
    void decodeInvertsEncodeOnRandomSpaces() {
        for (int k = 0; k < 20; k++) {
            Problem problem = problem(500 + k);
            SearchSpace space = problem.space();
            Rng rng = new Rng(k);
            for (int i = 0; i < 20; i++) {
                double[] v = Envelope.sample(space, null, rng);
                double[] c = space.context().isEmpty() ? new double[0] : new double[] {rng.uniform(0, 40)};
                Map<String, Double> decoded = space.decode(space.encode(v, c));
                double[] back = space.values(decoded, "decode");
                for (int j = 0; j < v.length; j++) {
                    ParameterSpec p = space.parameters().get(j);
                    assertEquals(v[j], back[j], 1e-9 * (p.upper() - p.lower()), p.name());
                }
            }
        }
    }
}
