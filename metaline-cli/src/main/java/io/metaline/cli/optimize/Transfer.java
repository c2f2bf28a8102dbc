package io.metaline.cli.optimize;

import io.metaline.engine.Rng;
import io.metaline.meta.TrainingListener;
import io.metaline.meta.data.CsvTable;
import io.metaline.optimize.GpSurrogate;
import io.metaline.optimize.SearchSpace;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Surrogate;
import io.metaline.optimize.transfer.LearnedDesign;
import io.metaline.optimize.transfer.MetaPrior;
import io.metaline.optimize.transfer.MetaSurrogate;
import io.metaline.optimize.transfer.RgpeSurrogate;
import io.metaline.optimize.transfer.WarmStart;
import io.metaline.optimize.transfer.SourceTask;
import io.metaline.sim.History;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What earlier tasks of a family offer a new one: their runs as {@link SourceTask}s (from generated history or a
 * user's CSV), the simulated source tasks themselves when the history was generated (their true optima serve the
 * naive warm start of BENCHMARKS.md section 4), and the meta-learned prior once trained. Immutable; the prior is
 * added by {@link #withPrior}.
 */
public final class Transfer {
    /** Source tasks whose settings make the warm start's initial design. */
    public static final int WARM_START_POINTS = 3;
    /** Random trials before the model takes over: GP-EI's initial design, and the one run transfer methods need. */
    public static final int GP_INITIAL_TRIALS = 3, TRANSFER_INITIAL_TRIALS = 1;
    /**
     * Points of the {@link LearnedDesign} the meta-learned optimiser runs first outside safe mode. Of 2, 3 and 4 tried
     * on the MetaBO families (bench optimize, 100 tasks, seed 0), only 2 beat both the warm start and RGPE at 5 and
     * 10 trials on all three.
     */
    public static final int META_DESIGN_POINTS = 2;

    private final ProcessFamily family;
    private final SearchSpace space;
    private final List<String> outcomes;
    private final History history;
    private final List<SourceTask> sources;
    private final MetaPrior prior;
    private final double priorSeconds;
    private final RgpeSurrogate rgpe;
    /** The meta-learned optimiser's first settings, computed once when first needed (they need the prior). */
    private final Lazy<List<Map<String, Double>>> metaDesign;

    private Transfer(ProcessFamily family, SearchSpace space, List<String> outcomes, History history,
                     List<SourceTask> sources, MetaPrior prior, double priorSeconds, RgpeSurrogate rgpe) {
        this.family = family;
        this.space = space;
        this.outcomes = List.copyOf(outcomes);
        this.history = history;
        this.sources = List.copyOf(sources);
        this.prior = prior;
        this.priorSeconds = priorSeconds;
        this.rgpe = rgpe;
        this.metaDesign = new Lazy<>(() -> LearnedDesign.greedy(sources,
                SimStudies.studySpec(family, "design", false, 0, List.of(), 0), new MetaSurrogate(prior), META_DESIGN_POINTS));
    }

    /** No earlier tasks at all (for methods that do not transfer). */
    public static Transfer none(ProcessFamily family) {
        StudySpec spec = SimStudies.studySpec(family, "none", false, 0, List.of(), 0);
        return new Transfer(family, spec.space(), spec.outcomes(), null, List.of(), null, 0, null);
    }

    /** {@value SimStudies#SOURCE_TASKS} generated source tasks (see {@link SimStudies#generateHistory}). */
    public static Transfer generate(ProcessFamily family, long seed) {
        StudySpec spec = SimStudies.studySpec(family, "history", false, 0, List.of(), 0);
        History h = SimStudies.generateHistory(family, seed);
        return new Transfer(family, spec.space(), spec.outcomes(), h, SimStudies.sourceTasks(h, spec.space(), spec.outcomes()), null, 0, null);
    }

    /** Source tasks from a history CSV with a task column and the family's parameter, context and outcome columns. */
    public static Transfer fromCsv(ProcessFamily family, Path csv, String taskColumn) {
        StudySpec spec = SimStudies.studySpec(family, "history", false, 0, List.of(), 0);
        CsvTable table = CsvTable.read(csv);
        List<SourceTask> s = SimStudies.sourceTasks(table, taskColumn, family, spec.space(), spec.outcomes());
        return new Transfer(family, spec.space(), spec.outcomes(), null, s, null, 0, null);
    }

    /**
     * This transfer with a prior meta-trained on its source tasks: one network per declared outcome and, for a family
     * with limits, one of the objective over the settings and the limited outcomes
     * ({@link MetaPrior#withObjectiveOverOutcomes}); {@link #priorNetworks} in all.
     */
    public Transfer withPrior(MetaPrior.Config config, long seed, TrainingListener listener) {
        long start = System.nanoTime();
        MetaPrior p = MetaPrior.train(sources, outcomes, config, seed, listener).withObjectiveOverOutcomes(sources,
                SimStudies.objective(family).outcome(), SimStudies.constraints(family), seed, listener);
        return new Transfer(family, space, outcomes, history, sources, p, (System.nanoTime() - start) / 1e9, rgpe);
    }

    /** This transfer with an already trained prior (loaded from a file): its training time is unknown (NaN). */
    public Transfer withPrior(MetaPrior p) {
        return new Transfer(family, space, outcomes, history, sources, p, Double.NaN, rgpe);
    }

    /**
     * This transfer with the RGPE surrogate's source models fitted once (one GP per source task and outcome), to be
     * shared by every study of the family: its predictions depend only on its seed and each study's data.
     */
    public Transfer withRgpe(long seed) {
        requireSources(Method.RGPE);
        return new Transfer(family, space, outcomes, history, sources, prior, priorSeconds, new RgpeSurrogate(sources, outcomes, seed));
    }

    public ProcessFamily family() {
        return family;
    }

    public List<String> outcomes() {
        return outcomes;
    }

    public List<SourceTask> sources() {
        return sources;
    }

    public MetaPrior prior() {
        return prior;
    }

    /** Networks {@link #withPrior} meta-trains, each for the configured iterations. */
    public int priorNetworks() {
        return outcomes.size() + (SimStudies.constraints(family).isEmpty() ? 0 : 1);
    }

    /** Seconds spent meta-training the prior. */
    public double priorSeconds() {
        return priorSeconds;
    }

    /**
     * A fingerprint of the source tasks' data (ids, settings and outcomes, in order, to the bit): the first 16 hex
     * digits of their SHA-256. What the prior is trained on, so a cache keyed by it never serves a prior trained on
     * other history.
     */
    public String sourcesFingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer value = ByteBuffer.allocate(Double.BYTES);
            for (SourceTask t : sources) {
                md.update(t.id().getBytes(StandardCharsets.UTF_8));
                for (double[] row : t.x()) for (double v : row) md.update(value.clear().putDouble(v).array());
                for (String o : outcomes) for (double v : t.outcome(o)) md.update(value.clear().putDouble(v).array());
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The simulated source tasks, when the history was generated (empty when read from a file). */
    public List<ProcessTask> simulatedSources() {
        return history == null ? List.of() : history.tasks();
    }

    // ---------------------------------------------------------------- methods

    /** The surrogate of {@code method}; transfer methods need source tasks (and META a trained prior). */
    public Surrogate surrogate(Method method, long seed) {
        return switch (method) {
            case RANDOM, GP_EI, WARM_START -> new GpSurrogate(seed);
            case RGPE -> {
                requireSources(method);
                yield rgpe != null ? rgpe : new RgpeSurrogate(sources, outcomes, seed);
            }
            case META -> {
                if (prior == null) throw new IllegalStateException("method meta needs a trained prior");
                yield new MetaSurrogate(prior);
            }
        };
    }

    /**
     * The study of one task by {@code method}. RANDOM: every trial random within the step envelope (starting at the
     * known-safe defaults in safe mode, but never checked against a model). GP_EI: {@value #GP_INITIAL_TRIALS}
     * random trials then EI. WARM_START: {@link #warmStart} then EI. RGPE: {@value #TRANSFER_INITIAL_TRIALS}
     * random trial then EI. META: the {@link #metaDesign} then EI. In safe mode every model-based method starts at
     * the defaults (META without its design) and keeps the hard limits at {@value SimStudies#SAFE_BETA} standard
     * deviations.
     *
     * @param designSeed chooses the warm start's source tasks
     */
    public StudySpec studySpec(Method method, String name, boolean safe, int budget, long seed, long designSeed) {
        return switch (method) {
            case RANDOM -> SimStudies.studySpec(family, name, false, budget,
                    safe ? List.of(family.defaultSettings()) : List.of(), seed);
            case GP_EI -> SimStudies.studySpec(family, name, safe, GP_INITIAL_TRIALS, List.of(), seed);
            case WARM_START -> {
                // In safe mode the study runs the known-safe defaults first and then offers the design points to the
                // model as candidates, taken only where every hard limit confidently holds.
                List<Map<String, Double>> design = new ArrayList<>(
                        warmStart(SimStudies.studySpec(family, name, safe, 0, List.of(), seed), designSeed));
                yield SimStudies.studySpec(family, name, safe, 0, design, seed);
            }
            case RGPE -> SimStudies.studySpec(family, name, safe, TRANSFER_INITIAL_TRIALS, List.of(), seed);
            // In safe mode the line starts at its known-safe settings and moves a step at a time: no design to jump to.
            case META -> safe ? SimStudies.studySpec(family, name, true, TRANSFER_INITIAL_TRIALS, List.of(), seed)
                    : SimStudies.studySpec(family, name, false, 0, metaDesign(), seed);
        };
    }

    /**
     * The naive warm start's design ({@link WarmStart}): the true optima of {@value #WARM_START_POINTS} source tasks
     * drawn at random when they are simulated (BENCHMARKS.md section 4), else the best observed run (meeting every
     * limit) of each of {@value #WARM_START_POINTS} random source tasks.
     */
    public List<Map<String, Double>> warmStart(StudySpec spec, long seed) {
        requireSources(Method.WARM_START);
        List<ProcessTask> simulated = simulatedSources();
        if (simulated.isEmpty()) return WarmStart.design(sources, spec, WARM_START_POINTS, seed);
        // Only the drawn tasks' optima are computed (a numerical search each).
        int[] order = new Rng(seed).permutation(simulated.size());
        List<Map<String, Double>> optima = new ArrayList<>();
        for (int i = 0; i < Math.min(WARM_START_POINTS, order.length); i++) optima.add(simulated.get(order[i]).optimum().settings());
        return WarmStart.pick(optima, spec, optima.size(), 0);
    }

    /**
     * The meta-learned optimiser's first {@value #META_DESIGN_POINTS} settings outside safe mode: the
     * {@link LearnedDesign} of the source tasks' best runs, each task modelled by the prior adapted to its runs.
     */
    public List<Map<String, Double>> metaDesign() {
        requireSources(Method.META);
        if (prior == null) throw new IllegalStateException("method meta needs a trained prior");
        return metaDesign.get();
    }

    /** A value computed on first use, once, shared by every thread. */
    private static final class Lazy<T> {
        private final java.util.function.Supplier<T> supplier;
        private T value;

        Lazy(java.util.function.Supplier<T> supplier) {
            this.supplier = supplier;
        }

        synchronized T get() {
            if (value == null) value = supplier.get();
            return value;
        }
    }

    private void requireSources(Method method) {
        if (sources.size() < 2) {
            throw new IllegalArgumentException("method " + method + " needs the history of at least 2 earlier tasks");
        }
    }
}
