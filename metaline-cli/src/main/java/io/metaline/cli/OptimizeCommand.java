package io.metaline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.cli.optimize.ClosedLoop;
import io.metaline.cli.optimize.Method;
import io.metaline.cli.optimize.OptimizeBench;
import io.metaline.cli.optimize.OutcomeInput;
import io.metaline.cli.optimize.SimStudies;
import io.metaline.cli.optimize.Transfer;
import io.metaline.cli.plot.BestSoFarPlot;
import io.metaline.meta.TrainingListener;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudyException;
import io.metaline.optimize.StudyJson;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.sim.Families;
import io.metaline.sim.Optimum;
import io.metaline.sim.Outcome;
import io.metaline.sim.Parameter;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code metaline optimize}: a closed-loop study of one task of a simulated family (or, with {@code --interactive},
 * of a real line whose results the operator types in), printing every trial and ending with the gap to the true
 * optimum, the hard-limit violations and a plot.
 */
@Command(
        name = "optimize",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Optimise the settings of one task of a family: suggest, run, learn, repeat.",
            "",
            "By default each suggestion runs on a fresh simulated task (--task-seed S",
            "picks it: test task S of 'bench optimize' with the same --seed). With",
            "--interactive, suggestions are printed and the measured outcomes are read",
            "from standard input as 'name=value ...' lines ('failed' for a failed run).",
            "Transfer methods (meta, rgpe, warm_start) learn from 50 source tasks of",
            "generated history, or from --history FILE.csv. The meta prior takes minutes",
            "to train with the default 3000 iterations per outcome: shorten it with",
            "--prior-iterations, keep it with --prior FILE."})
