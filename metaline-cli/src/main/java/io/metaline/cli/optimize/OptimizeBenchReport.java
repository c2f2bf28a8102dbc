package io.metaline.cli.optimize;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code bench optimize}'s results as JSON-ready maps and as a Markdown section. */
public final class OptimizeBenchReport {
    private OptimizeBenchReport() {}

    /** The reimplementation's numbers quoted in BENCHMARKS.md section 4: method -> regret after 5, 10, 30 trials. */
    static final Map<String, Map<String, double[]>> PUBLISHED = Map.of(
            "branin", published(new double[] {0.19, 0.090, 0.031}, new double[] {0.21, 0.054, 4.6e-6},
                    new double[] {0.033, 0.020, 3.6e-6}),
            "goldstein_price", published(new double[] {2.13, 1.51, 1.11}, new double[] {1.21, 0.99, 0.045},
                    new double[] {0.38, 0.049, 7.3e-3}),
            "hartmann3", published(new double[] {1.76, 1.09, 0.56}, new double[] {3.25, 0.84, 8.4e-4},
                    new double[] {0.058, 0.0046, 4.6e-4}));

    private static Map<String, double[]> published(double[] random, double[] gp, double[] warm) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("random", random);
        m.put("gp_ei", gp);
        m.put("warm_start", warm);
        return m;
    }

    /**
     * {@code {"branin": {"gp_ei": {"regret_5", "regret_10", "regret_30", "trials_to_target", "violations",
     * "max_step_ratio", "coverage_95", "seconds"}, ...}, ...}}; a regret with no feasible trial yet (in the median task)
     * is null, and so is the coverage of a method that never predicts (random, or a warm start's design).
     */
    public static Map<String, Object> json(Map<String, OptimizeBench.FamilyResult> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        results.forEach((family, r) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            r.methods().forEach((method, c) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int k : OptimizeBench.CHECKPOINTS) m.put("regret_" + k, finite(c.regretAfter(k)));
                m.put("trials_to_target", c.trialsToTarget());
                m.put("violations", c.violations());
                m.put("max_step_ratio", c.maxStepRatio());
                m.put("coverage_95", finite(c.coverage95()));
                m.put("seconds", c.seconds());
                f.put(method.key(), m);
            });
            out.put(family, f);
        });
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    public static String markdown(Map<String, OptimizeBench.FamilyResult> results, OptimizeBench.Settings s,
                                  AskLatency.Millis askMillis, String plotLink, boolean writeDocs) {
        StringBuilder sb = new StringBuilder();
        sb.append("Command: `./metaline bench optimize --families ").append(String.join(",", s.families()))
                .append(" --tasks ").append(s.tasks()).append(" --trials ").append(s.trials());
        if (s.priorIterations() != null) sb.append(" --prior-iterations ").append(s.priorIterations());
        if (!s.safe()) sb.append(" --no-safe");
        if (s.threads() != Runtime.getRuntime().availableProcessors()) sb.append(" --threads ").append(s.threads());
        if (s.seed() != 0) sb.append(" --seed ").append(s.seed());
        if (!s.methods().equals(List.of(Method.values()))) {
            sb.append(" --methods ").append(String.join(",", s.methods().stream().map(Method::key).toList()));
        }
        sb.append(writeDocs ? " --write-docs` on " : "` on ").append(LocalDate.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (").append(s.threads()).append(" threads), Java ").append(System.getProperty("java.version"))
                .append(", seed ").append(s.seed()).append(".\n\n");
        if (s.tasks() < 100) {
            sb.append("**").append(s.tasks()).append(" test tasks per family; the full protocol of BENCHMARKS.md section 4 uses 100** "
                    + "(`--tasks 100`), so these medians are noisier than the published ones.\n\n");
        }
        sb.append("Protocol (BENCHMARKS.md sections 4 and 5): per family, ").append(SimStudies.SOURCE_TASKS)
                .append(" source tasks of history (Latin hypercube settings, never past a hard limit; ")
                .append(SimStudies.METABO_RUNS).append(" runs each for the MetaBO functions, ").append(SimStudies.PROCESS_RUNS)
                .append(" for the process families); a meta-learned prior trained on them (MAML, ")
                .append(s.priorConfig().iterations()).append(" iterations per outcome); then ").append(s.trials())
                .append("-trial closed-loop studies of fresh test tasks (the same tasks, noise and study seeds for every method). "
                        + "Methods: `random` (uniform within the step envelope), `gp_ei` (GP, EI, "
                        + Transfer.GP_INITIAL_TRIALS + " random trials first), `warm_start` (the first "
                        + Transfer.WARM_START_POINTS + " trials at the true optima of "
                        + Transfer.WARM_START_POINTS + " random source tasks, then GP-EI), `rgpe` (ranking-weighted GP "
                        + "ensemble over the source tasks), `meta` (meta-learned prior network adapted to the task's runs, "
                        + "plus a GP on its residuals whose lengthscale, noise and task offset were chosen by predictive "
                        + "likelihood on held-out source tasks, from max(10, twice its inputs) runs on fitted to the task's runs, its intervals widened where cross-validation on those runs finds larger errors; in safe mode a fixed wide one (lengthscale 0.5, noise 0.02) until then, and for a hard limit from then on the even mixture of the two; "
                        + "outside safe mode its first " + Transfer.META_DESIGN_POINTS + " trials at a design learnt from the "
                        + "source tasks (their best runs, chosen greedily so that across the source tasks the best chosen "
                        + "run comes as close as possible to each task's best, each task scored by the prior adapted to its "
                        + "runs), then EI; `rgpe` starts with " + Transfer.TRANSFER_INITIAL_TRIALS + " random trial). From "
                        + "its tenth completed run "
                        + "on, every model-based method searches within a trust region around its best run (each side 0.8 of "
                        + "the parameter's range at first, doubled after 3 improvements in a row, halved after max(4, "
                        + "parameters) runs without one, back to 0.8 when it would fall below 1/128). "
                        + "In a family with constrained outcomes, from max(10, twice the parameters) completed runs on, "
                        + "every model-based method models the objective with a GP over the settings plus each constrained "
                        + "outcome's predicted mean; before that, `meta` models it with the objective its prior learnt over the "
                        + "settings plus features of the constrained outcomes (each scaled over the history, and a soft indicator "
                        + "per limit), fed with the task's own outcome models. ")
                .append("Regret: optimum minus the best noise-free objective among the trials so far whose settings meet every "
                        + "limit (hard and soft) on the noise-free model, median over tasks; MetaBO families in their normalised "
                        + "units, process families in the objective's unit (EUR per part or board). Trials to target: first "
                        + "trial within 1% of the optimum (1% of |optimum| for process costs, 0.01 normalised units for MetaBO), "
                        + "a run that never gets there counting as the budget; median. Violations: suggested settings that break "
                        + "a hard limit on the noise-free model, summed over tasks (must be 0). Max step ratio: the largest "
                        + "move between consecutive suggestions over the family's max step, maximum over tasks (must be <= 1; "
                        + "0 for MetaBO, which has no max step). Stopped early: runs in which safe mode found no setting within one step "
                        + "that the model is confident keeps every hard limit, nor a nearby run measured inside them to run again, so the study refused to suggest (the rest of the budget "
                        + "counts as no progress). Seconds: wall time of all runs of the method (the prior's "
                        + "training is listed apart).");
        if (s.safe()) {
            sb.append(" Families with hard limits run every model-based method in safe mode (start at the known-safe defaults, "
                    + "hard limits kept at " + SimStudies.SAFE_BETA + " standard deviations; the GP methods model a hard limit's "
                    + "outcome as the even mixture of their GP and a GP around a linear trend); `random` starts at the defaults "
                    + "but is never checked.");
        }
        if (s.trials() < 30) sb.append(" With fewer than 30 trials, the 10- and 30-trial columns are clipped to the budget.");
        sb.append(" The 95% interval coverage is the share of model-based suggestions whose true objective lay within the "
                + "predicted mean +/- 1.96 sd; it is measured where each method chose to go, where an optimistic model errs most, "
                + "and a calibrated one is near 0.95.");
        sb.append("\n");
        if (askMillis != null) {
            sb.append(String.format(Locale.ROOT, "%nMedian `ask()` latency with %d observations (synthetic 3-D study, GP-EI): "
                    + "%.0f ms between hyperparameter refits (%d asks), %.0f ms for an ask that refits them (%d asks; the GP "
                    + "surrogate refits at every count up to %d, then at every %.0f%% more observations).%n", AskLatency.OBSERVATIONS,
                    askMillis.betweenRefits(), AskLatency.REPEATS, askMillis.refitting(), AskLatency.REFIT_REPEATS,
                    io.metaline.optimize.gp.RefitSchedule.DEFAULT.everyUpTo(), 100 * (io.metaline.optimize.gp.RefitSchedule.DEFAULT.growth() - 1)));
        }
        results.forEach((family, r) -> {
            sb.append("\n### ").append(family).append(r.metaBo() ? " (MetaBO, normalised units)" : " (regret in " + r.unit() + ")")
                    .append("\n\n");
            sb.append(String.format(Locale.ROOT, "History %.1f s, prior %s, RGPE source models %.1f s%s.%n%n", r.historySeconds(),
                    !Double.isNaN(r.priorSeconds()) ? String.format(Locale.ROOT, "%.1f s", r.priorSeconds()) : "loaded from the cache",
                    r.rgpeSeconds(), r.safe() ? "; safe mode" : ""));
            sb.append("| method | regret 5 | regret 10 | regret 30 | trials to target | violations | max step ratio | 95% interval coverage | stopped early | seconds |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
            r.methods().forEach((method, c) -> {
                sb.append("| ").append(method.key()).append(" |");
                for (int k : OptimizeBench.CHECKPOINTS) sb.append(' ').append(num(c.regretAfter(k))).append(" |");
                sb.append(String.format(Locale.ROOT, " %.1f | %d | %.2f | %s | %d of %d | %.1f |%n", c.trialsToTarget(), c.violations(),
                        c.maxStepRatio(), Double.isNaN(c.coverage95()) ? "" : String.format(Locale.ROOT, "%.2f", c.coverage95()),
                        c.stopped(), c.tasks(), c.seconds()));
            });
            Map<String, double[]> pub = PUBLISHED.get(family);
            if (pub != null) {
                pub.forEach((method, v) -> sb.append("| ").append(method).append(" (published, BENCHMARKS.md section 4) | ")
                        .append(num(v[0])).append(" | ").append(num(v[1])).append(" | ").append(num(v[2])).append(" | | | | | | |\n"));
            }
        });
        if (plotLink != null) sb.append("\nMedian regret against trials (log scale):\n\n![median regret](").append(plotLink).append(")\n");
        return sb.toString();
    }

    static String num(double v) {
        if (Double.isInfinite(v)) return "no feasible trial";
        if (v == 0) return "0";
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static List<String> methodKeys(OptimizeBench.FamilyResult r) {
        return r.methods().keySet().stream().map(Method::key).toList();
    }
}
