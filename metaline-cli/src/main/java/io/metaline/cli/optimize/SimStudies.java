package io.metaline.cli.optimize;

import io.metaline.engine.Rng;
import io.metaline.meta.data.CsvOptions;
import io.metaline.meta.data.CsvTable;
import io.metaline.optimize.ContextSpec;
import io.metaline.optimize.DriftPolicy;
import io.metaline.optimize.Objective;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.ParameterSpec;
import io.metaline.optimize.SafetyConfig;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.acquisition.Direction;
import io.metaline.optimize.transfer.SourceTask;
import io.metaline.sim.History;
import io.metaline.sim.HistoryGenerator;
import io.metaline.sim.HistoryRow;
import io.metaline.sim.MetaBoFamily;
import io.metaline.sim.Outcome;
import io.metaline.sim.Parameter;
import io.metaline.sim.ProcessFamily;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter between the simulator ({@code metaline-sim}) and the optimiser ({@code metaline-optimize}), which does
 * not know the simulator: a {@link ProcessFamily} becomes a {@link StudySpec}, and its historical runs become
 * {@link SourceTask}s, either directly from generated {@link HistoryRow}s or from the CSV file a user has.
 *
 * <ul>
 *   <li>{@link Parameter} to {@link ParameterSpec}: same name, unit, kind and bounds; the max step is the family's,
 *       except for the MetaBO function families, which have none (infinite), and categorical parameters, whose
 *       level may change freely (the simulator's "whole range" step).</li>
 *   <li>The objective outcome to {@link Objective}; each HARD or SOFT constraint to one {@link OutcomeConstraint}
 *       per finite side (a two-sided specification gives two); observed-only outcomes are not declared.</li>
 *   <li>Each context variable to a {@link ContextSpec} whose expected range is the range seen over
 *       {@value #CONTEXT_SAMPLES} tasks drawn from the family with a fixed seed, widened by 2% of its width per
 *       side.</li>
 *   <li>Safe mode starts from the family's known-safe defaults ({@link ProcessFamily#defaultSettings()}).</li>
 * </ul>
 */
public final class SimStudies {
    private SimStudies() {}

    /** Source tasks of the history used for transfer (BENCHMARKS.md section 4). */
    public static final int SOURCE_TASKS = 50;
    /** Runs per source task: 30 for the MetaBO functions (as many as a study's budget), 40 for process families. */
    public static final int METABO_RUNS = 30, PROCESS_RUNS = 40;
    /**
     * Safe mode's confidence: every hard limit must hold at this many standard deviations. The best suggestion often
     * lies on the edge of the safe set, where even a calibrated model is past the limit with probability 1 - Phi(beta):
     * at 3.0 that is 1 in 740, and bench optimize (3,000 suggestions per family and method) saw 2 CNC suggestions past
     * the spindle-power limit by 0.001 kW; at 4.0 it is 1 in 31,600.
     */
    public static final double SAFE_BETA = 4.0;
    /** Tasks sampled to estimate each context variable's range. */
    static final int CONTEXT_SAMPLES = 512;
    private static final long CONTEXT_SEED = 0x5ca1ab1eL;
    private static final Map<String, List<ContextSpec>> CONTEXT_CACHE = new ConcurrentHashMap<>();

    /** Whether the family is a MetaBO benchmark function (normalised objective, no max step, no constraints). */
    public static boolean isMetaBo(ProcessFamily family) {
        return family instanceof MetaBoFamily;
    }

    /** The max step the optimiser enforces for {@code p}: infinite for MetaBO families and categorical parameters. */
    public static double maxStep(ProcessFamily family, Parameter p) {
        if (isMetaBo(family) || p.kind() == Parameter.Kind.CATEGORICAL) return Double.POSITIVE_INFINITY;
        return p.maxStep();
    }

    public static ParameterSpec parameter(ProcessFamily family, Parameter p) {
        double step = maxStep(family, p);
        return switch (p.kind()) {
            case CONTINUOUS -> ParameterSpec.continuous(p.name(), p.unit(), p.lower(), p.upper(), step);
            case INTEGER -> ParameterSpec.integer(p.name(), p.unit(), p.lower(), p.upper(), step);
            case CATEGORICAL -> ParameterSpec.categorical(p.name(), p.levels(), true);
        };
    }

    public static SearchSpace space(ProcessFamily family) {
        List<ParameterSpec> params = new ArrayList<>();
        for (Parameter p : family.parameters()) params.add(parameter(family, p));
        return new SearchSpace(params, context(family));
    }

    public static Objective objective(ProcessFamily family) {
        Outcome o = family.objectiveOutcome();
        return new Objective(o.name(), o.direction() == Outcome.Direction.MAXIMISE ? Direction.MAXIMISE : Direction.MINIMISE);
    }

    /** One constraint per finite side of every HARD or SOFT outcome, in outcome order (lower side first). */
    public static List<OutcomeConstraint> constraints(ProcessFamily family) {
        List<OutcomeConstraint> out = new ArrayList<>();
        for (Outcome o : family.outcomes()) {
            if (!o.isConstraint()) continue;
            OutcomeConstraint.Severity severity = o.isHard() ? OutcomeConstraint.Severity.HARD : OutcomeConstraint.Severity.SOFT;
            if (o.lower() != Double.NEGATIVE_INFINITY) {
                out.add(new OutcomeConstraint(o.name(), OutcomeConstraint.Sense.AT_LEAST, o.lower(), severity));
            }
            if (o.upper() != Double.POSITIVE_INFINITY) {
                out.add(new OutcomeConstraint(o.name(), OutcomeConstraint.Sense.AT_MOST, o.upper(), severity));
            }
        }
        return out;
    }

    /** Whether the family declares any HARD limit. */
    public static boolean hasHardLimits(ProcessFamily family) {
        return family.outcomes().stream().anyMatch(Outcome::isHard);
    }

    /** The context variables with the ranges seen over {@value #CONTEXT_SAMPLES} sampled tasks (cached per family). */
    public static List<ContextSpec> context(ProcessFamily family) {
        return CONTEXT_CACHE.computeIfAbsent(family.name(), n -> estimateContext(family));
    }

    private static List<ContextSpec> estimateContext(ProcessFamily family) {
        List<String> names = family.contextNames();
        if (names.isEmpty()) return List.of();
        double[] lo = new double[names.size()], hi = new double[names.size()];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        Rng rng = new Rng(CONTEXT_SEED);
        for (int i = 0; i < CONTEXT_SAMPLES; i++) {
            Map<String, Double> c = family.sampleTask(rng.split(i)).context();
            for (int k = 0; k < names.size(); k++) {
                double v = c.get(names.get(k));
                lo[k] = Math.min(lo[k], v);
                hi[k] = Math.max(hi[k], v);
            }
        }
        List<ContextSpec> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            double width = hi[k] - lo[k];
            double pad = width > 0 ? 0.02 * width : Math.max(1.0, 0.1 * Math.abs(lo[k]));
            out.add(new ContextSpec(names.get(k), "", lo[k] - pad, hi[k] + pad));
        }
        return List.copyOf(out);
    }

    /**
     * The study of one task of {@code family}: EI (times probability of feasibility), no drift weighting,
     * {@code initialTrials} random trials (ignored in safe mode), then the surrogate.
     */
    public static StudySpec studySpec(ProcessFamily family, String name, boolean safe, int initialTrials,
                                      List<Map<String, Double>> initialDesign, long seed) {
        SafetyConfig safety = safe ? SafetyConfig.safe(SAFE_BETA, family.defaultSettings()) : SafetyConfig.OFF;
        return new StudySpec(name, space(family), objective(family), constraints(family), safety, DriftPolicy.NONE,
                StudySpec.Acquisition.EXPECTED_IMPROVEMENT, initialTrials, initialDesign, seed);
    }

    /** Only the outcomes the study declares (objective and constrained ones), in its order. */
    public static Map<String, Double> declared(StudySpec spec, Map<String, Double> measured) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String o : spec.outcomes()) out.put(o, measured.get(o));
        return out;
    }

    // ---------------------------------------------------------------- history

    /** Runs per source task for {@code family}: {@value #METABO_RUNS} (MetaBO) or {@value #PROCESS_RUNS}. */
    public static int historyRuns(ProcessFamily family) {
        return isMetaBo(family) ? METABO_RUNS : PROCESS_RUNS;
    }

    /**
     * {@value #SOURCE_TASKS} source tasks with {@link #historyRuns} runs each: Latin hypercube settings, hard limits
     * never broken (operators do not run past them), measured with noise and drift, as {@link HistoryGenerator} does
     * by default.
     */
    public static History generateHistory(ProcessFamily family, long seed) {
        return new HistoryGenerator(HistoryGenerator.Config.of(SOURCE_TASKS, historyRuns(family))).generate(family, seed);
    }

    /** The history's runs as source tasks of {@code space} (grouped by task, in order), with the given outcomes. */
    public static List<SourceTask> sourceTasks(History history, SearchSpace space, List<String> outcomes) {
        Map<String, List<HistoryRow>> byTask = new LinkedHashMap<>();
        for (HistoryRow r : history.rows()) byTask.computeIfAbsent(r.taskId(), k -> new ArrayList<>()).add(r);
        List<SourceTask> out = new ArrayList<>();
        for (Map.Entry<String, List<HistoryRow>> e : byTask.entrySet()) {
            List<HistoryRow> rows = e.getValue();
            double[][] x = new double[rows.size()][];
            Map<String, double[]> ys = new LinkedHashMap<>();
            for (String o : outcomes) ys.put(o, new double[rows.size()]);
            for (int i = 0; i < rows.size(); i++) {
                HistoryRow r = rows.get(i);
                String where = "history task " + e.getKey() + ", run " + (i + 1);
                x[i] = space.encode(space.values(r.settings(), where), space.contextValues(r.context(), where));
                for (String o : outcomes) {
                    Double v = r.outcomes().get(o);
                    if (v == null) throw new IllegalArgumentException(where + ": no outcome '" + o + "'");
                    ys.get(o)[i] = v;
                }
            }
            out.add(new SourceTask(e.getKey(), x, ys));
        }
        return out;
    }

    /**
     * Source tasks from a history table (the CSV {@link History#writeCsv} writes, or a user's own with the same
     * columns): grouped by {@code taskColumn} through {@link io.metaline.optimize.transfer.History#fromTable}.
     * Categorical parameters may be written as level names (as the generator does) or level indices.
     */
    public static List<SourceTask> sourceTasks(CsvTable table, String taskColumn, ProcessFamily family, SearchSpace space,
                                               List<String> outcomes) {
        List<Parameter> categorical = family.parameters().stream()
                .filter(p -> p.kind() == Parameter.Kind.CATEGORICAL && table.hasColumn(p.name()) && !table.isNumeric(p.name()))
                .toList();
        CsvTable numeric = categorical.isEmpty() ? table : withLevelIndices(table, categorical);
        return io.metaline.optimize.transfer.History.fromTable(numeric, taskColumn, space, outcomes);
    }

    /** The same table with the named categorical columns' level names replaced by their indices. */
    private static CsvTable withLevelIndices(CsvTable table, List<Parameter> categorical) {
        List<String> columns = table.columns();
        List<String[]> cells = new ArrayList<>();
        for (String c : columns) {
            String[] v = table.strings(c);
            for (Parameter p : categorical) {
                if (!p.name().equals(c)) continue;
                for (int r = 0; r < v.length; r++) {
                    int level = p.levels().indexOf(v[r].strip());
                    if (level >= 0) {
                        v[r] = Integer.toString(level);
                    } else if (!v[r].strip().matches("\\d+")) {
                        throw new IllegalArgumentException(table.source() + ": " + table.where(c, r) + ": '" + v[r]
                                + "' is not a level of '" + c + "'; levels are " + p.levels());
                    }
                }
            }
            cells.add(v);
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) sb.append(c == 0 ? "" : ",").append(quote(columns.get(c)));
        sb.append('\n');
        for (int r = 0; r < table.rowCount(); r++) {
            for (int c = 0; c < columns.size(); c++) sb.append(c == 0 ? "" : ",").append(quote(cells.get(c)[r]));
            sb.append('\n');
        }
        return CsvTable.read(new StringReader(sb.toString()), table.source(), CsvOptions.defaults());
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
