package io.metaline.optimize;

import io.metaline.engine.Rng;
import io.metaline.optimize.acquisition.ExpectedImprovement;
import io.metaline.optimize.acquisition.ProbabilityOfFeasibility;
import io.metaline.optimize.acquisition.ThompsonSampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the next settings: the one place where bounds, step limits and safety are enforced, for every surrogate
 * and acquisition.
 *
 * <p>Each suggestion lies in the envelope around the previous one (bounds intersected with +/- max step); a batch
 * is a chain, each member within one step of the last. From {@value TrustRegion#FROM_RUNS} completed runs on, the
 * candidates also lie in a {@link TrustRegion} around the best run (or as close to it as one step gets; staying at
 * the current settings remains a candidate). Among random and locally refined candidates, the acquisition picks the
 * best; in safe mode only candidates whose upper confidence bound (at {@code beta} standard deviations) keeps every
 * HARD limit are eligible, and if none is, a nearby run measured inside the limits is run again ({@link #retreat}).
 * Pending trials are imagined at their predicted values, so a batch spreads out. The objective's model sees the
 * constrained outcomes' models ({@link OutcomeAwareObjective}) once there are enough runs, and before that where the
 * surrogate has learnt how the objective depends on them.
 */
final class SuggestionEngine {
    private static final int RANDOM_CANDIDATES = 768, REFINE_ROUNDS = 4, REFINE_CANDIDATES = 48, THOMPSON_RANDOM_CANDIDATES = 256;
    /** Best measured runs among which {@link #recommend} lets the model choose. */
    static final int RECOMMEND_AMONG = 5;
    /** Candidates whose constrained outcomes are predicted together in {@link #bestOf}. */
    private static final int LAZY_CHUNK = 32;

    private final StudySpec spec;
    private final Surrogate surrogate;
    /** Fits the {@link OutcomeAwareObjective}, whatever the study's surrogate. */
    private final GpSurrogate objectiveGp;
    /** The surrogate's learnt objective over outcome features, when this study can use it ({@link #usable}); else null. */
    private final Surrogate.ObjectiveOverOutcomes learnt;

    SuggestionEngine(StudySpec spec, Surrogate surrogate) {
        this.spec = spec;
        this.objectiveGp = new GpSurrogate(spec.seed());
        Surrogate s = spec.safety().enabled() ? surrogate.forSafeMode() : surrogate;
        this.surrogate = s.forDrift(spec.drift());
        this.learnt = usable(spec, this.surrogate.objectiveOverOutcomes());
    }

    /** A chosen setting before it becomes a trial. */
    record Choice(double[] values, Map<String, Suggestion.Prediction> predictions, double acquisition, String reason) {}

    List<Choice> choose(List<Trial> trials, double[] reference, double[] context, int count, Rng rng) {
        SearchSpace space = spec.space();
        List<Choice> out = new ArrayList<>();
        List<double[]> imagined = new ArrayList<>();
        for (Trial t : trials) if (t.status() == Trial.Status.PENDING) imagined.add(space.encode(space.values(t.settings(), "pending trial"), context));
        List<Trial> completed = trials.stream().filter(t -> t.status() == Trial.Status.COMPLETED).toList();
        Models models = null;
        double[] ref = reference;
        for (int q = 0; q < count; q++) {
            Choice c = startingChoice(trials, out, ref);
            // In safe mode design points are only candidates for the model, which must find them safe.
            if (c == null && !spec.safety().enabled()) c = designChoice(trials, out, ref);
            // A surrogate with a prior may choose the very first setting when the study asks for no initial trials.
            int initial = spec.initialTrials() == 0 && surrogate.predictsWithoutData() ? 0 : Math.max(spec.initialTrials(), 1);
            if (c == null && !spec.safety().enabled() && completed.size() < initial) {
                double[] v = sampleEnvelope(ref, rng);
                c = new Choice(v, Map.of(), Double.NaN, "initial design: random within the step limits, before "
                        + initial + " completed trial" + (initial == 1 ? "" : "s") + " let a model take over");
            }
            if (c == null && completed.isEmpty() && (spec.safety().enabled() || initial > 0)) { // only in safe mode: a batch after the known-safe settings has no model yet
                throw new StudyException.NoSafeSuggestion("safe mode: until a known-safe setting has a result, a batch can "
                        + "hold only the declared known-safe settings; ask for " + out.size() + " or report their results first");
            }
            if (c == null) {
                if (models == null) models = fit(data(completed), imagined);
                c = modelChoice(models, completed, ref, context, rng);
                models = models.condition(space.encode(c.values(), context), c.predictions());
            }
            out.add(c);
            ref = c.values();
        }
        return out;
    }

    /** Safe mode's declared starting settings, in order, until each has been run or suggested. */
    private Choice startingChoice(List<Trial> trials, List<Choice> chosen, double[] ref) {
        if (!spec.safety().enabled()) return null;
        SearchSpace space = spec.space();
        for (Map<String, Double> safe : spec.safety().knownSafe()) {
            double[] v = space.values(safe, "known-safe settings");
            boolean done = trials.stream().anyMatch(t -> Arrays.equals(space.values(t.settings(), "trial"), v))
                    || chosen.stream().anyMatch(c -> Arrays.equals(c.values(), v));
            if (!done && (ref == null || Envelope.within(space, ref, v))) {
                return new Choice(v, Map.of(), Double.NaN, "declared known-safe settings, run first in safe mode");
            }
        }
        if (trials.stream().noneMatch(t -> t.status() == Trial.Status.COMPLETED) && chosen.isEmpty()) {
            throw new StudyException.NoSafeSuggestion("safe mode: no declared known-safe setting has a result yet and none is "
                    + "within one step of the current settings; report the pending known-safe run first");
        }
        return null;
    }

    /**
     * The next point of the declared initial design not yet tried, approached as far as one step allows (so a warm
     * start never breaks the step limit); null when the design is exhausted. A failed run uses up its point.
     */
    private Choice designChoice(List<Trial> trials, List<Choice> chosen, double[] ref) {
        List<Map<String, Double>> design = spec.initialDesign();
        int next = trials.size() + chosen.size();
        if (next >= design.size()) return null;
        double[] target = spec.space().values(design.get(next), "initial design");
        double[] v = Envelope.towards(spec.space(), ref, target);
        boolean reached = Arrays.equals(v, target);
        return new Choice(v, Map.of(), Double.NaN, "initial design point " + (next + 1) + " of " + design.size()
                + (reached ? "" : ", approached within the step limits"));
    }

    // ---------------------------------------------------------------- model-based choice

    /** One fitted model per outcome (objective first, then each constrained outcome). */
    private record Models(List<String> outcomes, List<Surrogate.Model> models) {
        Models condition(double[] x, Map<String, Suggestion.Prediction> at) {
            List<Surrogate.Model> m = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                Suggestion.Prediction p = at.get(outcomes.get(i));
                m.add(p == null ? models.get(i) : models.get(i).condition(x, p.mean()));
            }
            return new Models(outcomes, m);
        }
    }

    /** The completed trials as the surrogate sees them: encoded inputs, drift weights, each outcome's values. */
    private record Data(double[][] x, double[] weights, List<double[]> y) {}

    private Data data(List<Trial> completed) {
        int n = completed.size();
        List<double[]> xs = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double w = spec.drift().weight(n - 1 - i);
            if (w <= 0) continue;
            xs.add(encoded(completed.get(i)));
            rows.add(i);
            weights.add(w);
        }
        double[][] x = xs.toArray(new double[0][]);
        double[] w = weights.stream().mapToDouble(Double::doubleValue).toArray();
        List<double[]> ys = new ArrayList<>();
        for (String outcome : spec.outcomes()) {
            double[] y = new double[rows.size()];
            for (int i = 0; i < y.length; i++) y[i] = completed.get(rows.get(i)).outcomes().get(outcome);
            ys.add(y);
        }
        return new Data(x, w, ys);
    }

    /** A trial's settings and context as the surrogate sees them. */
    private double[] encoded(Trial t) {
        SearchSpace space = spec.space();
        return space.encode(space.values(t.settings(), "trial " + t.id()), space.contextValues(t.context(), "trial " + t.id()));
    }

    /**
     * One model per outcome; in a study with constrained outcomes the objective's is fitted over the settings and the
     * constrained outcomes' models from {@link OutcomeAwareObjective#fromRuns} runs on, and before that by the
     * surrogate's learnt {@link Surrogate.ObjectiveOverOutcomes} where it has one.
     */
    private Models fit(Data d, List<double[]> imaginedPending) {
        List<Surrogate.Model> models = new ArrayList<>();
        models.add(null);
        models.addAll(outcomeModels(d, imaginedPending));
        models.set(0, imagine(objectiveFit(d, models.subList(1, models.size())), imaginedPending));
        return new Models(spec.outcomes(), models);
    }

    /** The models of the outcomes after the objective, in the study's order. */
    private List<Surrogate.Model> outcomeModels(Data d, List<double[]> imaginedPending) {
        List<String> outcomes = spec.outcomes();
        List<Surrogate.Model> models = new ArrayList<>();
        for (int k = 1; k < outcomes.size(); k++) {
            String outcome = outcomes.get(k);
            double[] y = d.y().get(k);
            models.add(imagine(surrogate.fit(outcome, k, d.x(), y, d.weights(), safetyScale(outcome, y)), imaginedPending));
        }
        return models;
    }

    /**
     * The objective's model: over the settings and the other outcomes' models ({@code others}, in the study's order)
     * when {@link #overOutcomes} says so, else the surrogate's over the settings alone.
     */
    private Surrogate.Model objectiveFit(Data d, List<Surrogate.Model> others) {
        List<String> outcomes = spec.outcomes();
        String objective = outcomes.get(0);
        double[] y = d.y().get(0);
        if (outcomeAware(d.x().length)) {
            Surrogate.Model m = OutcomeAwareObjective.fit(objectiveGp, objective, d.x(), y, d.weights(),
                    outcomes.subList(1, outcomes.size()), others);
            if (m != null) return m;
        } else if (learnt != null) {
            List<Surrogate.Model> featured = learnt.features().outcomes().stream().map(o -> others.get(outcomes.indexOf(o) - 1)).toList();
            return OutcomeAwareObjective.learnt(learnt, d.x(), y, d.weights(), featured);
        }
        return surrogate.fit(objective, 0, d.x(), y, d.weights(), safetyScale(objective, y));
    }

    /** Whether, with this many runs, the objective is modelled by a GP over the settings and the constrained outcomes. */
    private boolean outcomeAware(int runs) {
        return !spec.constraints().isEmpty() && runs >= OutcomeAwareObjective.fromRuns(spec.space());
    }

    /** Whether, with this many runs, the objective's model takes the other outcomes' models as inputs. */
    private boolean overOutcomes(int runs) {
        return outcomeAware(runs) || learnt != null;
    }

    /**
     * {@code learnt} when it is the study's objective and the study models every featured outcome; else null.
     */
    private static Surrogate.ObjectiveOverOutcomes usable(StudySpec spec, Surrogate.ObjectiveOverOutcomes learnt) {
        if (learnt == null || !learnt.objective().equals(spec.objective().outcome())) return null;
        List<String> modelled = spec.outcomes().subList(1, spec.outcomes().size());
        return modelled.containsAll(learnt.features().outcomes()) ? learnt : null;
    }

    /** The model conditioned on each pending trial at its own prediction there. */
    private static Surrogate.Model imagine(Surrogate.Model m, List<double[]> pending) {
        for (double[] p : pending) m = m.condition(p, m.predict(new double[][] {p})[0][0]);
        return m;
    }

    /**
     * Among the {@value #RECOMMEND_AMONG} best measured completed runs meeting every limit, the one whose objective the
     * model, fitted to all completed runs, predicts best at its settings and context (the model suggestions are chosen
     * by, {@link OutcomeAwareObjective} included); empty if no run meets every limit. With noisy measurements the best
     * measured run is often merely the luckiest one, and the model's mean there averages its neighbours' measurements
     * too; but a model fitted to few runs can be far off, so it only arbitrates among runs that also measured well (an
     * offline replica of the demo's moulding line, product 2026: at run 20 the model's favourite among all runs was 27%
     * off the optimum, the best measured one 14%).
     */
    java.util.Optional<Trial> recommend(List<Trial> trials) {
        List<Trial> completed = trials.stream().filter(t -> t.status() == Trial.Status.COMPLETED).toList();
        String objective = spec.objective().outcome();
        var direction = spec.objective().direction();
        double sign = direction == io.metaline.optimize.acquisition.Direction.MAXIMISE ? -1 : 1;
        List<Trial> eligible = completed.stream().filter(t -> spec.meetsLimits(t.outcomes()))
                .sorted(java.util.Comparator.comparingDouble(t -> sign * t.outcomes().get(objective)))
                .limit(RECOMMEND_AMONG).toList();
        if (eligible.size() < 2) return eligible.stream().findFirst();
        Surrogate.Model model = objectiveModel(completed);
        double[][] x = eligible.stream().map(this::encoded).toArray(double[][]::new);
        double[] mean = model.predict(x)[0];
        int best = 0;
        for (int i = 1; i < mean.length; i++) if (direction.better(mean[i], mean[best])) best = i;
        return java.util.Optional.of(eligible.get(best));
    }

    /** The objective's model as {@link #fit} makes it, fitting the other outcomes only when it needs them. */
    Surrogate.Model objectiveModel(List<Trial> completed) {
        Data d = data(completed);
        return objectiveFit(d, overOutcomes(d.x().length) ? outcomeModels(d, List.of()) : List.of());
    }

    /**
     * The surrogate's {@link Surrogate#prefetch} for every outcome, on a snapshot of the trials completed so far; not
     * for the objective when the next fit models it over the other outcomes (the surrogate's own model of it would go
     * unused).
     */
    Runnable prefetch(List<Trial> trials) {
        Data d = data(trials.stream().filter(t -> t.status() == Trial.Status.COMPLETED).toList());
        List<String> outcomes = spec.outcomes();
        int first = overOutcomes(d.x().length + 1) ? 1 : 0;
        return () -> {
            for (int k = first; k < outcomes.size(); k++) surrogate.prefetch(outcomes.get(k), k, d.x(), d.y().get(k), d.weights());
        };
    }

    /**
     * For a HARD limit in safe mode, the prior spread of the constrained outcome is at least the distance from its
     * observed mean to the limit: a few observations far inside the limit must not make the model confident far away.
     */
    private double safetyScale(String outcome, double[] y) {
        if (!spec.safety().enabled()) return 0;
        double mean = 0;
        for (double v : y) mean += v / y.length;
        double scale = 0;
        for (OutcomeConstraint c : spec.constraints()) {
            if (c.outcome().equals(outcome) && c.severity() == OutcomeConstraint.Severity.HARD) {
                scale = Math.max(scale, Math.abs(c.limit() - mean));
            }
        }
        return scale;
    }

    private Choice modelChoice(Models models, List<Trial> completed, double[] ref, double[] context, Rng rng) {
        SearchSpace space = spec.space();
        Trial bestTrial = bestTrial(completed);
        double incumbent = bestTrial == null ? Double.NaN : bestTrial.outcomes().get(spec.objective().outcome());
        List<double[]> candidates = new ArrayList<>();
        if (ref != null) candidates.add(ref.clone());
        // Thompson sampling draws one joint sample over all candidates (cubic in their number): fewer random ones.
        boolean thompson = spec.acquisition() == StudySpec.Acquisition.THOMPSON_SAMPLING && !Double.isNaN(incumbent);
        TrustRegion region = bestTrial == null ? null
                : TrustRegion.replay(spec, completed, space.values(bestTrial.settings(), "trial"));
        for (int i = 0, r = thompson ? THOMPSON_RANDOM_CANDIDATES : RANDOM_CANDIDATES; i < r; i++) {
            candidates.add(region == null ? sampleEnvelope(ref, rng) : region.sample(space, ref, rng));
        }
        List<double[]> targets = new ArrayList<>();
        for (Trial t : completed) {
            double[] v = space.values(t.settings(), "trial");
            if (Envelope.within(space, ref, v)) targets.add(v);
        }
        for (Map<String, Double> target : spec.initialDesign()) {
            targets.add(Envelope.towards(space, ref, space.values(target, "initial design")));
        }
        for (Map<String, Double> target : surrogate.proposals()) {
            targets.add(Envelope.towards(space, ref, space.values(target, "surrogate proposal")));
        }
        for (double[] v : targets) candidates.add(inRegion(region, ref, v));
        if (thompson) {
            return thompsonChoice(models, candidates, region, bestTrial, completed, ref, context, rng);
        }
        Scored best = bestOf(models, candidates, context, incumbent);
        for (int round = 0; round < REFINE_ROUNDS && best != null; round++) {
            double radius = 0.25 / (1 << round);
            List<double[]> local = new ArrayList<>();
            local.add(best.values);
            for (int i = 0; i < REFINE_CANDIDATES; i++) local.add(inRegion(region, ref, Envelope.perturb(space, ref, best.values, radius, rng)));
            best = bestOf(models, local, context, incumbent);
        }
        if (best == null) return retreat(models, completed, ref, context);
        String reason = Double.isNaN(incumbent)
                ? String.format(Locale.ROOT, "no runs yet: best objective the prior predicts (%.4g)", best.acquisition)
                : spec.acquisition() == StudySpec.Acquisition.EXPECTED_IMPROVEMENT
                ? String.format(Locale.ROOT, "highest expected improvement on the best so far (%.4g): log EI %.3g%s",
                        incumbent, best.acquisition, spec.constraints().isEmpty() ? "" : String.format(Locale.ROOT,
                                ", probability all limits hold %.2f", Math.exp(best.logFeasible)))
                : String.format(Locale.ROOT, "highest upper confidence bound: %.4g", best.acquisition);
        if (spec.safety().enabled()) reason += "; every hard limit holds at " + spec.safety().beta() + " standard deviations";
        return new Choice(best.values, best.predictions, best.acquisition, reason + regionReason(region));
    }

    /** {@code v} moved into the trust region as far as the step envelope allows; itself when there is none yet. */
    private double[] inRegion(TrustRegion region, double[] ref, double[] v) {
        return region == null ? v : region.clip(spec.space(), ref, v);
    }

    private static String regionReason(TrustRegion region) {
        return region == null ? "" : String.format(Locale.ROOT,
                "; searched within %.3g of each range around the best run", region.length());
    }

    /**
     * Safe mode when no new setting within reach is confidently safe: the completed run within one step with the
     * best objective among those whose measured hard-limit outcomes, and the model's means there, lie inside every
     * hard limit, run again. A line that safe mode cannot move keeps running where it has run safely, as it would if
     * the study stopped; and each repeat is a measurement where the model was unsure, which can let it trust new
     * settings again. Without such a run the study says that it has no safe suggestion.
     */
    private Choice retreat(Models models, List<Trial> completed, double[] ref, double[] context) {
        SearchSpace space = spec.space();
        List<Trial> measuredSafe = new ArrayList<>();
        for (Trial t : completed) {
            if (insideHardLimits(t.outcomes()) && (ref == null || Envelope.within(space, ref, space.values(t.settings(), "trial")))) {
                measuredSafe.add(t);
            }
        }
        if (measuredSafe.isEmpty()) throw noSafeSetting();
        double[][] x = new double[measuredSafe.size()][];
        for (int i = 0; i < x.length; i++) x[i] = space.encode(space.values(measuredSafe.get(i).settings(), "trial"), context);
        List<double[][]> preds = new ArrayList<>();
        for (Surrogate.Model model : models.models()) preds.add(model.predict(x));
        var direction = spec.objective().direction();
        String objective = spec.objective().outcome();
        int pick = -1;
        for (int i = 0; i < x.length; i++) {
            Map<String, Double> predicted = new LinkedHashMap<>();
            for (int k = 0; k < models.outcomes().size(); k++) predicted.put(models.outcomes().get(k), preds.get(k)[0][i]);
            if (!insideHardLimits(predicted)) continue;
            if (pick < 0 || direction.better(measuredSafe.get(i).outcomes().get(objective), measuredSafe.get(pick).outcomes().get(objective))) pick = i;
        }
        if (pick < 0) throw noSafeSetting();
        Trial again = measuredSafe.get(pick);
        return new Choice(space.values(again.settings(), "trial"), predictionsAt(models, preds, pick), Double.NaN, String.format(Locale.ROOT,
                "safe mode: no new setting within one step is confidently (%.1f standard deviations) inside every hard limit; "
                        + "running again the best nearby run measured inside them (trial %s, %s %.4g)",
                spec.safety().beta(), again.id(), objective, again.outcomes().get(objective)));
    }

    /** Whether every HARD limit whose outcome is given holds for these outcome values. */
    private boolean insideHardLimits(Map<String, Double> outcomes) {
        for (OutcomeConstraint c : spec.constraints()) {
            if (c.severity() != OutcomeConstraint.Severity.HARD) continue;
            Double v = outcomes.get(c.outcome());
            if (v == null || !c.satisfiedBy(v)) return false;
        }
        return true;
    }

    private StudyException.NoSafeSuggestion noSafeSetting() {
        return new StudyException.NoSafeSuggestion(String.format(Locale.ROOT,
                "safe mode: no setting within one step of the current settings is confidently (%.1f standard "
                        + "deviations) inside every hard limit; run a known-safe setting, widen the step, or review the limits",
                spec.safety().beta()));
    }

    /**
     * Thompson sampling: one joint posterior sample of the objective over the candidates that are safe (in safe
     * mode) and likely (probability at least one half) to meet every limit, or, if none is, over the safe ones most
     * likely to; the best sampled candidate wins. The candidates are the model-free ones plus points near the best
     * trials so far, not refined against the sample.
     */
    private Choice thompsonChoice(Models models, List<double[]> base, TrustRegion region, Trial bestTrial,
                                  List<Trial> completed, double[] ref, double[] context, Rng rng) {
        SearchSpace space = spec.space();
        List<double[]> candidates = new ArrayList<>(base);
        List<double[]> centres = new ArrayList<>();
        if (ref != null) centres.add(ref);
        if (bestTrial != null) centres.add(Envelope.towards(space, ref, space.values(bestTrial.settings(), "trial")));
        for (double[] centre : centres) {
            for (int i = 0; i < REFINE_CANDIDATES; i++) candidates.add(inRegion(region, ref, Envelope.perturb(space, ref, centre, 0.1, rng)));
        }
        int m = candidates.size();
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) x[i] = space.encode(candidates.get(i), context);
        List<double[][]> preds = new ArrayList<>();
        for (Surrogate.Model model : models.models()) preds.add(model.predict(x));
        boolean[] safe = new boolean[m];
        double[] logFeasible = new double[m];
        double bestLogFeasible = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            safe[i] = true;
            for (OutcomeConstraint c : spec.constraints()) {
                double[][] p = preds.get(models.outcomes().indexOf(c.outcome()));
                double mean = c.asUpper(p[0][i]), sd = p[1][i], limit = c.limitAsUpper();
                if (c.severity() == OutcomeConstraint.Severity.HARD && spec.safety().enabled()
                        && mean + spec.safety().beta() * sd > limit) safe[i] = false;
                logFeasible[i] += ProbabilityOfFeasibility.logProbability(mean, sd, limit);
            }
            if (safe[i]) bestLogFeasible = Math.max(bestLogFeasible, logFeasible[i]);
        }
        if (bestLogFeasible == Double.NEGATIVE_INFINITY) throw noSafeSetting();
        double threshold = Math.min(Math.log(0.5), bestLogFeasible);
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < m; i++) if (safe[i] && logFeasible[i] >= threshold) eligible.add(i);
        double[][] points = new double[eligible.size()][];
        for (int i = 0; i < points.length; i++) points[i] = x[eligible.get(i)];
        double[] sample = models.models().get(0).sample(points, 1, rng)[0];
        int pick = new ThompsonSampling(spec.objective().direction()).best(sample, null);
        int at = eligible.get(pick);
        String reason = String.format(Locale.ROOT, "Thompson sampling: best of one posterior sample (%.4g) over %d candidates%s",
                sample[pick], points.length, spec.constraints().isEmpty() ? "" : String.format(Locale.ROOT,
                        ", probability all limits hold %.2f", Math.exp(logFeasible[at])));
        if (spec.safety().enabled()) reason += "; every hard limit holds at " + spec.safety().beta() + " standard deviations";
        return new Choice(candidates.get(at), predictionsAt(models, preds, at), sample[pick], reason + regionReason(region));
    }

    private record Scored(double[] values, double acquisition, double logFeasible, Map<String, Suggestion.Prediction> predictions) {}

    /**
     * The best candidate: the highest score (ties to the earliest), among the safe ones in safe mode. A score is the
     * objective's part ({@link #objectiveScore}) plus, for expected improvement, the log probability that every limit
     * holds, which is never positive; the limits can thus only lower a candidate's score or, in safe mode, exclude
     * it. So the objective is predicted at every candidate, and the constrained outcomes only at the candidates that
     * can still win: in order of the objective's part, a chunk at a time, until it falls below the best score found.
     * The result is exactly that of scoring every candidate, at a fraction of the predictions.
     */
    private Scored bestOf(Models models, List<double[]> candidates, double[] context, double incumbent) {
        SearchSpace space = spec.space();
        int m = candidates.size();
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) x[i] = space.encode(candidates.get(i), context);
        // preds.get(k)[0][i] and [1][i]: mean and sd of outcome k at candidate i (constrained ones where predicted)
        List<double[][]> preds = new ArrayList<>();
        preds.add(models.models().get(0).predict(x));
        for (int k = 1; k < models.models().size(); k++) preds.add(new double[2][m]);
        double[][] obj = preds.get(0);
        double[] bound = new double[m];
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            bound[i] = objectiveScore(obj[0][i], obj[1][i], incumbent);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(bound[b], bound[a])); // stable: ties in index order
        Scored best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestIndex = -1;
        for (int from = 0; from < m && (best == null || !(bound[order[from]] < bestScore)); from += LAZY_CHUNK) {
            int to = Math.min(m, from + LAZY_CHUNK);
            double[][] chunk = new double[to - from][];
            for (int c = from; c < to; c++) chunk[c - from] = x[order[c]];
            for (int k = 1; k < preds.size(); k++) {
                double[][] p = models.models().get(k).predict(chunk);
                for (int c = from; c < to; c++) {
                    preds.get(k)[0][order[c]] = p[0][c - from];
                    preds.get(k)[1][order[c]] = p[1][c - from];
                }
            }
            for (int c = from; c < to; c++) {
                int i = order[c];
                if (best != null && bound[i] < bestScore) break; // so are all later ones
                double logFeasible = 0;
                boolean safe = true;
                for (OutcomeConstraint con : spec.constraints()) {
                    double[][] p = preds.get(models.outcomes().indexOf(con.outcome()));
                    double mean = con.asUpper(p[0][i]), sd = p[1][i], limit = con.limitAsUpper();
                    if (con.severity() == OutcomeConstraint.Severity.HARD && spec.safety().enabled()) {
                        if (mean + spec.safety().beta() * sd > limit) safe = false;
                    }
                    logFeasible += ProbabilityOfFeasibility.logProbability(mean, sd, limit);
                }
                if (!safe) continue;
                double score;
                if (Double.isNaN(incumbent)) {
                    // No run yet (a prior-only model): exploit the predicted objective among candidates likely feasible.
                    score = (logFeasible < Math.log(0.5) ? -1e300 : 0) + bound[i];
                } else {
                    score = spec.acquisition() == StudySpec.Acquisition.EXPECTED_IMPROVEMENT ? bound[i] + logFeasible : bound[i];
                }
                if (best == null || score > bestScore || (score == bestScore && i < bestIndex)) {
                    bestScore = score;
                    bestIndex = i;
                    best = new Scored(candidates.get(i), bound[i], logFeasible, predictionsAt(models, preds, i));
                }
            }
        }
        return best;
    }

    /**
     * The objective's part of a candidate's score: log expected improvement, or the upper confidence bound, or (no
     * run yet, so no incumbent) the predicted objective itself, signed so that higher is better.
     */
    private double objectiveScore(double mean, double sd, double incumbent) {
        if (Double.isNaN(incumbent)) {
            return (spec.objective().direction() == io.metaline.optimize.acquisition.Direction.MAXIMISE ? 1 : -1) * mean;
        }
        return spec.acquisition() == StudySpec.Acquisition.EXPECTED_IMPROVEMENT
                ? ExpectedImprovement.logExpectedImprovement(mean, sd, incumbent, spec.objective().direction())
                : ucb(mean, sd);
    }

    private static Map<String, Suggestion.Prediction> predictionsAt(Models models, List<double[][]> preds, int i) {
        Map<String, Suggestion.Prediction> at = new LinkedHashMap<>();
        for (int k = 0; k < models.outcomes().size(); k++) {
            at.put(models.outcomes().get(k), new Suggestion.Prediction(preds.get(k)[0][i], preds.get(k)[1][i]));
        }
        return at;
    }

    private double ucb(double mean, double sd) {
        double sign = spec.objective().direction() == io.metaline.optimize.acquisition.Direction.MAXIMISE ? 1 : -1;
        return sign * mean + 2.0 * sd;
    }

    /** The completed trial with the best objective among those that meet every limit (or among all), or null. */
    private Trial bestTrial(List<Trial> completed) {
        var dir = spec.objective().direction();
        Trial best = null, bestAny = null;
        for (Trial t : completed) {
            double v = t.outcomes().get(spec.objective().outcome());
            if (bestAny == null || dir.better(v, bestAny.outcomes().get(spec.objective().outcome()))) bestAny = t;
            if (spec.meetsLimits(t.outcomes()) && (best == null || dir.better(v, best.outcomes().get(spec.objective().outcome())))) best = t;
        }
        return best != null ? best : bestAny;
    }

    private double[] sampleEnvelope(double[] ref, Rng rng) {
        return Envelope.sample(spec.space(), ref, rng);
    }
}