public final class OptimizeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--family", paramLabel = "NAME", order = 1,
            description = "Task family: injection_moulding, reflow_soldering, cnc_machining, branin, goldstein_price, hartmann3.")
    String familyName;

    @Option(names = "--task-seed", paramLabel = "S", order = 2, description = "Which simulated task (default: 0).")
    Integer taskSeed;

    @Option(names = "--trials", defaultValue = "30", paramLabel = "N", order = 3,
            description = "Trials in the study, counting those of a loaded study (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--method", paramLabel = "NAME", order = 4,
            description = "meta, gp_ei, rgpe, warm_start or random (default: meta).")
    String methodName;

    @Option(names = "--acquisition", paramLabel = "NAME", order = 4,
            description = "ei (expected improvement), ucb (upper confidence bound) or ts (Thompson sampling) (default: ei).")
    String acquisitionName;

    @Option(names = "--safe", order = 5,
            description = "Safe mode: start at the family's known-safe defaults; suggest only settings the model is confident keep every hard limit.")
    boolean safe;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "Q", order = 6,
            description = "Suggestions asked for at a time, each within one step of the previous (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--plot", paramLabel = "FILE", order = 7,
            description = "PNG of the best so far against trials (default: .metaline/optimize/<family>-task<S>-<method>.png).")
    Path plot;

    @Option(names = "--interactive", order = 8, description = "Read measured outcomes from standard input instead of simulating.")
    boolean interactive;

    @Option(names = "--context", split = ",", paramLabel = "NAME=VALUE", order = 9,
            description = "With --interactive: the task's context variables (asked for when missing).")
    Map<String, String> contextOption;

    @Option(names = "--save", paramLabel = "FILE", order = 10, description = "Save the study to FILE (JSON) after every result.")
    Path save;

    @Option(names = "--load", paramLabel = "FILE", order = 11,
            description = "Continue the study saved in FILE (its family, method, task and safe mode are kept).")
    Path load;

    @Option(names = "--history", paramLabel = "FILE", order = 12,
            description = "Earlier tasks' runs (CSV with a task column and the family's columns) instead of generated history.")
    Path history;

    @Option(names = "--task-column", defaultValue = "task", paramLabel = "COL", order = 13,
            description = "With --history: the column naming each run's task (default: ${DEFAULT-VALUE}).")
    String taskColumn;

    @Option(names = "--prior-iterations", paramLabel = "N", order = 14,
            description = "Meta-training iterations per outcome for the meta prior (default: 3000).")
    Integer priorIterations;

    @Option(names = "--prior", paramLabel = "FILE", order = 15,
            description = "Meta prior file: loaded when it exists, else trained and saved there.")
    Path priorFile;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", order = 16,
            description = "Seed of the generated history, the simulated tasks and the study (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", order = 17, description = "Threads for meta-training (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    private static final Pattern NAME = Pattern.compile("family=(\\S+) method=(\\S+) task=(\\d+)");

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, this::run);
    }

    private Integer run() throws Exception {
        out = spec.commandLine().getOut();
        if (trials < 1 || trials > 1000) throw new IllegalArgumentException("--trials must be between 1 and 1000, got " + trials);
        if (batch < 1 || batch > 100) throw new IllegalArgumentException("--batch must be between 1 and 100, got " + batch);
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1");
        if (!interactive && contextOption != null) throw new IllegalArgumentException("--context is only for --interactive (a simulated task has its own)");

        // What to optimise: from the options, or from the saved study.
        String savedJson = null;
        if (load != null) {
            savedJson = Files.readString(load, StandardCharsets.UTF_8);
            JsonNode name = new ObjectMapper().readTree(savedJson).path("spec").path("name");
            Matcher m = NAME.matcher(name.asText(""));
            if (!m.find()) throw new IllegalArgumentException(load + ": not a study saved by 'metaline optimize' (name '" + name.asText() + "')");
            familyName = same("--family", familyName, m.group(1));
            methodName = same("--method", methodName, m.group(2));
            taskSeed = Integer.parseInt(same("--task-seed", taskSeed == null ? null : taskSeed.toString(), m.group(3)));
        }
        if (familyName == null) throw new IllegalArgumentException("--family is required (or --load a saved study); families are " + Families.names());
        ProcessFamily family = Families.byName(familyName);
        Method method = Method.of(methodName == null ? "meta" : methodName);
        int task = taskSeed == null ? 0 : taskSeed;
        if (task < 0 || task > 100_000) throw new IllegalArgumentException("--task-seed must be between 0 and 100000, got " + task);

        long fseed = OptimizeBench.familySeed(seed, family.name());
        long studySeed = OptimizeBench.taskSeed(fseed, task, 1), noiseSeed = OptimizeBench.taskSeed(fseed, task, 2);
        Transfer transfer = transfer(family, method, fseed);

        Study study;
        if (savedJson != null) {
            study = StudyJson.fromJson(savedJson, transfer.surrogate(method, studySeed));
            if (acquisitionName != null && acquisition(acquisitionName) != study.spec().acquisition()) {
                throw new IllegalArgumentException("--acquisition " + acquisitionName + " differs from the loaded study's "
                        + study.spec().acquisition() + "; omit it with --load");
            }
            out.printf(Locale.ROOT, "Loaded %s: %d trials so far.%n", load, study.trials().size());
        } else {
            StudySpec s = transfer.studySpec(method, OptimizeBench.studyName(family.name(), method, task), safe, trials,
                    studySeed, OptimizeBench.taskSeed(fseed, task, 3));
            if (acquisitionName != null) s = s.withAcquisition(acquisition(acquisitionName));
            study = new Study(s, transfer.surrogate(method, studySeed));
        }
        StudySpec s = study.spec();

        ProcessTask simulated = interactive ? null : OptimizeBench.testTask(family, seed, task);
        BufferedReader stdin = interactive ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null;
        OutcomeInput input = interactive ? new OutcomeInput(stdin, out) : null;
        Map<String, Double> context = simulated != null ? simulated.context() : context(family, input);
        if (context == null) return stopped(study, "input ended before the context was given");

        out.printf(Locale.ROOT, "%s, %s, method %s%s: %s %s; budget %d trials%s.%n", family.name(),
                interactive ? "interactive" : "simulated task " + task + " (" + simulated.id() + ")", method,
                s.safety().enabled() ? ", safe mode" : "", s.objective().direction().name().toLowerCase(Locale.ROOT),
                s.objective().outcome(), trials, context.isEmpty() ? "" : ", context " + formatPlain(context));
        for (OutcomeConstraint c : s.constraints()) {
            out.printf(Locale.ROOT, "  %s limit: %s %s %s %s%n", c.severity().name().toLowerCase(Locale.ROOT), c.outcome(),
                    c.sense() == OutcomeConstraint.Sense.AT_MOST ? "<=" : ">=", num(c.limit()), unit(family.outcome(c.outcome()).unit()));
        }

        // The loop: pending trials of a loaded study first, then new suggestions.
        List<Suggestion> todo = new ArrayList<>();
        for (Trial t : study.trials()) {
            if (t.status() == Trial.Status.PENDING) {
                todo.add(new Suggestion(t.id(), t.settings(), Map.of(), Double.NaN, "pending in the saved study", List.of()));
            }
        }
        Map<String, Double> previous = null;
        List<Trial> before = study.trials();
        for (Trial t : before) if (t.status() != Trial.Status.PENDING) previous = t.settings();
        List<ClosedLoop.Step> steps = new ArrayList<>();
        String stoppedBecause = null;
        while (true) {
            if (todo.isEmpty()) {
                int remaining = trials - study.trials().size();
                if (remaining <= 0) break;
                try {
                    todo.addAll(study.ask(context, Math.min(batch, remaining)));
                } catch (StudyException.NoSafeSuggestion e) {
                    stoppedBecause = e.getMessage();
                    break;
                }
            }
            Suggestion sg = todo.remove(0);
            int index = indexOf(study, sg.trialId());
            Map<String, Double> measured;
            if (simulated != null) {
                measured = SimStudies.declared(s, simulated.run(sg.settings(), ClosedLoop.noise(noiseSeed, sg.trialId())));
                study.tell(sg.trialId(), measured);
                ClosedLoop.Step step = ClosedLoop.score(simulated, sg, measured, previous);
                steps.add(step);
                printTrial(family, study, sg, index, measured, step);
            } else {
                printSuggestion(family, study, sg, index);
                // While the line runs the suggestion and its result is typed in, the next ask's fit is made; the next
                // ask waits for it if it is still running, and its answer is the same either way.
                Thread prefetch = new Thread(study.prefetch(), "metaline-prefetch");
                prefetch.setDaemon(true);
                prefetch.start();
                Set<String> ignorable = new HashSet<>();
                for (Outcome o : family.outcomes()) if (!s.outcomes().contains(o.name())) ignorable.add(o.name());
                OutcomeInput.Answer a = input.read("measured> ", s.outcomes(), ignorable, true);
                if (a == null) {
                    return stopped(study, "input ended before trial " + sg.trialId() + " was reported");
                }
                if (a.failed()) {
                    study.tellFailed(sg.trialId(), a.reason());
                    out.printf(Locale.ROOT, "  trial %d recorded as failed (%s)%n", sg.trialId(), a.reason());
                } else {
                    study.tell(sg.trialId(), a.values());
                    out.printf(Locale.ROOT, "  recorded; best so far %s%n", best(family, study));
                }
            }
            previous = sg.settings();
            out.flush();
            if (save != null) StudyJson.save(study, save);
        }
        if (save != null) StudyJson.save(study, save);
        summary(family, method, task, study, simulated, steps, stoppedBecause);
        return 0;
    }

    private static StudySpec.Acquisition acquisition(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ei" -> StudySpec.Acquisition.EXPECTED_IMPROVEMENT;
            case "ucb" -> StudySpec.Acquisition.UPPER_CONFIDENCE_BOUND;
            case "ts" -> StudySpec.Acquisition.THOMPSON_SAMPLING;
            default -> throw new IllegalArgumentException("--acquisition: unknown '" + name + "'; choose ei, ucb or ts");
        };
    }

    private static String same(String option, String given, String saved) {
        if (given != null && !given.equals(saved)) {
            throw new IllegalArgumentException(option + " " + given + " differs from the loaded study's " + saved + "; omit it with --load");
        }
        return saved;
    }

    private Transfer transfer(ProcessFamily family, Method method, long fseed) throws Exception {
        if (!method.usesHistory()) return Transfer.none(family);
        Transfer t;
        if (history != null) {
            t = Transfer.fromCsv(family, history, taskColumn);
            out.printf(Locale.ROOT, "History: %d earlier tasks from %s.%n", t.sources().size(), history);
        } else {
            t = Transfer.generate(family, fseed);
            out.printf(Locale.ROOT, "History: %d generated source tasks, %d runs each.%n", t.sources().size(), SimStudies.historyRuns(family));
        }
        if (method == Method.RGPE) return t.withRgpe(OptimizeBench.rgpeSeed(fseed));
        if (method != Method.META) return t;
        if (priorFile != null && Files.exists(priorFile)) {
            MetaPrior loaded;
            try {
                loaded = MetaPrior.load(priorFile);
            } catch (java.io.IOException e) {
                // meta-train writes general meta-learned models (.mlmodel), not the optimiser's per-outcome priors.
                throw new IllegalArgumentException("--prior " + priorFile + ": " + e.getMessage() + "; make a prior for the "
                        + "optimiser with 'metaline optimize --method meta --history FILE.csv --task-column COL --prior "
                        + priorFile.getFileName() + "' (trained from the history, then saved there and reused)");
            }
            out.println("Prior: loaded " + priorFile);
            return t.withPrior(loaded);
        }
        MetaPrior.Config config = MetaPrior.Config.defaults().withThreads(threads);
        if (priorIterations != null) {
            if (priorIterations < 1) throw new IllegalArgumentException("--prior-iterations must be >= 1");
            config = config.withIterations(priorIterations);
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("meta prior").setStyle(ProgressBarStyle.ASCII)
                .setInitialMax((long) config.iterations() * t.priorNetworks())
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            t = t.withPrior(config, fseed, new TrainingListener() {
                @Override
                public void onIteration(int iteration, int total, double loss) {
                    bar.step();
                }
            });
        }
        out.printf(Locale.ROOT, "Prior: meta-trained in %.1f s: %s%n", t.priorSeconds(), t.prior());
        if (priorFile != null) {
            t.prior().save(priorFile);
            out.println("Prior: saved " + priorFile);
        }
        return t;
    }

    /** The context of an interactive task: from --context, else asked for. */
    private Map<String, Double> context(ProcessFamily family, OutcomeInput input) throws Exception {
        List<String> names = family.contextNames();
        if (names.isEmpty()) return Map.of();
        if (contextOption != null) {
            try {
                return OutcomeInput.parse(String.join(" ", contextOption.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList()), names, Set.of(), false).values();
            } catch (OutcomeInput.BadInput e) {
                throw new IllegalArgumentException("--context: " + e.getMessage());
            }
        }
        out.println("This family's tasks have a context: " + String.join(", ", names) + ".");
        OutcomeInput.Answer a = input.read("context> ", names, Set.of(), false);
        return a == null ? null : a.values();
    }

    private int stopped(Study study, String why) throws Exception {
        if (save != null) StudyJson.save(study, save);
        out.println("Stopped: " + why + "." + (save != null ? " The study is saved in " + save + "; continue with --load " + save + "." : ""));
        out.flush();
        return 0;
    }

    private static int indexOf(Study study, int trialId) {
        List<Trial> all = study.trials();
        for (int i = 0; i < all.size(); i++) if (all.get(i).id() == trialId) return i + 1;
        return all.size();
    }

    // ---------------------------------------------------------------- printing

    private void printSuggestion(ProcessFamily family, Study study, Suggestion sg, int index) {
        out.printf(Locale.ROOT, "[%d/%d] trial %d: run %s%n", index, trials, sg.trialId(), format(family, sg.settings()));
        out.printf(Locale.ROOT, "  %s%n", predicted(family, study.spec(), sg));
        List<String> units = study.spec().outcomes().stream().map(o -> o + unitSuffix(family.outcome(o).unit())).toList();
        out.println("  enter " + String.join(" ", study.spec().outcomes().stream().map(o -> o + "=...").toList())
                + " (" + String.join(", ", units) + "), or 'failed':");
        out.flush();
    }

    private void printTrial(ProcessFamily family, Study study, Suggestion sg, int index, Map<String, Double> measured,
                            ClosedLoop.Step step) {
        String obj = study.spec().objective().outcome();
        String u = unitSuffix(family.outcome(obj).unit());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%d/%d] %s | %s | measured %s%s | best %s",
                index, trials, format(family, sg.settings()), predicted(family, study.spec(), sg), num(measured.get(obj)), u,
                best(family, study)));
        List<String> broken = new ArrayList<>();
        for (OutcomeConstraint c : study.spec().constraints()) {
            if (!c.satisfiedBy(measured.get(c.outcome()))) broken.add(c.severity().name().toLowerCase(Locale.ROOT) + " " + c.outcome());
        }
        if (!broken.isEmpty()) line.append(" | out of limits: ").append(String.join(", ", broken));
        if (step.violatesHardLimit()) line.append(" | BREAKS A HARD LIMIT (true model)");
        out.println(line);
        out.flush();
    }

    private static String predicted(ProcessFamily family, StudySpec s, Suggestion sg) {
        Suggestion.Prediction p = sg.predictions().get(s.objective().outcome());
        if (p == null) return "no prediction (" + sg.reason() + ")";
        return "predicted " + num(p.mean()) + " +/- " + num(p.sd()) + unitSuffix(family.outcome(s.objective().outcome()).unit());
    }

    private static String best(ProcessFamily family, Study study) {
        String obj = study.spec().objective().outcome();
        return study.best().map(t -> num(t.outcomes().get(obj)) + unitSuffix(family.outcome(obj).unit()) + " (trial " + t.id() + ")")
                .orElse("none within every limit yet");
    }

    private void summary(ProcessFamily family, Method method, int task, Study study, ProcessTask simulated,
                         List<ClosedLoop.Step> steps, String stoppedBecause) throws Exception {
        StudySpec s = study.spec();
        String obj = s.objective().outcome(), u = unitSuffix(family.outcome(obj).unit());
        List<Trial> all = study.trials();
        out.println();
        if (stoppedBecause != null) out.println("Stopped early: " + stoppedBecause);
        var best = study.best();
        if (best.isPresent()) {
            Trial b = best.get();
            out.printf(Locale.ROOT, "Best: trial %d, %s %s%s at %s%n", b.id(), obj, num(b.outcomes().get(obj)), u, format(family, b.settings()));
        } else {
            out.println("Best: no trial met every limit.");
        }
        double optimum = Double.NaN;
        if (simulated != null) {
            Optimum opt = simulated.optimum();
            optimum = opt.value();
            out.printf(Locale.ROOT, "True optimum of the task: %s%s at %s%n", num(opt.value()), u, format(family, opt.settings()));
            if (best.isPresent()) {
                double truth = simulated.expected(best.get().settings()).get(obj);
                double gap = Math.max(0, family.objectiveOutcome().sign() * (opt.value() - truth));
                out.printf(Locale.ROOT, "Gap to the optimum: %s%s (%.2f%% of |optimum|; noise-free value at the best trial %s)%n",
                        num(gap), u, 100 * gap / Math.abs(opt.value()), num(truth));
            }
            int violations = 0, counted = 0;
            for (Trial t : all) {
                counted++;
                if (simulated.violatesHardLimit(t.settings())) violations++;
            }
            double ratio = 0;
            for (ClosedLoop.Step st : steps) ratio = Math.max(ratio, st.stepRatio());
            out.printf(Locale.ROOT, "Hard-limit violations among the %d suggested settings: %d (noise-free model)%s%n", counted,
                    violations, SimStudies.isMetaBo(family) ? "" : String.format(Locale.ROOT, "; largest move %.2f x the max step", ratio));
        } else {
            int breaches = 0, failed = 0;
            for (Trial t : all) {
                if (t.status() == Trial.Status.FAILED) failed++;
                if (t.status() != Trial.Status.COMPLETED) continue;
                for (OutcomeConstraint c : s.constraints()) {
                    if (c.severity() == OutcomeConstraint.Severity.HARD && !c.satisfiedBy(t.outcomes().get(c.outcome()))) {
                        breaches++;
                        break;
                    }
                }
            }
            out.printf(Locale.ROOT, "Trials: %d (%d failed); measured hard-limit breaches: %d%n", all.size(), failed, breaches);
        }
        double[] measured = new double[all.size()], bestSoFar = new double[all.size()];
        double running = Double.NaN;
        for (int i = 0; i < all.size(); i++) {
            Trial t = all.get(i);
            measured[i] = t.status() == Trial.Status.COMPLETED ? t.outcomes().get(obj) : Double.NaN;
            boolean ok = t.status() == Trial.Status.COMPLETED && s.meetsLimits(t.outcomes());
            if (ok && (Double.isNaN(running) || s.objective().direction().better(measured[i], running))) running = measured[i];
            bestSoFar[i] = running;
        }
        Path png = plot != null ? plot : ProjectHome.get().resolve(".metaline/optimize/" + family.name() + "-task" + task + "-" + method + ".png");
        BestSoFarPlot.write(png, family.name() + (simulated != null ? " task " + task : "") + " (" + method + ")",
                obj + (u.isEmpty() ? "" : " [" + u.strip() + "]"), measured, bestSoFar, optimum);
        out.println("Plot: " + png);
        if (save != null) out.println("Saved: " + save);
        out.flush();
    }

    private static String format(ProcessFamily family, Map<String, Double> settings) {
        List<String> parts = new ArrayList<>();
        for (Parameter p : family.parameters()) {
            Double v = settings.get(p.name());
            if (v == null) continue;
            parts.add(p.kind() == Parameter.Kind.CATEGORICAL ? p.name() + "=" + p.format(v)
                    : p.name() + "=" + num(v) + unitSuffix(p.unit()));
        }
        return String.join(", ", parts);
    }

    private static String formatPlain(Map<String, Double> values) {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, num(v)));
        return m.toString();
    }

    private static String unit(String u) {
        return u == null || u.equals("1") ? "" : u;
    }

    private static String unitSuffix(String u) {
        String s = unit(u);
        return s.isEmpty() ? "" : " " + s;
    }

    static String num(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) return String.format(Locale.ROOT, "%.4g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
        return String.format(Locale.ROOT, "%.3e", v);
    }
}
