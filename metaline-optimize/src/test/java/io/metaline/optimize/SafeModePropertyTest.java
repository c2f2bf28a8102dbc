package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Rng;
import io.metaline.meta.TrainingListener;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.optimize.transfer.MetaSurrogate;
import io.metaline.optimize.transfer.RgpeSurrogate;
import io.metaline.optimize.transfer.SourceTask;
import io.metaline.sim.Families;
import io.metaline.sim.History;
import io.metaline.sim.HistoryGenerator;
import io.metaline.sim.HistoryRow;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Safe mode on the simulated process families: starting from each family's known-safe defaults, with the family's
 * limits and the simulator's noisy measurements told back, no suggestion may break a HARD limit of the (noise-free)
 * task. Refusing to suggest ({@link StudyException.NoSafeSuggestion}) is allowed, but safe mode must still make
 * progress: not every task may stop at the first model-based ask, and the median task must complete 10 trials.
 * Plain GP on 15 tasks per family; the RGPE transfer surrogate (whose sources can make it confident where the target
 * has no runs) and the meta-learned surrogate (a small prior trained on the same history, with its objective learnt
 * over the limited outcomes, which guides the first runs) on 4.
 */
class SafeModePropertyTest {
    private static final int TASKS = 15, RGPE_TASKS = 4, TRIALS = 15;
    private static final double BETA = 2.0;

    static List<String> families() {
        return Families.processNames();
    }

    @ParameterizedTest
    @MethodSource("families")
    void safeModeNeverSuggestsASettingThatBreaksAHardLimit(String familyName) {
        ProcessFamily family = Families.byName(familyName);
        check(family, "GP", TASKS, seed -> new GpSurrogate(seed));
    }

    /** The same with the transfer surrogate, on fewer tasks: source tasks from the family's (safe) history. */
    @ParameterizedTest
    @MethodSource("families")
    void safeModeWithRgpeNeverSuggestsASettingThatBreaksAHardLimit(String familyName) {
        ProcessFamily family = Families.byName(familyName);
        StudySpec spec = spec(family);
        List<SourceTask> sources = sourceTasks(new HistoryGenerator(HistoryGenerator.Config.of(12, 30)).generate(family, 7), spec);
        RgpeSurrogate rgpe = new RgpeSurrogate(sources, spec.outcomes(), 3, 128);
        check(family, "RGPE", RGPE_TASKS, seed -> rgpe);
    }

    /** The same with the meta-learned surrogate (a small, quickly trained prior), on fewer tasks. */
    @ParameterizedTest
    @MethodSource("families")
    void safeModeWithTheMetaLearnedSurrogateNeverSuggestsASettingThatBreaksAHardLimit(String familyName) {
        ProcessFamily family = Families.byName(familyName);
        StudySpec spec = spec(family);
        List<SourceTask> sources = sourceTasks(new HistoryGenerator(HistoryGenerator.Config.of(12, 30)).generate(family, 7), spec);
        MetaPrior prior = MetaPrior.train(sources, spec.outcomes(),
                new MetaPrior.Config("maml", List.of(32, 32), 3, 0.05, 300, 8, 12, 2), 5, TrainingListener.SILENT)
                .withObjectiveOverOutcomes(sources, spec.objective().outcome(), spec.constraints(), 5, TrainingListener.SILENT);
        check(family, "meta", RGPE_TASKS, seed -> new MetaSurrogate(prior));
    }

    private static StudySpec spec(ProcessFamily family) {
        return SimSpecs.spec(family, family.name()).withSafety(SafetyConfig.safe(BETA, family.defaultSettings()));
    }

    private static void check(ProcessFamily family, String label, int count, LongFunction<Surrogate> surrogate) {
        StudySpec base = spec(family);
        List<ProcessTask> tasks = HistoryGenerator.targetTasks(family, count, 2024);
        List<String> violations = new ArrayList<>();
        int[] completed = new int[count];
        int refused = 0, refusedAtFirstModelAsk = 0;
        double closest = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ProcessTask task = tasks.get(i);
            Study study = new Study(base.withSeed(i), surrogate.apply(i));
            Rng noise = new Rng(1000 + i);
            for (int t = 0; t < TRIALS; t++) {
                Suggestion s;
                try {
                    s = study.ask(task.context());
                } catch (StudyException.NoSafeSuggestion e) {
                    refused++;
                    if (t == 1) refusedAtFirstModelAsk++;
                    break;
                }
                ProcessTask now = task.drifted(t);
                Map<String, Double> truth = now.expected(s.settings());
                if (now.violatesHardLimit(s.settings())) {
                    violations.add("task " + i + " trial " + (t + 1) + ": " + s.settings() + " -> " + truth);
                }
                for (OutcomeConstraint c : base.constraints()) {
                    if (c.severity() == OutcomeConstraint.Severity.HARD) closest = Math.max(closest, truth.get(c.outcome()) / c.limit());
                }
                study.tell(s.trialId(), SimSpecs.declared(base, now.run(s.settings(), noise)));
                completed[i]++;
            }
        }
        int[] sorted = completed.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "safe mode %s, %s: %d tasks x %d trials, %d hard-limit violations, %d NoSafeSuggestion "
                        + "(%d at the first model-based ask), trials completed %s (median %d), closest approach %.3f of a "
                        + "hard limit, %.1f s%n",
                family.name(), label, count, TRIALS, violations.size(), refused, refusedAtFirstModelAsk,
                Arrays.toString(completed), sorted[count / 2], closest, (System.nanoTime() - start) / 1e9);
        assertEquals(List.of(), violations, "suggestions that break a hard limit");
        assertTrue(refusedAtFirstModelAsk < count, "safe mode refused the first model-based ask of every task");
        assertTrue(sorted[count / 2] >= 10, "median trials completed " + sorted[count / 2] + " < 10: " + Arrays.toString(completed));
    }

    /** A generated history as source tasks of the study's space (settings and context encoded, declared outcomes). */
    private static List<SourceTask> sourceTasks(History history, StudySpec spec) {
        Map<String, List<HistoryRow>> byTask = new LinkedHashMap<>();
        for (HistoryRow r : history.rows()) byTask.computeIfAbsent(r.taskId(), k -> new ArrayList<>()).add(r);
        List<SourceTask> out = new ArrayList<>();
        SearchSpace space = spec.space();
        for (Map.Entry<String, List<HistoryRow>> e : byTask.entrySet()) {
            List<HistoryRow> rows = e.getValue();
            double[][] x = new double[rows.size()][];
            Map<String, double[]> ys = new LinkedHashMap<>();
            for (String o : spec.outcomes()) ys.put(o, new double[rows.size()]);
            for (int i = 0; i < rows.size(); i++) {
                HistoryRow r = rows.get(i);
                x[i] = space.encode(space.values(r.settings(), "history"), space.contextValues(r.context(), "history"));
                for (String o : spec.outcomes()) ys.get(o)[i] = r.outcomes().get(o);
            }
            out.add(new SourceTask(e.getKey(), x, ys));
        }
        return out;
    }

    /** The simulator's known-safe defaults really are safe for these tasks (else the test above proves nothing). */
    @ParameterizedTest
    @MethodSource("families")
    void theDeclaredDefaultsAreSafe(String familyName) {
        ProcessFamily family = Families.byName(familyName);
        Map<String, Double> defaults = family.defaultSettings();
        for (ProcessTask task : HistoryGenerator.targetTasks(family, TASKS, 2024)) {
            assertTrue(!task.violatesHardLimit(defaults), task + " breaks a hard limit at the defaults");
        }
    }
}
