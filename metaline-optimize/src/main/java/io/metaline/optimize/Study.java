package io.metaline.optimize;

import io.metaline.engine.Rng;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An optimisation study of one task (a product on a line): ask for settings, run them, tell the result, repeat.
 *
 * <p>Lifecycle: {@link #ask} returns suggestions and records each as a PENDING trial; {@link #tell} completes a
 * trial with its measured outcomes, {@link #tellFailed} records an aborted run. Telling the same result twice is
 * harmless; a different result for a completed trial is refused. Pending trials are accounted for when the next
 * suggestions are chosen. Every suggestion stays within the bounds and max step of the one before (safety is
 * enforced in {@link SuggestionEngine}, for every surrogate).
 *
 * <p>Thread-safe: every public method is synchronized. Snapshots returned are immutable.
 */
public final class Study {
    private final StudySpec spec;
    /**
     * Chooses and recommends for this study: one for its lifetime, so that the memoised fits of its models (the
     * safe-mode and drift variants of the surrogate, the outcome-aware objective) serve prefetch, ask and
     * recommendation alike instead of being fitted again by each.
     */
    private final SuggestionEngine engine;
    private final Clock clock;
    private final LinkedHashMap<Integer, Trial> trials = new LinkedHashMap<>();
    private Rng rng;
    private int nextId = 1;
    /** The settings the line was last asked to run: the centre of the next move's envelope. */
    private double[] reference;
    /** {@link #recommended()}, computed when the study had {@code recommendedAt} results. */
    private Trial recommendation;
    private int recommendedAt = -1;

    public Study(StudySpec spec, Surrogate surrogate) {
        this(spec, surrogate, Clock.systemUTC());
    }

    Study(StudySpec spec, Surrogate surrogate, Clock clock) {
        this.spec = spec;
        this.engine = new SuggestionEngine(spec, surrogate);
        this.clock = clock;
        this.rng = new Rng(spec.seed());
    }

    public StudySpec spec() {
        return spec;
    }

    /**
     * Work that makes the next ask cheaper, such as fitting the hyperparameters it will use on the results in so far.
     * It reads a snapshot, not the study, so it can run on any thread, for instance while the line runs the last
     * suggestion; whether or not it ran, every suggestion is the same.
     */
    public synchronized Runnable prefetch() {
        return engine.prefetch(new ArrayList<>(trials.values()));
    }

    /** One suggestion for the given context (empty when the study declares no context variables). */
    public Suggestion ask(Map<String, Double> context) {
        return ask(context, 1).get(0);
    }

    /** {@code count} suggestions to run together, each within one step of the previous. */
    public synchronized List<Suggestion> ask(Map<String, Double> context, int count) {
        if (count < 1 || count > 100) throw new IllegalArgumentException("ask: count must be between 1 and 100, got " + count);
        double[] ctx = spec.space().contextValues(context, "ask");
        Rng working = Rng.fromState(rng.state());
        List<SuggestionEngine.Choice> choices = engine
                .choose(new ArrayList<>(trials.values()), reference, ctx, count, working);
        rng = working;
        List<Suggestion> out = new ArrayList<>();
        Instant now = clock.instant();
        for (SuggestionEngine.Choice c : choices) {
            double[] v = spec.space().snap(c.values());
            if (reference != null && !Envelope.within(spec.space(), reference, v)) {
                throw new IllegalStateException("internal error: a suggestion left the step envelope");
            }
            Map<String, Double> settings = spec.space().toMap(v);
            int id = nextId++;
            trials.put(id, new Trial(id, settings, spec.space().context().isEmpty() ? Map.of() : context,
                    Trial.Status.PENDING, Map.of(), null, now, null));
            reference = v;
            out.add(new Suggestion(id, settings, c.predictions(), c.acquisition(), c.reason(), List.of()));
        }
        return out;
    }

    /**
     * Records the measured outcomes of a trial. Every outcome the study declares must be present and finite;
     * undeclared ones are refused (a misspelt name must not pass silently).
     */
    public synchronized Trial tell(int id, Map<String, Double> outcomes) {
        Trial t = trial(id);
        String where = "trial " + id;
        List<String> declared = spec.outcomes();
        for (String name : outcomes.keySet()) {
            if (!declared.contains(name)) throw new IllegalArgumentException(where + ": unknown outcome '" + name + "'; the study declares " + declared);
        }
        for (String name : declared) {
            Double v = outcomes.get(name);
            if (v == null) throw new IllegalArgumentException(where + ": outcome '" + name + "' is missing");
            if (!Double.isFinite(v)) throw new IllegalArgumentException(where + ": outcome '" + name + "' is " + v + "; report a failed run instead");
        }
        if (t.status() == Trial.Status.COMPLETED) {
            if (t.outcomes().equals(Map.copyOf(outcomes))) return t;
            throw new StudyException.AlreadyReported(id, "outcomes " + t.outcomes() + " were recorded; refusing " + outcomes);
        }
        if (t.status() == Trial.Status.FAILED) throw new StudyException.AlreadyReported(id, "it was reported failed (" + t.note() + ")");
        Trial done = t.completed(outcomes, clock.instant());
        trials.put(id, done);
        return done;
    }

    /** Records that a trial's run failed or was aborted; it teaches the model nothing. */
    public synchronized Trial tellFailed(int id, String reason) {
        Trial t = trial(id);
        if (t.status() == Trial.Status.FAILED) return t;
        if (t.status() == Trial.Status.COMPLETED) throw new StudyException.AlreadyReported(id, "it was completed with " + t.outcomes());
        Trial failed = t.failed(reason == null || reason.isBlank() ? "failed" : reason, clock.instant());
        trials.put(id, failed);
        return failed;
    }

    public synchronized List<Trial> trials() {
        return List.copyOf(trials.values());
    }

    public synchronized Trial trial(int id) {
        Trial t = trials.get(id);
        if (t == null) throw new StudyException.UnknownTrial(id, spec.name());
        return t;
    }

    /** The best completed trial that meets every limit, if any. */
    public synchronized Optional<Trial> best() {
        Trial best = null;
        for (Trial t : trials.values()) {
            if (t.status() != Trial.Status.COMPLETED) continue;
            if (!spec.meetsLimits(t.outcomes())) continue;
            double v = t.outcomes().get(spec.objective().outcome());
            if (best == null || spec.objective().direction().better(v, best.outcomes().get(spec.objective().outcome()))) best = t;
        }
        return Optional.ofNullable(best);
    }

    /**
     * The settings to keep running: among the few best measured completed trials meeting every limit, the one whose
     * objective the model predicts best (see {@link #best()} for the best measured one, which under measurement noise
     * is often just the luckiest). The model is fitted once per number of results.
     */
    public synchronized Optional<Trial> recommended() {
        int results = (int) trials.values().stream().filter(t -> t.status() == Trial.Status.COMPLETED).count();
        if (recommendedAt != results) {
            recommendation = engine.recommend(new ArrayList<>(trials.values())).orElse(null);
            recommendedAt = results;
        }
        return Optional.ofNullable(recommendation);
    }

    // ---------------------------------------------------------------- persistence (StudyJson)

    synchronized StudyJson.State state() {
        return new StudyJson.State(spec, List.copyOf(trials.values()), nextId, rng.state(), reference == null ? null : reference.clone());
    }

    static Study restore(StudyJson.State s, Surrogate surrogate) {
        Study study = new Study(s.spec(), surrogate);
        for (Trial t : s.trials()) study.trials.put(t.id(), t);
        study.nextId = s.nextId();
        study.rng = Rng.fromState(s.rngState());
        study.reference = s.reference() == null ? null : s.reference().clone();
        return study;
    }
}
