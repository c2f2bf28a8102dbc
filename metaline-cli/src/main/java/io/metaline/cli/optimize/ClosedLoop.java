package io.metaline.cli.optimize;

import io.metaline.engine.Rng;
import io.metaline.optimize.Study;
import io.metaline.optimize.StudyException;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import io.metaline.sim.Outcome;
import io.metaline.sim.Parameter;
import io.metaline.sim.ProcessFamily;
import io.metaline.sim.ProcessTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A study run in closed loop against a simulated task: ask, run the settings on the task (with measurement noise),
 * tell the measured outcomes, repeat. The task does not drift during a run. The ground truth is kept for scoring:
 * the noise-free objective, feasibility and hard-limit violations of every suggested setting, and the largest move
 * relative to the family's max step.
 */
public final class ClosedLoop {
    private ClosedLoop() {}

    /** One completed trial with its ground truth. */
    public record Step(Suggestion suggestion, Map<String, Double> measured, double trueObjective, boolean feasible,
                       boolean violatesHardLimit, double stepRatio) {}

    /** Hears each trial as it completes. */
    public interface Listener {
        void onTrial(int index, int budget, Step step);
    }

    /**
     * The run's trials, and {@code stopped} when safe mode found no confidently safe setting (the study refused
     * to guess) before the budget was spent.
     */
    public record Result(List<Step> steps, String stopped) {}

    /** The noise generator of trial {@code id} of a task: trial by trial, independent of batching and of reloading. */
    public static Rng noise(long taskNoiseSeed, int trialId) {
        return new Rng(taskNoiseSeed).split(trialId);
    }

    /**
     * Runs {@code study} on {@code task} until it has {@code budget} trials (counting those it already has),
     * asking {@code batch} suggestions at a time. {@code previous} is the last setting run before (for the step
     * ratio), or null.
     */
    public static Result run(Study study, ProcessTask task, long noiseSeed, int budget, int batch,
                             Map<String, Double> previous, Listener listener) {
        List<Step> steps = new ArrayList<>();
        Map<String, Double> prev = previous;
        int done = study.trials().size();
        String stopped = null;
        while (done < budget) {
            List<Suggestion> suggestions;
            try {
                suggestions = study.ask(task.context(), Math.min(batch, budget - done));
            } catch (StudyException.NoSafeSuggestion e) {
                stopped = e.getMessage();
                break;
            }
            for (Suggestion s : suggestions) {
                Map<String, Double> measured = task.run(s.settings(), noise(noiseSeed, s.trialId()));
                Trial t = study.tell(s.trialId(), SimStudies.declared(study.spec(), measured));
                Step step = score(task, s, t.outcomes(), prev);
                steps.add(step);
                prev = s.settings();
                done++;
                if (listener != null) listener.onTrial(done, budget, step);
            }
        }
        return new Result(steps, stopped);
    }

    /** The ground truth of one suggestion. */
    public static Step score(ProcessTask task, Suggestion s, Map<String, Double> measured, Map<String, Double> previous) {
        ProcessFamily family = task.family();
        double truth = task.expected(s.settings()).get(family.objective());
        return new Step(s, measured, truth, task.isFeasible(s.settings()), task.violatesHardLimit(s.settings()),
                stepRatio(family, previous, s.settings()));
    }

    /** The largest |move| / max step over the family's parameters that have one (0 for MetaBO families). */
    public static double stepRatio(ProcessFamily family, Map<String, Double> from, Map<String, Double> to) {
        if (from == null) return 0;
        double worst = 0;
        for (Parameter p : family.parameters()) {
            double step = SimStudies.maxStep(family, p);
            if (!Double.isFinite(step)) continue;
            worst = Math.max(worst, Math.abs(to.get(p.name()) - from.get(p.name())) / step);
        }
        return worst;
    }

    /**
     * Simple regret after each trial: the gap between the task's optimum and the best noise-free objective among the
     * trials so far whose settings are truly feasible (every hard and soft limit); +infinity before the first one.
     * In the objective's unit (normalised units for MetaBO families), never negative.
     */
    public static double[] regret(ProcessTask task, List<Step> steps, int budget) {
        Outcome objective = task.family().objectiveOutcome();
        double optimum = task.optimum().value(), best = Double.NaN;
        double[] out = new double[budget];
        for (int i = 0; i < budget; i++) {
            if (i < steps.size()) {
                Step s = steps.get(i);
                if (s.feasible() && (Double.isNaN(best) || objective.sign() * (s.trueObjective() - best) > 0)) best = s.trueObjective();
            }
            out[i] = Double.isNaN(best) ? Double.POSITIVE_INFINITY : Math.max(0, objective.sign() * (optimum - best));
        }
        return out;
    }
}
